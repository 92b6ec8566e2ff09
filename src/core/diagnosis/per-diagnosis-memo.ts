/**
 * A value computed from two objects and kept only while one diagnosis runs: the flow facts and
 * the signing certificates that thirty scenarios ask for. One slot, strongly held, emptied by
 * `forgetPerDiagnosisMemos()` when `diagnose` returns.
 *
 * Why not a WeakMap keyed by the analysed flow: every diagnosis then added an ephemeron entry
 * whose value points back at its key, and V8's garbage collector paid for those entries on every
 * scavenge (measured: about 300 µs of GC per 8 KB diagnosis, more than the diagnosis itself).
 */
export class PerDiagnosisMemo<A extends object, B extends object, V> {
  #a: A | undefined;
  #b: B | undefined;
  #value: V | undefined;

  constructor() {
    MEMOS.add(this);
  }

  get(a: A, b: B, compute: () => V): V {
    if (this.#a === a && this.#b === b) return this.#value as V; // -- the slot is filled whenever #a is set
    const value = compute();
    this.#a = a;
    this.#b = b;
    this.#value = value;
    return value;
  }

  forget(): void {
    this.#a = undefined;
    this.#b = undefined;
    this.#value = undefined;
  }
}

const MEMOS = new Set<PerDiagnosisMemo<object, object, unknown>>();

/** Empties every slot, so nothing of a finished diagnosis stays reachable from module scope. */
export function forgetPerDiagnosisMemos(): void {
  for (const memo of MEMOS) memo.forget();
}
