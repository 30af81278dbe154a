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
