import { describe, expect, it } from 'vitest';
import { describeSpread, summarizeSamples } from './summarize-samples.ts';

describe('summarizeSamples', () => {
  it('gives the middle value of an odd count as the median and interpolated quartiles', () => {
    const stats = summarizeSamples([5, 1, 4, 2, 3]);
    expect(stats).toEqual({ median: 3, min: 1, max: 5, p25: 2, p75: 4, count: 5 });
  });

  it('averages the two middle values of an even count', () => {
    expect(summarizeSamples([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('ignores NaN runs (a round whose baseline was missing)', () => {
    expect(summarizeSamples([Number.NaN, 2, 4]).median).toBe(3);
    expect(summarizeSamples([Number.NaN, 2, 4]).count).toBe(2);
  });

  it('reports an empty set as NaN with count 0 rather than throwing', () => {
    const stats = summarizeSamples([]);
    expect(stats.count).toBe(0);
    expect(Number.isNaN(stats.median)).toBe(true);
  });

  it('describes the spread as range, interquartile range and count', () => {
    expect(describeSpread(summarizeSamples([1, 2, 3, 4, 5]), (value) => value.toFixed(1))).toBe('1.0–5.0 (IQR 2.0–4.0), n=5');
  });
});
