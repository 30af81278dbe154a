import type { JobError } from '../builder/job-spec.js';
import { BrickworkError, ErrorCode, JobTimeoutError, NonRetriableError, RunDeadlineError } from '../errors.js';

/** Turns what an attempt threw (or the reason its signal aborted) into a {@link JobError}. */
export function classifyError(thrown: unknown): JobError {
  const message = thrown instanceof Error ? thrown.message : `non-error thrown: ${String(thrown)}`;
  const code = thrown instanceof BrickworkError ? { code: thrown.code } : {};
  if (thrown instanceof JobTimeoutError) return { class: 'timeout', message, retriable: true, ...code };
  if (thrown instanceof RunDeadlineError) return { class: 'timeout', message, retriable: false, ...code };
  if (thrown instanceof BrickworkError && thrown.code === ErrorCode.RunCanceled) {
    return { class: 'canceled', message, retriable: false, ...code };
  }
  if (thrown instanceof NonRetriableError) return { class: 'run_failed', message, retriable: false, ...code };
  return { class: 'run_failed', message, retriable: true, ...code };
}
