import { describe, expect, it } from 'vitest';
import { BoundedMemo } from './bounded-memo.ts';

describe('BoundedMemo', () => {
  it('computes a key once and returns the kept value afterwards', () => {
    const memo = new BoundedMemo<number>(4);
    let calls = 0;
    const compute = () => ++calls;
    expect(memo.get('a', compute)).toBe(1);
    expect(memo.get('a', compute)).toBe(1);
    expect(calls).toBe(1);
  });

  it('never keeps more entries than its capacity', () => {
    const memo = new BoundedMemo<string>(3);
    for (let n = 0; n < 10; n++) memo.get(`k${String(n)}`, () => `v${String(n)}`);
    expect(memo.size).toBe(3);
  });

  it('evicts the least recently used entry first', () => {
    const memo = new BoundedMemo<string>(2);
    memo.get('a', () => 'A');
    memo.get('b', () => 'B');
    memo.get('a', () => 'unused');
    memo.get('c', () => 'C');
    let recomputed = '';
    memo.get('b', () => (recomputed = 'B2'));
    expect(recomputed).toBe('B2');
    expect(memo.get('a', () => 'A2')).toBe('A2');
  });

  it('keeps an undefined result instead of recomputing it', () => {
    const memo = new BoundedMemo<undefined>(2);
    let calls = 0;
    memo.get('x', () => {
      calls++;
      return undefined;
    });
    memo.get('x', () => {
      calls++;
      return undefined;
    });
    expect(calls).toBe(1);
  });
});
