import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

export interface ProfileLine {
  readonly name: string;
  /** Share of all samples, 0..1. */
  readonly self: number;
  readonly total: number;
}

/**
 * Self and inclusive time per function from a `node --cpu-prof` profile: where the time of a
 * missed target goes. `filter` keeps the functions worth naming (e.g. the product's sources).
 */
export function summarizeCpuProfile(profile: CpuProfile, top = 15, filter: (url: string, name: string) => boolean = () => true): ProfileLine[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const weight = profile.timeDeltas[index] ?? 0;
    all += weight;
    const leaf = byId.get(id);
    if (leaf === undefined) return;
    const leafName = nameOf(leaf);
    self.set(leafName, (self.get(leafName) ?? 0) + weight);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const node = byId.get(current);
      if (node === undefined) break;
      const name = nameOf(node);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + weight);
    }
  });
  const urls = new Map(profile.nodes.map((node) => [nameOf(node), node.callFrame.url]));
  return [...total.keys()]
    .filter((name) => filter(urls.get(name) ?? '', name))
    .map((name) => ({ name, self: (self.get(name) ?? 0) / all, total: (total.get(name) ?? 0) / all }))
    .sort((a, b) => b.self - a.self)
    .slice(0, top);
}

/**
 * Self time grouped by who owns the code: an npm package or a source folder
 * (`src/core/signature`). Time in native code and Node internals (WebCrypto's key import, job
 * dispatch, Buffer) is charged to the package or folder that called it, so the list reads "who
 * caused the work". V8's pseudo-frames stay apart: `(idle)` (waiting: timers, I/O, WebCrypto on
 * the thread pool), `(garbage collector)`, `(program)`.
 */
export function summarizeSelfTimeByOwner(profile: CpuProfile): { readonly owner: string; readonly share: number }[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const chargedTo = new Map<number, string>();
  const ownerFor = (id: number): string => {
    const known = chargedTo.get(id);
    if (known !== undefined) return known;
    let owner = '(unknown)';
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const own = ownerOf(byId.get(current));
      if (own !== '(native)' && own !== 'node internals') {
        owner = own;
        break;
      }
      owner = own;
    }
    chargedTo.set(id, owner);
    return owner;
  };
  const shares = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, index) => {
    const weight = profile.timeDeltas[index] ?? 0;
    all += weight;
    const owner = ownerFor(id);
    shares.set(owner, (shares.get(owner) ?? 0) + weight);
  });
  return [...shares].map(([owner, weight]) => ({ owner, share: weight / (all || 1) })).sort((a, b) => b.share - a.share);
}

function ownerOf(node: ProfileNode | undefined): string {
  if (node === undefined) return '(unknown)';
  const { url, functionName } = node.callFrame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1]!;
  // Our own code by folder, at most two levels deep: src/core/diagnosis/scenarios/x.ts is src/core/diagnosis.
  const own = /\/(src|bench|lab)\/(.*)$/.exec(url);
  if (own) return [own[1]!, ...own[2]!.split('/').slice(0, -1).slice(0, 2)].join('/');
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

function nameOf(node: ProfileNode): string {
  const file = node.callFrame.url.replace(/^.*\/(node_modules\/|src\/|bench\/)/, '$1');
  return `${node.callFrame.functionName || '(anonymous)'} ${file}:${String(node.callFrame.lineNumber + 1)}`;
}

/** Reads a `.cpuprofile` file written by `node --cpu-prof`. */
export function readCpuProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile; // -- reason: the .cpuprofile format is V8's, read-only here
}

// `node --import tsx bench/summarize-cpu-profile.ts <file.cpuprofile> [top]`
if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  for (const line of summarizeCpuProfile(readCpuProfile(process.argv[2] ?? ''), Number(process.argv[3] ?? 25))) {
    console.log(`${(line.self * 100).toFixed(1).padStart(5)}% self ${(line.total * 100).toFixed(1).padStart(5)}% total  ${line.name}`);
  }
}
