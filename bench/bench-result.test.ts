import { describe, expect, it } from 'vitest';
import { rowVerdict } from './bench-result.ts';

describe('rowVerdict', () => {
  it('meets an inclusive target exactly at the bound', () => {
    expect(rowVerdict({ label: 'x', value: '2.00×', measured: 2, target: { max: 2, text: '≤ 2.0×' } })).toBe('met');
  });

  it('misses a strict target exactly at the bound', () => {
    expect(rowVerdict({ label: 'x', value: '1.00×', measured: 1, target: { max: 1, strict: true, text: '< 1.0×' } })).toBe('missed');
  });

  it('misses a target that is exceeded', () => {
    expect(rowVerdict({ label: 'x', value: '2.40×', measured: 2.4, target: { max: 2, text: '≤ 2.0×' } })).toBe('missed');
  });

  it('treats a row without target or without a number as information', () => {
    expect(rowVerdict({ label: 'x', value: '12 ms', measured: 12 })).toBe('info');
    expect(rowVerdict({ label: 'x', value: '—', target: { max: 2, text: '≤ 2.0×' } })).toBe('info');
  });
});
