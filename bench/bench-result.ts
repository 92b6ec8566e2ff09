/**
 * What every benchmark section hands back to `run.ts`: rows for the table and the report, plus
 * the method in a sentence. Sections never throw for a missing dependency: they return
 * `skipped` with the reason, so the suite runs while the product is still being built.
 */
export interface BenchRow {
  readonly label: string;
  /** The figure as printed, e.g. `1.84×` or `41.2 KB`. */
  readonly value: string;
  /** The number compared with the target (a ratio or a size), when there is one. */
  readonly measured?: number;
  /** Upper bound the measured number must stay under (`≤` unless `strict`). */
  readonly target?: BenchTarget;
  /** Spread of the per-run figures, e.g. `1.71–2.02× (IQR 1.80–1.88)`. */
  readonly spread?: string;
  /** Extra detail: absolute times, sizes. */
  readonly detail?: string;
}

export interface BenchTarget {
  readonly max: number;
  /** `<` instead of `≤`. */
  readonly strict?: boolean;
  /** How the target reads in the table, e.g. `≤ 2.0×`. */
  readonly text: string;
}

export type RowVerdict = 'met' | 'missed' | 'info';

export interface SectionResult {
  readonly id: SectionId;
  readonly title: string;
  readonly status: 'done' | 'skipped';
  /** Why the section could not run (status `skipped`). */
  readonly reason?: string;
  readonly rows: readonly BenchRow[];
  /** How it was measured, in a sentence or two. */
  readonly method: string;
  /** Findings: where the time goes, why a target is missed. */
  readonly notes: readonly string[];
}

export type SectionId = 'diagnosis' | 'signature' | 'scaling' | 'har' | 'budgets' | 'browser';

export function rowVerdict(row: BenchRow): RowVerdict {
  if (row.target === undefined || row.measured === undefined) return 'info';
  const within = row.target.strict === true ? row.measured < row.target.max : row.measured <= row.target.max;
  return within ? 'met' : 'missed';
}

export function skippedSection(id: SectionId, title: string, method: string, reason: string): SectionResult {
  return { id, title, status: 'skipped', reason, rows: [], method, notes: [] };
}

/** `1.84×` */
export function formatRatio(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** `0.412 ms`, `12.3 ms`, `1.24 s` */
export function formatMs(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(3)} ms`;
}

/** `41.2 KB` (1 KB = 1024 bytes), `3.81 MB` */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}
