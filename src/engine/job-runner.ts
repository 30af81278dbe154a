import type { JobError } from '../builder/job-spec.js';
import type { JobDefinition } from '../graph/job-definition.js';
import { abortableDelay } from './abortable.js';
import { type JobExecutor, runAttempt } from './attempt.js';
import { classifyError } from './classify-error.js';
import type { EventBus } from './event-bus.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';
import type { PendingRecord, RunLog } from './run-log.js';
import type { AttemptResult } from './run-result.js';

/** What the attempt loop needs from the run it belongs to. */
export interface RunScope {
  readonly pipeline: string;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly bus: EventBus;
  readonly log: RunLog;
  readonly random: () => number;
  readonly execute: JobExecutor;
  /** A log row of `job` with the columns every row shares filled in. */
  row(job: JobDefinition, fields: Pick<PendingRecord, 'status' | 'event' | 'attempt'> & Partial<PendingRecord>): PendingRecord;
  /** Reports a store failure; the run stops. */
  fatal(error: unknown): void;
}

/** How a job's attempts ended. */
export interface JobOutcome {
  readonly ok: boolean;
  readonly attempts: readonly AttemptResult[];
  readonly value?: unknown;
  readonly error?: JobError;
}

/**
 * Runs a job's attempts until one succeeds, a failure is not retried, or the run stops.
 * Before each attempt the intent (`started`, attempt N) is durable in the log.
 */
export async function runJobAttempts(scope: RunScope, job: JobDefinition, firstAttempt = 1): Promise<JobOutcome> {
  const { bus, log, signal } = scope;
  const maxAttempts = firstAttempt + job.retry.maxRetries;
  const attempts: AttemptResult[] = [];
  const base = { pipeline: scope.pipeline, runId: scope.runId, job: job.key };
  for (let attempt = firstAttempt; ; attempt++) {
    const startedAt = new Date();
    try {
      await log.write(scope.row(job, { status: 'in_progress', event: 'started', attempt, startTime: startedAt }));
    } catch (error) {
      scope.fatal(error);
      return { ok: false, attempts, error: classifyError(error) };
    }
    if (signal.aborted) return { ok: false, attempts, error: classifyError(signal.reason) };
    bus.emit('job:start', { ...base, time: startedAt, attempt, maxAttempts });
    const onDurationWarning = (warnAfterSeconds: number) =>
      bus.emit('job:duration_warning', {
        ...base,
        time: new Date(),
        attempt,
        elapsedSeconds: warnAfterSeconds,
        warnAfterSeconds,
      });
    const outcome = await runAttempt(job, { attempt, maxAttempts, runSignal: signal, onDurationWarning }, scope.execute);
    const endedAt = new Date();
    if (outcome.ok) {
      attempts.push({ attempt, status: 'success', startedAt, endedAt });
      return { ok: true, attempts, value: outcome.value };
    }
    const { error } = outcome;
    attempts.push({ attempt, status: error.class === 'canceled' ? 'canceled' : 'failed', startedAt, endedAt, error });
    const willRetry = !signal.aborted && (await shouldRetry(job.retry, error, attempt, maxAttempts));
    bus.emit('job:attempt_failed', { ...base, time: endedAt, attempt, maxAttempts, error, willRetry });
    const failedRow = scope.row(job, {
      status: willRetry ? 'in_progress' : 'failed',
      event: 'attempt_failed',
      attempt,
      startTime: startedAt,
      endTime: endedAt,
      errorMessage: error.message,
      details: JSON.stringify({ errorClass: error.class }),
    });
    if (!willRetry) {
      log.write(failedRow).catch(scope.fatal);
      return { ok: false, attempts, error };
    }
    const delayMs = retryDelayMs(job.retry, attempt - firstAttempt + 1, scope.random);
    const retryRow = scope.row(job, {
      status: 'in_progress',
      event: 'retry_scheduled',
      attempt,
      details: JSON.stringify({ delayMs, nextAttempt: attempt + 1 }),
    });
    log.write(failedRow, retryRow).catch(scope.fatal);
    bus.emit('job:retry', { ...base, time: new Date(), attempt: attempt + 1, maxAttempts, delayMs });
    try {
      await abortableDelay(delayMs, signal);
    } catch (reason) {
      return { ok: false, attempts, error: classifyError(reason) };
    }
  }
}
