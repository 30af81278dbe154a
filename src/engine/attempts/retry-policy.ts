import type { ResolvedRetryPolicy } from '../../graph/job-definition.js';
import type { JobError } from '../../model/job-error.js';

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
