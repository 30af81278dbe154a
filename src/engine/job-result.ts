import type { JobStatus } from '../adapters/metadata-store.js';
import type { JobOutcome } from './job-runner.js';
import type { JobResult } from './run-result.js';

/** How a job ended, whether or not it ran. */
export type JobEnding = Partial<JobOutcome> & { readonly reason?: string };

/** The frozen {@link JobResult} of a job that ended with `status`. */
export function jobResultOf(key: string, status: JobStatus, ending: JobEnding): JobResult {
  const attempts = ending.attempts ?? [];
  const result: { -readonly [K in keyof JobResult]: JobResult[K] } = { key, status, attempts: Object.freeze(attempts) };
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  if (first && last) {
    result.startedAt = first.startedAt;
    result.endedAt = last.endedAt;
    result.durationMs = last.endedAt.getTime() - first.startedAt.getTime();
  }
  if (ending.error) result.error = ending.error;
  if (ending.reason) result.reason = ending.reason;
  if (ending.ok) result.output = ending.value;
  return Object.freeze(result);
}
