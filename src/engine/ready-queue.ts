import { MaxHeap } from './max-heap.js';

/**
 * Jobs whose dependencies are done, started highest priority first while fewer than
 * `concurrency` are running. Starts paused, so that every root is in before the first starts.
 */
export class ReadyQueue {
  readonly #ready = new MaxHeap<number>();
  readonly #concurrency: number;
  readonly #start: (index: number) => void;
  #running = 0;
  #paused = true;

  /** @param start starts job `index`; {@link done} says when it has ended. */
  constructor(concurrency: number, start: (index: number) => void) {
    this.#concurrency = concurrency;
    this.#start = start;
  }

  /** Adds a ready job. */
  add(index: number, priority: number): void {
    this.#ready.push(index, priority);
    this.#fill();
  }

  /** Starts running jobs. */
  resume(): void {
    this.#paused = false;
    this.#fill();
  }

  /** Frees the slot of a job that ended, for the next ready one. */
  done(): void {
    this.#running--;
    this.#fill();
  }

  /** Removes and returns every job that has not started. */
  clear(): number[] {
    return this.#ready.drain();
  }

  #fill(): void {
    while (!this.#paused && this.#running < this.#concurrency) {
      const index = this.#ready.pop();
      if (index === undefined) return;
      this.#running++;
      this.#start(index);
    }
  }
}
