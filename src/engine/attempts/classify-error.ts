import { BrickworkError, ErrorCode } from '../../model/brickwork-error.js';
import { JobRunError, JobTimeoutError, NonRetriableError, RetryAfterError, RunDeadlineError } from '../../model/errors.js';
import type { JobError } from '../../model/job-error.js';

/** Turns what an attempt threw (or the reason its signal aborted) into a {@link JobError}. */
export function classifyError(thrown: unknown): JobError {
  const message = thrown instanceof Error ? thrown.message : `non-error thrown: ${String(thrown)}`;
  const code = thrown instanceof BrickworkError ? { code: thrown.code } : {};
  if (thrown instanceof JobTimeoutError) return { class: 'timeout', message, retriable: true, ...code };
  if (thrown instanceof RunDeadlineError) return { class: 'timeout', message, retriable: false, ...code };
  if (thrown instanceof BrickworkError && thrown.code === ErrorCode.RunCanceled) {
    return { class: 'canceled', message, retriable: false, ...code };
  }
  if (thrown instanceof RetryAfterError) {
    return { class: 'run_failed', message, retriable: true, retryAfterMs: thrown.delayMs, ...code };
  }
  if (thrown instanceof NonRetriableError) return { class: 'run_failed', message, retriable: false, ...code };
  if (thrown instanceof JobRunError) return { class: thrown.failureClass, message, retriable: thrown.retriable, ...code };
  if (thrown instanceof BrickworkError && thrown.code === ErrorCode.DatabricksApi) {
    // A call the client already retried: worth another attempt only if transient; a refused
    // request (bad id, no permission) is a configuration problem.
    const { status, retriable } = thrown as BrickworkError & { status?: number; retriable?: boolean };
    if (status !== undefined && status >= 400 && status < 500 && status !== 429)
      return { class: 'configuration', message, retriable: false, ...code };
    return { class: 'api', message, retriable: retriable === true, ...code };
  }
  return { class: 'run_failed', message, retriable: true, ...code };
}
