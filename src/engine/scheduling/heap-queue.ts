import type { Queue, QueueAddOptions } from 'p-queue';

/** A task of p-queue. */
type RunFunction = () => Promise<unknown>;

/**
 * p-queue's `queueClass` for the ready jobs of a run: a binary max-heap, highest priority
 * first and, among equal priorities, first in first out — p-queue's own order. p-queue's
 * default queue inserts into a sorted array, O(n) a job; with 100,000 ready jobs that was a
 * quarter of a run's time. Waiting tasks have no ids here, so `setPriority` and `remove`
 * by id are not offered (brickwork never calls them).
 */
export class HeapQueue implements Queue<RunFunction, QueueAddOptions> {
  #runs: RunFunction[] = [];
  #priorities: number[] = [];
  /** Arrival order, the tie-breaker. */
  #arrivals: number[] = [];
  #arrived = 0;

  /** Tasks waiting. */
  get size(): number {
    return this.#runs.length;
  }

  /** Adds a task with `options.priority` (default 0). */
  enqueue(run: RunFunction, options?: Partial<QueueAddOptions>): void {
    const priority = options?.priority ?? 0;
    const arrival = this.#arrived++;
    let at = this.#runs.length;
    this.#runs.push(run);
    this.#priorities.push(priority);
    this.#arrivals.push(arrival);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.#goesFirst(priority, arrival, parent)) break;
      this.#move(parent, at);
      at = parent;
    }
    this.#place(at, run, priority, arrival);
  }

  /** Removes and returns the first task. */
  dequeue(): RunFunction | undefined {
    if (this.#runs.length === 0) return undefined;
    const first = this.#runs[0];
    // The last task fills the hole at the top and sinks to its place.
    const run = this.#runs.pop() as RunFunction;
    const priority = this.#priorities.pop() as number;
    const arrival = this.#arrivals.pop() as number;
    const size = this.#runs.length;
    if (size > 0) {
      let at = 0;
      for (let child = 1; child < size; child = 2 * at + 1) {
        const right = child + 1;
        if (right < size && this.#goesFirst(this.#priorities[right] as number, this.#arrivals[right] as number, child)) {
          child = right;
        }
        if (this.#goesFirst(priority, arrival, child)) break;
        this.#move(child, at);
        at = child;
      }
      this.#place(at, run, priority, arrival);
    }
    return first;
  }

  /** The waiting tasks with `options.priority`, in no particular order. */
  filter(options: Readonly<Partial<QueueAddOptions>>): RunFunction[] {
    return this.#runs.filter((_, at) => this.#priorities[at] === options.priority);
  }

  /** Not offered: tasks of this queue have no ids. */
  setPriority(id: string): void {
    throw new ReferenceError(`HeapQueue has no task with id "${id}": its tasks have no ids`);
  }

  /** Whether a task of (`priority`, `arrival`) goes before the one at `at`. */
  #goesFirst(priority: number, arrival: number, at: number): boolean {
    const other = this.#priorities[at] as number;
    return priority > other || (priority === other && arrival < (this.#arrivals[at] as number));
  }

  #move(from: number, to: number): void {
    this.#runs[to] = this.#runs[from] as RunFunction;
    this.#priorities[to] = this.#priorities[from] as number;
    this.#arrivals[to] = this.#arrivals[from] as number;
  }

  #place(at: number, run: RunFunction, priority: number, arrival: number): void {
    this.#runs[at] = run;
    this.#priorities[at] = priority;
    this.#arrivals[at] = arrival;
  }
}
