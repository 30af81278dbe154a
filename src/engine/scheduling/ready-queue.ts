import PQueue from 'p-queue';
import { HeapQueue } from './heap-queue.js';

const QUEUED = 1;
const STARTED = 2;

/**
 * Jobs whose dependencies are done, started highest priority first (p-queue, over a
 * {@link HeapQueue}) while fewer than `concurrency` run. A job's slot is free when the promise `start` returned settles.
 * Starts paused, so that every root is in before the first starts.
 */
export class ReadyQueue {
  readonly #queue: PQueue<HeapQueue>;
  readonly #start: (index: number) => Promise<void>;
  /** Per job: not queued (0), queued, or started. */
  readonly #state: Uint8Array;

  /**
   * @param size the number of jobs.
   * @param start starts job `index`; resolves (never rejects) when it has ended.
   */
  constructor(concurrency: number, size: number, start: (index: number) => Promise<void>) {
    this.#queue = new PQueue({ concurrency, autoStart: false, queueClass: HeapQueue });
    this.#state = new Uint8Array(size);
    this.#start = start;
  }

  /** Adds a ready job. */
  add(index: number, priority: number): void {
    this.#state[index] = QUEUED;
    void this.#queue.add(
      () => {
        this.#state[index] = STARTED;
        return this.#start(index);
      },
      { priority },
    );
  }

  /** Starts running jobs. */
  resume(): void {
    this.#queue.start();
  }

  /** Removes and returns every job that has not started. */
  clear(): number[] {
    this.#queue.clear();
    const unstarted: number[] = [];
    for (let index = 0; index < this.#state.length; index++) {
      if (this.#state[index] !== QUEUED) continue;
      this.#state[index] = 0;
      unstarted.push(index);
    }
    return unstarted;
  }
}
