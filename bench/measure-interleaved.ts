import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { summarizeSamples, type SampleStats } from './summarize-samples.ts';

/** One thing to time. May return a promise; it is awaited. */
export interface NamedOperation {
  readonly name: string;
  readonly run: () => unknown;
}

export interface MeasureOptions {
  /** Recorded rounds; the median of their per-operation times is the figure. */
  readonly runs: number;
  /** Rounds run first and thrown away (JIT, caches, lazy module init). */
  readonly warmupRuns: number;
  /** Each operation repeats until one batch takes at least this long (timer resolution, noise). */
  readonly minBatchMs: number;
  /** Operations in flight at once (async work such as WebCrypto); 1 = one after the other. */
  readonly concurrency?: number;
  /** Upper bound on repetitions per batch. */
  readonly maxIterations?: number;
}

export type Clock = 'cpu' | 'wall';

export interface InterleavedMeasurement {
  /** Wall-clock milliseconds per operation, one entry per recorded round, by operation name. */
  readonly samples: ReadonlyMap<string, readonly number[]>;
  /**
   * Process CPU milliseconds (user + system, every thread: WebCrypto's thread pool and the GC
   * included) per operation, per round. Other jobs on a shared machine stretch wall time but
   * barely touch this, which makes it the steadier measure of work.
   */
  readonly cpuSamples: ReadonlyMap<string, readonly number[]>;
  readonly iterations: ReadonlyMap<string, number>;
}

let sink: unknown;
/** Keeps results reachable so no engine can drop the work that made them. */
export function consume(value: unknown): void {
  sink = value;
}
export function lastConsumed(): unknown {
  return sink;
}

const collectGarbage = exposeGc();

/**
 * Times several operations in the same process and the same rounds: each round runs every
 * operation once (a calibrated batch), rotating the order so drift and a neighbour's load spread
 * evenly. Comparing operations within a round is what makes the ratios stable on a shared
 * machine; absolute times are reported but are not the point.
 */
export async function measureInterleaved(operations: readonly NamedOperation[], options: MeasureOptions): Promise<InterleavedMeasurement> {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const iterations = new Map<string, number>();
  for (const operation of operations) {
    await runBatch(operation, Math.max(3, concurrency), concurrency);
    const probe = Math.max(3, concurrency);
    const started = performance.now();
    await runBatch(operation, probe, concurrency);
    const perOp = Math.max((performance.now() - started) / probe, 1e-4);
    iterations.set(operation.name, Math.min(options.maxIterations ?? 100_000, Math.max(1, Math.ceil(options.minBatchMs / perOp))));
  }
  const samples = new Map<string, number[]>(operations.map((operation) => [operation.name, []]));
  const cpuSamples = new Map<string, number[]>(operations.map((operation) => [operation.name, []]));
  for (let round = 0; round < options.warmupRuns + options.runs; round++) {
    const order = operations.map((_, index) => operations[(index + round) % operations.length]!);
    // One full collection per round, not per batch: V8 flushes the bytecode of functions that sat
    // through several major GCs unused, which would penalise whichever operation ran last.
    collectGarbage();
    for (const operation of order) {
      const count = iterations.get(operation.name)!;
      const cpuStarted = process.cpuUsage();
      const started = performance.now();
      await runBatch(operation, count, concurrency);
      const elapsed = performance.now() - started;
      const cpu = process.cpuUsage(cpuStarted);
      if (round >= options.warmupRuns) {
        samples.get(operation.name)!.push(elapsed / count);
        cpuSamples.get(operation.name)!.push((cpu.user + cpu.system) / 1000 / count);
      }
    }
  }
  return { samples, cpuSamples, iterations };
}

async function runBatch(operation: NamedOperation, count: number, concurrency: number): Promise<void> {
  if (concurrency === 1) {
    for (let index = 0; index < count; index++) {
      const result = operation.run();
      consume(isThenable(result) ? await result : result);
    }
    return;
  }
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      consume(await operation.run());
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Per-round ratio subject/baseline, summarised. */
export function ratioStats(measurement: InterleavedMeasurement, subject: string, baseline: string, clock: Clock = 'wall'): SampleStats {
  const series = clock === 'cpu' ? measurement.cpuSamples : measurement.samples;
  const a = series.get(subject) ?? [];
  const b = series.get(baseline) ?? [];
  return summarizeSamples(a.map((value, index) => value / (b[index] ?? Number.NaN)));
}

export function timeStats(measurement: InterleavedMeasurement, name: string, clock: Clock = 'wall'): SampleStats {
  return summarizeSamples((clock === 'cpu' ? measurement.cpuSamples : measurement.samples).get(name) ?? []);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'; // -- reason: duck-typing a thenable
}

function exposeGc(): () => void {
  try {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc === 'function') return () => { gc(); }; // eslint-disable-line @typescript-eslint/no-unsafe-call -- reason: V8's gc() takes no arguments
  } catch {
    // Without gc() rounds are just noisier.
  }
  return () => undefined;
}
