/**
 * A read-only view of a Map: it has no mutating methods at all, so `set`, `delete` and
 * `clear` fail at run time as well as at compile time.
 */
export class FrozenMap<K, V> implements ReadonlyMap<K, V> {
  readonly #map: Map<K, V>;

  /** Takes ownership of `map`; the caller must not mutate it afterwards. */
  constructor(map: Map<K, V>) {
    this.#map = map;
    Object.freeze(this);
  }

  /** Number of entries. */
  get size(): number {
    return this.#map.size;
  }

  /** The value for `key`, or `undefined`. */
  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  /** Whether `key` is present. */
  has(key: K): boolean {
    return this.#map.has(key);
  }

  /** Calls `callback` for each entry in insertion order. */
  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.#map) callback.call(thisArg, value, key, this);
  }

  /** Entries in insertion order. */
  entries(): MapIterator<[K, V]> {
    return this.#map.entries();
  }

  /** Keys in insertion order. */
  keys(): MapIterator<K> {
    return this.#map.keys();
  }

  /** Values in insertion order. */
  values(): MapIterator<V> {
    return this.#map.values();
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.#map.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'FrozenMap';
  }
}
