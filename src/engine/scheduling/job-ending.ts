import type { CheckResult } from '../../adapters/check.js';
import type { JobStatus } from '../../adapters/metadata-store.js';
import type { JobError } from '../../model/job-error.js';
import type { JobResult, TableRollback } from '../run-result.js';
import type { JobOutcome, RunScope } from './run-scope.js';

/** How a job ended, whether or not it ran. */
export type JobEnding = Partial<JobOutcome> & {
  readonly reason?: string;
  readonly checks?: readonly CheckResult[];
  readonly rollback?: TableRollback;
};

/** The frozen {@link JobResult} of a job that ended with `status`. */
export function jobResultOf(key: string, status: JobStatus, ending: JobEnding): JobResult {
  const attempts = ending.attempts ?? [];
  const result: { -readonly [K in keyof JobResult]: JobResult[K] } = { key, status, attempts: Object.freeze(attempts) };
  const first = attempts[0];
  const last = attempts[attempts.length - 1];
  if (first && last) {
    // Copies: a result owns its dates, apart from its attempts'.
    result.startedAt = new Date(first.startedAt.getTime());
    result.endedAt = new Date(last.endedAt.getTime());
    result.durationMs = last.endedAt.getTime() - first.startedAt.getTime();
  }
  if (ending.error) result.error = ending.error;
  if (ending.reason) result.reason = ending.reason;
  if (ending.ok) result.output = ending.value;
  if (ending.checks) result.checks = Object.freeze([...ending.checks]);
  if (ending.rollback) result.rollback = ending.rollback;
  return Object.freeze(result);
}

const FINAL_EVENT = { success: 'succeeded', failed: 'failed', skipped: 'skipped', canceled: 'canceled' } as const;

/** Writes the final row of job `index` and emits its final event (`maxAttempts` from its outcome). */
export function recordEnding(scope: RunScope, index: number, result: JobResult, maxAttempts?: number): void {
  const { key, status, attempts, error } = result;
  const time = new Date();
  const last = attempts[attempts.length - 1];
  const row = scope.rows.job(index, key, status, FINAL_EVENT[status as keyof typeof FINAL_EVENT], last?.attempt ?? 0, time);
  row.startTime = result.startedAt ?? null;
  row.endTime = result.endedAt ?? null;
  row.errorMessage = error?.message ?? result.reason ?? null;
  row.databricksRunId = last?.databricksRunId ?? null;
  row.runPageUrl = last?.runPageUrl ?? null;
  if (error) row.details = JSON.stringify({ errorClass: error.class });
  scope.log.record(row);
  const { pipeline, runId, bus } = scope;
  if (status === 'success') {
    if (bus.has('job:success'))
      bus.emit('job:success', { pipeline, runId, time, job: key, attempt: row.attempt, durationMs: result.durationMs ?? 0 });
  } else if (status === 'failed') {
    const attempt = last?.attempt ?? 0;
    bus.emit('job:failed', {
      pipeline,
      runId,
      time,
      job: key,
      attempts: attempts.length,
      attempt,
      maxAttempts: maxAttempts ?? attempt,
      error: error as JobError,
      ...(result.durationMs === undefined ? {} : { durationMs: result.durationMs }),
      ...(last?.runPageUrl === undefined ? {} : { runPageUrl: last.runPageUrl }),
    });
  } else if (status === 'skipped') {
    bus.emit('job:skipped', { pipeline, runId, time, job: key, reason: result.reason ?? '' });
  } else {
    bus.emit('job:canceled', { pipeline, runId, time, job: key, reason: error?.message ?? result.reason ?? 'canceled' });
  }
}
