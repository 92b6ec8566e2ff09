import { describe, expect, it } from 'vitest';
import { forgetPerDiagnosisMemos, PerDiagnosisMemo } from './per-diagnosis-memo.ts';

describe('PerDiagnosisMemo', () => {
  it('computes once for the same pair of objects and again for another pair', () => {
    const memo = new PerDiagnosisMemo<object, object, number>();
    const flow = {};
    const context = {};
    let computed = 0;
    const compute = () => ++computed;
    expect(memo.get(flow, context, compute)).toBe(1);
    expect(memo.get(flow, context, compute)).toBe(1);
    expect(memo.get(flow, {}, compute)).toBe(2);
    expect(memo.get({}, context, compute)).toBe(3);
  });

  it('computes again after the diagnosis is over and its slots were emptied', () => {
    const memo = new PerDiagnosisMemo<object, object, string>();
    const flow = {};
    const context = {};
    expect(memo.get(flow, context, () => 'first')).toBe('first');
    forgetPerDiagnosisMemos();
    expect(memo.get(flow, context, () => 'second')).toBe('second');
  });
});
