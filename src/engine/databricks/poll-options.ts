/**
 * How runs are watched, in the shared {@link Backoff} names. Shared sweeps (`runs/list` of
 * active runs) start `minIntervalMs` apart and slow down by `backoffFactor` to
 * `maxSweepIntervalMs`; a run polled on its own (cancellation, API trouble) waits from
 * `minIntervalMs` up to `maxIntervalMs`. Every wait has ±10 % jitter.
 */
export interface PollOptions {
  /**
   * First wait after triggering, in milliseconds.
   * @default 1000
   */
  readonly minIntervalMs?: number;
  /**
   * Longest wait between polls, in milliseconds.
   * @default 30000
   */
  readonly maxIntervalMs?: number;
  /**
   * Growth of the wait after each poll.
   * @default 1.5
   */
  readonly backoffFactor?: number;
  /**
   * Longest wait between shared sweeps, in milliseconds: the worst delay before a run's end
   * is noticed.
   * @default 10000
   */
  readonly maxSweepIntervalMs?: number;
}
