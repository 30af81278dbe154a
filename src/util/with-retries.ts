import { setTimeout as sleep } from 'node:timers/promises';
import pRetry from 'p-retry';

/** How {@link withRetries} retries. */
export interface RetryLoop {
  /** Retries after the first try. */
  readonly maxRetries: number;
  /**
   * The wait before retry number `retry` after `error`, in milliseconds, or `undefined` when
   * this failure is not retried (the error is thrown).
   */
  readonly delayMs: (error: Error, retry: number) => number | undefined;
  /** Stop retrying once this long has passed since the first try, in milliseconds. */
  readonly budgetMs?: number;
  /** Aborts the wait and the retries. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs `work` and retries it with p-retry, which counts the tries, keeps the time budget and
 * honours the signal; the wait itself is ours (`delayMs`), because p-retry cannot wait what a
 * `Retry-After` header says or draw full jitter. Rejects with the last error.
 */
export function withRetries<T>(work: (attempt: number) => Promise<T>, loop: RetryLoop): Promise<T> {
  const started = performance.now();
  return pRetry(work, {
    retries: loop.maxRetries,
    // p-retry's own wait is zero: `shouldRetry` waits the delay it decided.
    minTimeout: 0,
    ...(loop.budgetMs === undefined ? {} : { maxRetryTime: loop.budgetMs }),
    signal: loop.signal,
    shouldRetry: async ({ error, retriesConsumed }) => {
      const delay = loop.delayMs(error, retriesConsumed + 1);
      if (delay === undefined) return false;
      if (loop.budgetMs !== undefined && performance.now() - started + delay > loop.budgetMs) return false;
      await sleep(delay, undefined, loop.signal ? { signal: loop.signal } : {});
      return true;
    },
  });
}
