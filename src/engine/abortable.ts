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
 * Races many pieces of work against one signal with a single listener on it: cheaper than
 * {@link raceAbort} when thousands of attempts share the run's signal.
 */
export class SignalRace {
  readonly #signal: AbortSignal;
  readonly #pending = new Set<(reason: unknown) => void>();

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    signal.addEventListener(
      'abort',
      () => {
        for (const reject of this.#pending) reject(signal.reason);
        this.#pending.clear();
      },
      { once: true },
    );
  }

  /** Like {@link raceAbort} on this race's signal. */
  race<T>(work: () => T | PromiseLike<T>): Promise<T> {
    const signal = this.#signal;
    if (signal.aborted) return Promise.reject(signal.reason);
    let value: T | PromiseLike<T>;
    try {
      value = work();
    } catch (error) {
      return Promise.reject(error);
    }
    if (typeof (value as PromiseLike<T> | null)?.then !== 'function') return Promise.resolve(value);
    return new Promise<T>((resolve, reject) => {
      const pending = this.#pending;
      pending.add(reject);
      (value as PromiseLike<T>).then(
        (result) => {
          pending.delete(reject);
          resolve(result);
        },
        (error: unknown) => {
          pending.delete(reject);
          reject(error);
        },
      );
    });
  }
}
