import type { QueueAddOptions } from 'p-queue';

type RunFunction = () => Promise<unknown>;

interface Entry {
  readonly run: RunFunction;
  readonly priority: number;
  readonly order: number;
  readonly id: string | undefined;
}

/**
 * A binary max-heap for p-queue's `queueClass`: O(log n) enqueue and dequeue, highest
 * priority first, first-in first-out among equal priorities. p-queue's default keeps a
 * sorted array, whose inserts cost O(n) once thousands of jobs are ready at once.
 */
export class MaxHeapQueue {
  readonly #heap: Entry[] = [];
  #added = 0;

  /** Number of waiting functions. */
  get size(): number {
    return this.#heap.length;
  }

  /** Adds a function with its priority (default 0). */
  enqueue(run: RunFunction, options?: Partial<QueueAddOptions>): void {
    this.#push({ run, priority: options?.priority ?? 0, order: this.#added++, id: options?.id });
  }

  /** Removes and returns the function to run next. */
  dequeue(): RunFunction | undefined {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined || heap.length === 0) return top?.run;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right] as Entry, heap[left] as Entry) ? right : left;
      if (!before(heap[child] as Entry, last)) break;
      heap[at] = heap[child] as Entry;
      at = child;
    }
    heap[at] = last;
    return top.run;
  }

  /** Waiting functions with the given priority (p-queue's `sizeBy`). */
  filter(options: Readonly<Partial<QueueAddOptions>>): RunFunction[] {
    return this.#heap.filter((entry) => entry.priority === options.priority).map((entry) => entry.run);
  }

  /** Changes the priority of the waiting function with this id (keeping its place among equals). */
  setPriority(id: string, priority: number): void {
    const entries = this.#heap.splice(0);
    const found = entries.find((entry) => entry.id === id);
    if (!found) {
      for (const entry of entries) this.#push(entry);
      throw new ReferenceError(`No promise function with the id "${id}" exists in the queue.`);
    }
    for (const entry of entries) this.#push(entry === found ? { ...entry, priority } : entry);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    let at = heap.push(entry) - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[at] = heap[parent] as Entry;
      at = parent;
    }
    heap[at] = entry;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.order < b.order);
}
