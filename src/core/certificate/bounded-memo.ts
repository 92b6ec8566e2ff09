/**
 * A memo for pure, deterministic results kept across calls: the same key always yields the same
 * value, so a hit changes nothing but the time taken. Bounded (the least recently used entry goes
 * first) so a stream of distinct inputs cannot grow it. Values must be immutable: every caller
 * receives the same object.
 */
export class BoundedMemo<V> {
  readonly #entries = new Map<string, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = Math.max(1, Math.floor(capacity));
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The value for `key`, computed by `compute` when it is not (or no longer) kept. */
  get(key: string, compute: () => V): V {
    if (this.#entries.has(key)) {
      const kept = this.#entries.get(key) as V; // -- has() checked: the entry exists (V may include undefined)
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept;
    }
    const value = compute();
    this.#entries.set(key, value);
    if (this.#entries.size > this.#capacity) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    return value;
  }
}
