/**
 * A binary max-heap: O(log n) push and pop, highest priority first, first-in first-out
 * among equal priorities. Items, priorities and arrival numbers live in three parallel
 * arrays, so a push allocates nothing per item.
 */
export class MaxHeap<T> {
  readonly #items: T[] = [];
  readonly #priorities: number[] = [];
  readonly #arrivals: number[] = [];
  #pushed = 0;

  /** Number of items waiting. */
  get size(): number {
    return this.#items.length;
  }

  /** Adds an item. */
  push(item: T, priority: number): void {
    const arrival = this.#pushed++;
    let at = this.#items.length;
    this.#items.push(item);
    this.#priorities.push(priority);
    this.#arrivals.push(arrival);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.#before(priority, arrival, parent)) break;
      this.#move(parent, at);
      at = parent;
    }
    this.#set(at, item, priority, arrival);
  }

  /** Removes and returns the item with the highest priority. */
  pop(): T | undefined {
    const items = this.#items;
    if (items.length === 0) return undefined;
    const top = items[0] as T;
    const item = items.pop() as T;
    const priority = this.#priorities.pop() as number;
    const arrival = this.#arrivals.pop() as number;
    const size = items.length;
    if (size === 0) return top;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= size) break;
      const right = left + 1;
      const child =
        right < size && this.#before(this.#priorities[right] as number, this.#arrivals[right] as number, left) ? right : left;
      if (this.#before(priority, arrival, child)) break;
      this.#move(child, at);
      at = child;
    }
    this.#set(at, item, priority, arrival);
    return top;
  }

  /** Removes and returns every item, in no particular order. */
  drain(): T[] {
    this.#priorities.length = 0;
    this.#arrivals.length = 0;
    return this.#items.splice(0);
  }

  /** Whether an item of `priority` that arrived `arrival`th goes before the one at `at`. */
  #before(priority: number, arrival: number, at: number): boolean {
    const other = this.#priorities[at] as number;
    return priority > other || (priority === other && arrival < (this.#arrivals[at] as number));
  }

  #move(from: number, to: number): void {
    this.#set(to, this.#items[from] as T, this.#priorities[from] as number, this.#arrivals[from] as number);
  }

  #set(at: number, item: T, priority: number, arrival: number): void {
    this.#items[at] = item;
    this.#priorities[at] = priority;
    this.#arrivals[at] = arrival;
  }
}
