import { Session } from 'node:inspector/promises';
import { summarizeCpuProfile, summarizeSelfTimeByOwner, type CpuProfile, type ProfileLine } from './summarize-cpu-profile.ts';

export interface OperationProfile {
  /** Self time by package / source folder / V8 pseudo-frame. */
  readonly byOwner: readonly { readonly owner: string; readonly share: number }[];
  /** Most self time first: the leaves where the CPU is (product code, libraries, idle, GC). */
  readonly bySelf: readonly ProfileLine[];
  /** Product functions (src/) by inclusive time: which stage of ours the leaves belong to. */
  readonly byTotal: readonly ProfileLine[];
}

/**
 * Profiles `run` repeated for about `durationMs` with V8's sampling profiler (the same data as
 * `node --cpu-prof`) and names the functions that take the time: the cause of a missed target.
 * Shares are of all main-thread samples; `(idle)` is time spent waiting (WebCrypto runs on
 * libuv's thread pool, so its work shows up as idle here).
 */
export async function profileOperation(run: () => unknown, durationMs: number, top = 8): Promise<OperationProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const deadline = performance.now() + durationMs;
    while (performance.now() < deadline) await run();
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }; // -- reason: the inspector protocol's result shape
    const isLibraryOrProduct = (url: string): boolean => /\/(src|node_modules)\//.test(url) && !url.includes('/node_modules/tsx/');
    return {
      byOwner: summarizeSelfTimeByOwner(profile).slice(0, top + 2),
      bySelf: summarizeCpuProfile(profile, top, (url, name) => name.startsWith('(idle)') || name.startsWith('(garbage collector)') || isLibraryOrProduct(url)),
      byTotal: summarizeCpuProfile(profile, 1000, (url) => url.includes('/src/'))
        .sort((a, b) => b.total - a.total)
        .slice(0, top),
    };
  } finally {
    session.disconnect();
  }
}

/** Two sentences for a report note. */
export function describeProfile(what: string, profile: OperationProfile): string {
  const self = profile.bySelf.filter((line) => line.self >= 0.01).map((line) => `${line.name} ${percent(line.self)}`);
  const total = profile.byTotal.map((line) => `${line.name} ${percent(line.total)}`);
  const owners = profile.byOwner.filter((entry) => entry.share >= 0.01).map((entry) => `${entry.owner} ${percent(entry.share)}`);
  return `Profile of ${what} (share of main-thread samples). By owner (native and Node-internal work charged to its caller): ${owners.join('; ')}. Hottest functions: ${self.join('; ')}. Inclusive, our code: ${total.join('; ')}.`;
}

function percent(share: number): string {
  return `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
}
