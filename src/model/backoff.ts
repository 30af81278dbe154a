/**
 * The one scheme of every retry and polling option in brickwork (job retry policy, the
 * Databricks transport, notification delivery, polling): waits grow from `minIntervalMs` by
 * `backoffFactor`, capped at `maxIntervalMs`; with `jitter: 'full'` each wait is drawn
 * uniformly from zero to that value (AWS "full jitter"), so many waiters spread out.
 */
export interface Backoff {
  /** First wait, in milliseconds. */
  readonly minIntervalMs?: number;
  /** Longest wait, in milliseconds. */
  readonly maxIntervalMs?: number;
  /** Growth of the wait from one to the next. */
  readonly backoffFactor?: number;
  /** `'full'`: uniform in [0, wait]; `'none'`: exactly the wait. */
  readonly jitter?: 'full' | 'none';
}

/** A {@link Backoff} with every field filled in. */
export type ResolvedBackoff = Required<Backoff>;

/** The wait before retry number `retry` (1 for the first). */
export function backoffDelayMs(backoff: ResolvedBackoff, retry: number, random: () => number): number {
  const ceiling = Math.min(backoff.maxIntervalMs, backoff.minIntervalMs * backoff.backoffFactor ** (retry - 1));
  return backoff.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
}

/** A {@link Backoff} and how many retries it allows: the `retry` option of transport and delivery. */
export interface RetryOptions extends Backoff {
  /** Retries after the first try; `2` means at most 3 tries. */
  readonly maxRetries?: number;
}

/** A {@link RetryOptions} with every field filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/**
 * Fills in `options` over `defaults`; returns the problems instead when a field is out of
 * range (each as `name: what is wrong`, e.g. `maxRetries: must be an integer >= 0, got -1`).
 */
export function resolveRetryOptions(
  options: RetryOptions | undefined,
  defaults: ResolvedRetryOptions,
): ResolvedRetryOptions | { readonly problems: readonly string[] } {
  const resolved = { ...defaults, ...options };
  const problems: string[] = [];
  const { maxRetries, minIntervalMs, maxIntervalMs, backoffFactor, jitter } = resolved;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) problems.push(`maxRetries: must be an integer >= 0, got ${maxRetries}`);
  if (!(minIntervalMs >= 0)) problems.push(`minIntervalMs: must be a number >= 0, got ${minIntervalMs}`);
  if (!(maxIntervalMs >= minIntervalMs)) problems.push(`maxIntervalMs: must be >= minIntervalMs, got ${maxIntervalMs}`);
  if (!(backoffFactor >= 1)) problems.push(`backoffFactor: must be a number >= 1, got ${backoffFactor}`);
  if (jitter !== 'full' && jitter !== 'none') problems.push(`jitter: must be 'full' or 'none', got ${String(jitter)}`);
  return problems.length > 0 ? { problems } : Object.freeze(resolved);
}
