import type { JobDefinition } from '../../graph/job-definition.js';
import { backoffDelayMs } from '../../model/backoff.js';
import type { JobError } from '../../model/job-error.js';
import { abortableDelay } from '../../util/abortable.js';
import type { LogRow } from '../log/run-rows.js';
import type { AttemptResult } from '../run-result.js';
import type { AttemptStart, JobOutcome, RunScope } from '../scheduling/run-scope.js';
import { type AttemptInfo, type RepairTarget, runAttempt, type TriggeredRunInfo } from './attempt-work.js';
import { classifyError } from './classify-error.js';
import { firstRepairOf, repairs } from './repair-target.js';
import { shouldRetry } from './retry-policy.js';

/**
 * Runs the attempts of job `index` until one succeeds, a failure is not retried, or the run
 * stops. Each attempt: its intent (`started`, attempt N) is durable → it is announced → its
 * work runs → a failure is classified → retried or not → the delay is recorded, then waited.
 * Never rejects: a failure of the log ends the job (and the log has stopped the run).
 */
export async function runJobAttempts(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  start: AttemptStart,
): Promise<JobOutcome> {
  const { signal } = scope;
  const executor = scope.executorFor(job);
  const firstAttempt = start.firstAttempt ?? 1;
  let maxAttempts = firstAttempt + job.retry.maxRetries;
  const attempts: AttemptResult[] = [...(start.earlier ?? [])];
  const failure = (error: JobError): JobOutcome => ({ ok: false, maxAttempts, attempts, error });
  let existingRun = start.reattach;
  let repair: RepairTarget | undefined = firstRepairOf(job, start);
  for (let attempt = firstAttempt; ; attempt++) {
    const startedAt = new Date();
    try {
      await scope.log.write(intentRow(scope, index, job, attempt, startedAt, existingRun));
    } catch (error) {
      return failure(classifyError(error));
    }
    if (signal.aborted) return failure(classifyError(signal.reason));
    // A repaired run is the attempt's run from the start.
    const repaired = repair?.run;
    let triggered = existingRun ?? repaired;
    const info: AttemptInfo = {
      signal,
      index,
      attempt,
      maxAttempts,
      recordRun: (run) => {
        triggered = run;
        return recordRun(scope, index, job, attempt, startedAt, run);
      },
      recordRepair: (latestRepairId) => recordRepair(scope, index, job, attempt, repaired, latestRepairId),
      ...(existingRun ? { existingRun } : {}),
      ...(repair ? { repair } : {}),
    };
    existingRun = undefined;
    repair = undefined;
    if (scope.bus.has('job:start')) {
      scope.bus.emit('job:start', { ...eventBase(scope), job: job.key, attempt, maxAttempts });
    }
    try {
      // A listener of the announcement may have stopped the run: the work does not start.
      if (signal.aborted) throw signal.reason;
      const value = await runAttempt(job, info, executor, durationWarning(scope, job, attempt));
      attempts.push({ attempt, status: 'success', startedAt, endedAt: new Date(), ...externalRun(triggered) });
      return { ok: true, maxAttempts, attempts, value };
    } catch (thrown) {
      let error = classifyError(signal.aborted ? signal.reason : thrown);
      const interrupted = attempt === firstAttempt && start.continues === true && !signal.aborted && error.class === 'canceled';
      if (interrupted) {
        error = {
          ...error,
          message: `${error.message} (canceled while no brickwork process could record why: a new attempt starts)`,
        };
        maxAttempts++;
      }
      const endedAt = new Date();
      const status = error.class === 'canceled' ? 'canceled' : 'failed';
      attempts.push({ attempt, status, startedAt, endedAt, error, ...externalRun(triggered) });
      const willRetry = !signal.aborted && (interrupted || (await shouldRetry(job.retry, error, attempt, maxAttempts)));
      // The next attempt repairs a run that failed in its tasks, rather than start anew.
      if (willRetry && !interrupted && repairs(job, error, triggered)) repair = { run: triggered };
      const failed = attemptFailedRow(scope, index, job, attempt, willRetry, { startedAt, endedAt, error, triggered });
      // Why brickwork canceled the Databricks run, for whoever reads the log.
      if (signal.aborted && triggered) failed.details = JSON.stringify({ errorClass: error.class, canceledBy: 'brickwork' });
      scope.bus.emit('job:attempt_failed', {
        ...eventBase(scope),
        job: job.key,
        attempt,
        maxAttempts,
        error,
        willRetry,
      });
      scope.log.record(failed);
      if (!willRetry) return failure(error);
      const delayMs = interrupted
        ? 0
        : (error.retryAfterMs ?? backoffDelayMs(job.retry, attempt - firstAttempt + 1, scope.random));
      const scheduled = scope.rows.job(index, job.key, 'in_progress', 'retry_scheduled', attempt, new Date());
      scheduled.details = JSON.stringify({ delayMs, nextAttempt: attempt + 1 });
      scope.log.record(scheduled);
      scope.bus.emit('job:retry', { ...eventBase(scope), job: job.key, attempt: attempt + 1, maxAttempts, delayMs });
      try {
        await abortableDelay(delayMs, signal);
      } catch (reason) {
        return failure(classifyError(reason));
      }
    }
  }
}

function eventBase(scope: RunScope): { pipeline: string; runId: string; time: Date } {
  return { pipeline: scope.pipeline, runId: scope.runId, time: new Date() };
}

/** The `started` row of an attempt, or `reattached` when it watches a run an earlier process started. */
function intentRow(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  attempt: number,
  startedAt: Date,
  existingRun: TriggeredRunInfo | undefined,
): LogRow {
  const row = scope.rows.job(index, job.key, 'in_progress', existingRun ? 'reattached' : 'started', attempt, startedAt);
  row.startTime = startedAt;
  return existingRun ? stampRun(row, existingRun) : row;
}

/** The `attempt_failed` row: `failed` when no retry follows, else still `in_progress`. */
function attemptFailedRow(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  attempt: number,
  willRetry: boolean,
  end: { startedAt: Date; endedAt: Date; error: JobError; triggered: TriggeredRunInfo | undefined },
): LogRow {
  const row = scope.rows.job(index, job.key, willRetry ? 'in_progress' : 'failed', 'attempt_failed', attempt, end.endedAt);
  row.startTime = end.startedAt;
  row.endTime = end.endedAt;
  row.errorMessage = end.error.message;
  row.databricksRunId = end.triggered?.runId ?? null;
  row.runPageUrl = end.triggered?.runPageUrl ?? null;
  row.details = JSON.stringify({ errorClass: end.error.class });
  return row;
}

/** The duration warning of an attempt, when the job has one. */
function durationWarning(scope: RunScope, job: JobDefinition, attempt: number): (() => void) | undefined {
  const warnAfterSeconds = job.warnAfterSeconds;
  if (warnAfterSeconds === undefined) return undefined;
  return () =>
    scope.bus.emit('job:duration_warning', {
      ...eventBase(scope),
      job: job.key,
      attempt,
      elapsedSeconds: warnAfterSeconds,
      warnAfterSeconds,
    });
}

/** Records the Databricks run an attempt triggered (`triggered` row, durable), then announces it. */
async function recordRun(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  attempt: number,
  startedAt: Date,
  run: TriggeredRunInfo,
): Promise<void> {
  if (job.kind !== 'databricks') throw new Error('an in-process attempt has no external run to record');
  const row = scope.rows.job(index, job.key, 'in_progress', 'triggered', attempt, new Date());
  row.startTime = startedAt;
  await scope.log.write(stampRun(row, run));
  const link = run.runPageUrl === undefined ? {} : { runPageUrl: run.runPageUrl };
  scope.bus.emit('job:triggered', { ...eventBase(scope), job: job.key, attempt, databricksRunId: run.runId, ...link });
}

/** The Databricks fields of an {@link AttemptResult}. */
function externalRun(run: TriggeredRunInfo | undefined): Pick<AttemptResult, 'databricksRunId' | 'runPageUrl'> {
  if (!run) return {};
  return run.runPageUrl === undefined
    ? { databricksRunId: run.runId }
    : { databricksRunId: run.runId, runPageUrl: run.runPageUrl };
}

/** Fills in the Databricks columns of a row. */
function stampRun(row: LogRow, run: TriggeredRunInfo): LogRow {
  row.databricksJobId = run.jobId ?? null;
  row.databricksRunId = run.runId;
  row.runPageUrl = run.runPageUrl ?? null;
  return row;
}

/** The `repairing` row: the attempt is about to repair `run`, whose latest repair was `latestRepairId`. */
function recordRepair(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  attempt: number,
  run: TriggeredRunInfo | undefined,
  latestRepairId: number | null,
): Promise<void> {
  const row = scope.rows.job(index, job.key, 'in_progress', 'repairing', attempt, new Date());
  row.databricksRunId = run?.runId ?? null;
  row.details = JSON.stringify({ latestRepairId });
  return scope.log.write(row);
}
