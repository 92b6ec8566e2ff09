import { describe, expect, it } from 'vitest';
import type { SectionResult } from './bench-result.ts';
import { renderRatioChart } from './render-ratio-chart.ts';

function section(measured: number, max: number): SectionResult {
  return { id: 'diagnosis', title: 't', status: 'done', method: 'm', notes: [], rows: [{ label: 'ratio', value: `${String(measured)}×`, measured, target: { max, text: `≤ ${String(max)}×` } }] };
}

describe('renderRatioChart', () => {
  it('draws a met target as a bar that stops before the target mark', () => {
    const line = renderRatioChart([section(1, 2)]).split('\n')[1]!;
    expect(line).toContain('|');
    expect(line).not.toContain('╫');
    expect(line).toMatch(/ok$/);
  });

  it('draws a missed target as a bar through the target mark', () => {
    const line = renderRatioChart([section(3, 2)]).split('\n')[1]!;
    expect(line).toContain('╫');
    expect(line).toMatch(/MISSED$/);
  });

  it('clips a bar far beyond its target and marks the overflow', () => {
    expect(renderRatioChart([section(20, 2)]).split('\n')[1]).toContain('»');
  });

  it('says so when nothing with a target was measured', () => {
    expect(renderRatioChart([{ id: 'browser', title: 't', status: 'skipped', reason: 'r', method: 'm', notes: [], rows: [] }])).toMatch(/no figure/);
  });
});
