import type { JobError } from '../builder/job-spec.js';
import type { ResolvedRetryPolicy } from '../graph/job-definition.js';

/**
 * Delay before retry number `retry` (1 for the first retry): exponential from
 * `minIntervalMs` by `backoffFactor`, capped at `maxIntervalMs`; with full jitter, uniform
 * in [0, that].
 */
export function retryDelayMs(policy: ResolvedRetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxIntervalMs, policy.minIntervalMs * policy.backoffFactor ** (retry - 1));
  return policy.jitter === 'full' ? Math.floor(random() * ceiling) : ceiling;
}

/**
 * Whether a failed attempt is retried: attempts remain, the failure is retriable by class
 * (timeouts only with `retryOnTimeout`), and `retryIf` agrees (one that throws says no).
 */
export async function shouldRetry(
  policy: ResolvedRetryPolicy,
  error: JobError,
  attempt: number,
  maxAttempts: number,
): Promise<boolean> {
  if (attempt >= maxAttempts || !error.retriable) return false;
  if (error.class === 'timeout' && !policy.retryOnTimeout) return false;
  if (!policy.retryIf) return true;
  try {
    return Boolean(await policy.retryIf(error, attempt));
  } catch {
    return false;
  }
}
