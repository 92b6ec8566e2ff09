export interface SampleStats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** First and third quartile: the middle half of the runs. */
  readonly p25: number;
  readonly p75: number;
  readonly count: number;
}

/** Median, quartiles and range of a set of per-run figures (NaN entries are ignored). */
export function summarizeSamples(values: readonly number[]): SampleStats {
  const sorted = values.filter((value) => !Number.isNaN(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, p25: Number.NaN, p75: Number.NaN, count: 0 };
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0]!,
    max: sorted.at(-1)!,
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
    count: sorted.length,
  };
}

/** Linear interpolation between closest ranks (the common "type 7" definition). */
function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lower = sorted[low]!;
  const upper = sorted[high]!;
  return lower + (upper - lower) * (position - low);
}

/** `1.71–2.02 (IQR 1.80–1.88), n=9` with a formatter for the numbers. */
export function describeSpread(stats: SampleStats, format: (value: number) => string): string {
  return `${format(stats.min)}–${format(stats.max)} (IQR ${format(stats.p25)}–${format(stats.p75)}), n=${String(stats.count)}`;
}
