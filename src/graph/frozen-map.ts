/**
 * A read-only map made of a key → position index and an array of values. It has no
 * mutating methods at all, so `set`, `delete` and `clear` fail at run time as well as at
 * compile time. Several maps can share one index (a pipeline's jobs and a run's results).
 */
export class FrozenMap<K, V> implements ReadonlyMap<K, V> {
  readonly #index: ReadonlyMap<K, number>;
  readonly #values: readonly V[];

  /**
   * Takes ownership of both: the caller must not mutate them afterwards. `index` gives the
   * i-th key it holds position i, so `values` is the array in order.
   */
  constructor(index: ReadonlyMap<K, number>, values: readonly V[]) {
    this.#index = index;
    this.#values = values;
    Object.freeze(this);
  }

  /** A frozen copy of `map`. */
  static of<K, V>(map: ReadonlyMap<K, V>): FrozenMap<K, V> {
    const index = new Map<K, number>();
    const values: V[] = [];
    for (const [key, value] of map) index.set(key, values.push(value) - 1);
    return new FrozenMap(index, values);
  }

  /** Number of entries. */
  get size(): number {
    return this.#index.size;
  }

  /** The value for `key`, or `undefined`. */
  get(key: K): V | undefined {
    const at = this.#index.get(key);
    return at === undefined ? undefined : this.#values[at];
  }

  /** Whether `key` is present. */
  has(key: K): boolean {
    return this.#index.has(key);
  }

  /** Calls `callback` for each entry in insertion order. */
  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    let at = 0;
    for (const key of this.#index.keys()) callback.call(thisArg, this.#values[at++] as V, key, this);
  }

  /** Entries in insertion order. */
  entries(): MapIterator<[K, V]> {
    let at = 0;
    return Array.from(this.#index.keys(), (key): [K, V] => [key, this.#values[at++] as V]).values();
  }

  /** Keys in insertion order. */
  keys(): MapIterator<K> {
    return this.#index.keys();
  }

  /** Values in insertion order. */
  values(): MapIterator<V> {
    return this.#values.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'FrozenMap';
  }
}
