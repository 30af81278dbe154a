interface Entry<T> {
  readonly item: T;
  readonly priority: number;
  readonly order: number;
}

/**
 * A binary max-heap: O(log n) push and pop, highest priority first, first-in first-out
 * among equal priorities.
 */
export class MaxHeap<T> {
  readonly #heap: Entry<T>[] = [];
  #pushed = 0;

  /** Number of items waiting. */
  get size(): number {
    return this.#heap.length;
  }

  /** Adds an item. */
  push(item: T, priority: number): void {
    const heap = this.#heap;
    const entry: Entry<T> = { item, priority, order: this.#pushed++ };
    let at = heap.push(entry) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(entry, heap[parent] as Entry<T>)) break;
      heap[at] = heap[parent] as Entry<T>;
      at = parent;
    }
    heap[at] = entry;
  }

  /** Removes and returns the item with the highest priority. */
  pop(): T | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top?.item;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Entry<T>, heap[left] as Entry<T>) ? right : left;
      if (!before(heap[child] as Entry<T>, last)) break;
      heap[at] = heap[child] as Entry<T>;
      at = child;
    }
    heap[at] = last;
    return top.item;
  }

  /** Removes and returns every item, in no particular order. */
  drain(): T[] {
    return this.#heap.splice(0).map((entry) => entry.item);
  }
}

function before<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.order < b.order);
}
