/** How hard to measure: `--quick` trades precision for a run of a few seconds per section. */
export interface BenchSettings {
  readonly runs: number;
  readonly warmupRuns: number;
  readonly minBatchMs: number;
  readonly quick: boolean;
}

export const FULL_SETTINGS: BenchSettings = { runs: 31, warmupRuns: 3, minBatchMs: 25, quick: false };
export const QUICK_SETTINGS: BenchSettings = { runs: 5, warmupRuns: 1, minBatchMs: 20, quick: true };
