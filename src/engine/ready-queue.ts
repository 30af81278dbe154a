import { MaxHeap } from './max-heap.js';

/**
 * Jobs whose dependencies are done, started highest priority first while fewer than
 * `concurrency` are running. Starts paused, so that every root is in before the first starts.
 */
export class ReadyQueue {
  readonly #ready = new MaxHeap<number>();
  readonly #concurrency: number;
  readonly #start: (index: number) => Promise<void>;
  readonly #onError: (error: unknown) => void;
  readonly #next = () => {
    this.#running--;
    this.#fill();
  };
  readonly #failed = (error: unknown) => {
    this.#onError(error);
    this.#next();
  };
  #running = 0;
  #paused = true;

  /**
   * @param start runs job `index` to its end; its promise frees the slot.
   * @param onError receives a rejection of `start` (which should not reject).
   */
  constructor(concurrency: number, start: (index: number) => Promise<void>, onError: (error: unknown) => void) {
    this.#concurrency = concurrency;
    this.#start = start;
    this.#onError = onError;
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

  /** Removes and returns every job that has not started. */
  clear(): number[] {
    return this.#ready.drain();
  }

  #fill(): void {
    while (!this.#paused && this.#running < this.#concurrency) {
      const index = this.#ready.pop();
      if (index === undefined) return;
      this.#running++;
      this.#start(index).then(this.#next, this.#failed);
    }
  }
}
