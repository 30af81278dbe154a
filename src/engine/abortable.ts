/**
 * Settles with `work()`'s outcome, or rejects with `signal.reason` as soon as the signal
 * aborts, whichever comes first. The work itself cannot be stopped from outside: it should
 * watch the signal too.
 */
export function raceAbort<T>(signal: AbortSignal, work: () => T | PromiseLike<T>): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal.removeEventListener('abort', onAbort);
    try {
      Promise.resolve(work()).then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    } catch (error) {
      settle();
      reject(error);
    }
  });
}

/** Waits `ms` milliseconds; rejects with `signal.reason` if the signal aborts first. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const waited = raceAbort(signal, () => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))));
  return waited.finally(() => clearTimeout(timer));
}

/**
 * One callback per job (by index) to call with a signal's reason when it aborts, behind a
 * single listener on the signal: cheaper than a listener each when thousands of attempts
 * share the run's signal, and a slot per job costs nothing to fill or empty.
 */
export class AbortCallbacks {
  readonly #signal: AbortSignal;
  readonly #callbacks: (((reason: unknown) => void) | undefined)[];

  /** @param size the number of jobs. */
  constructor(signal: AbortSignal, size: number) {
    this.#signal = signal;
    this.#callbacks = new Array(size).fill(undefined);
    signal.addEventListener(
      'abort',
      () => {
        const callbacks = this.#callbacks;
        for (let index = 0; index < callbacks.length; index++) {
          const callback = callbacks[index];
          callbacks[index] = undefined;
          callback?.(signal.reason);
        }
      },
      { once: true },
    );
  }

  /** Calls `callback` when the signal aborts (at once if it already has), unless job `index` clears it first. */
  set(index: number, callback: (reason: unknown) => void): void {
    if (this.#signal.aborted) callback(this.#signal.reason);
    else this.#callbacks[index] = callback;
  }

  /** Forgets job `index`'s callback. */
  clear(index: number): void {
    this.#callbacks[index] = undefined;
  }
}
