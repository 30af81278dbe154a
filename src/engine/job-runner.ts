import type { JobError } from '../builder/job-spec.js';
import type { JobDefinition } from '../graph/job-definition.js';
import { abortableDelay, type SignalRace } from './abortable.js';
import { type AttemptOptions, type JobExecutor, runAttempt, type TriggeredRunInfo } from './attempt.js';
import { classifyError } from './classify-error.js';
import type { EventBus } from './event-bus.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';
import type { RunLog } from './run-log.js';
import type { AttemptResult } from './run-result.js';
import type { LogRow, RunRows } from './run-rows.js';

/** What the attempt loop needs from the run it belongs to. */
export interface RunScope {
  readonly pipeline: string;
  readonly runId: string;
  readonly signal: AbortSignal;
  /** Races attempts against `signal`. */
  readonly race: SignalRace;
  readonly bus: EventBus;
  readonly log: RunLog;
  readonly rows: RunRows;
  readonly random: () => number;
  /** The executor of a job, by its kind. */
  executorFor(job: JobDefinition): JobExecutor;
  /** Reports a store failure; the run stops. */
  fatal(error: unknown): void;
}

/** Where a job's attempts start: from a resumed run's plan, or from scratch. */
export interface AttemptStart {
  /** Number of the first attempt made now. @default 1 */
  readonly firstAttempt?: number;
  /** Attempts already made in earlier processes, kept in the result. */
  readonly earlier?: readonly AttemptResult[];
  /** A Databricks run the first attempt already started: watch it instead of triggering. */
  readonly reattach?: TriggeredRunInfo;
}

/** How a job's attempts ended. */
export interface JobOutcome {
  readonly ok: boolean;
  /** Attempts allowed in this execution of the run (the last one's number). */
  readonly maxAttempts: number;
  readonly attempts: readonly AttemptResult[];
  readonly value?: unknown;
  readonly error?: JobError;
}

/**
 * Runs the attempts of job `index` until one succeeds, a failure is not retried, or the run
 * stops. Before each attempt its intent (`started`, attempt N) is durable in the log.
 */
export async function runJobAttempts(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  start: AttemptStart = {},
): Promise<JobOutcome> {
  const { bus, log, rows, signal, pipeline, runId } = scope;
  const firstAttempt = start.firstAttempt ?? 1;
  const maxAttempts = firstAttempt + job.retry.maxRetries;
  const attempts: AttemptResult[] = start.earlier ? [...start.earlier] : [];
  let reattach = start.reattach;
  for (let attempt = firstAttempt; ; attempt++) {
    const startedAt = new Date();
    const intent = rows.job(index, job.key, 'in_progress', reattach ? 'reattached' : 'started', attempt, startedAt);
    intent.startTime = startedAt;
    if (reattach) stampRun(intent, reattach);
    try {
      await log.write(intent);
    } catch (error) {
      scope.fatal(error);
      return { ok: false, maxAttempts, attempts, error: classifyError(error) };
    }
    if (signal.aborted) return { ok: false, maxAttempts, attempts, error: classifyError(signal.reason) };
    if (bus.has('job:start')) bus.emit('job:start', { pipeline, runId, time: startedAt, job: job.key, attempt, maxAttempts });
    const warn =
      job.warnAfterSeconds === undefined
        ? undefined
        : (seconds: number) =>
            bus.emit('job:duration_warning', {
              pipeline,
              runId,
              time: new Date(),
              job: job.key,
              attempt,
              elapsedSeconds: seconds,
              warnAfterSeconds: seconds,
            });
    let triggered: TriggeredRunInfo | undefined;
    const recordRun =
      job.kind !== 'databricks'
        ? noExternalRun
        : (run: TriggeredRunInfo) => {
            triggered = run;
            const time = new Date();
            const row = rows.job(index, job.key, 'in_progress', 'triggered', attempt, time);
            row.startTime = startedAt;
            return log.write(stampRun(row, run)).then(() => {
              const link = run.runPageUrl === undefined ? {} : { runPageUrl: run.runPageUrl };
              bus.emit('job:triggered', { pipeline, runId, time, job: job.key, attempt, databricksRunId: run.runId, ...link });
            });
          };
    const options: AttemptOptions = reattach
      ? { attempt, maxAttempts, runSignal: signal, runRace: scope.race, warn, recordRun, existingRun: reattach }
      : { attempt, maxAttempts, runSignal: signal, runRace: scope.race, warn, recordRun };
    triggered = reattach;
    reattach = undefined;
    const outcome = await runAttempt(job, options, scope.executorFor(job));
    const endedAt = new Date();
    const run = triggered ? externalRun(triggered) : undefined;
    if (outcome.ok) {
      attempts.push(
        run ? { attempt, status: 'success', startedAt, endedAt, ...run } : { attempt, status: 'success', startedAt, endedAt },
      );
      return { ok: true, maxAttempts, attempts, value: outcome.value };
    }
    const { error } = outcome;
    attempts.push({ attempt, status: error.class === 'canceled' ? 'canceled' : 'failed', startedAt, endedAt, error, ...run });
    const willRetry = !signal.aborted && (await shouldRetry(job.retry, error, attempt, maxAttempts));
    bus.emit('job:attempt_failed', { pipeline, runId, time: endedAt, job: job.key, attempt, maxAttempts, error, willRetry });
    const failed = rows.job(index, job.key, willRetry ? 'in_progress' : 'failed', 'attempt_failed', attempt, endedAt);
    failed.startTime = startedAt;
    failed.endTime = endedAt;
    failed.errorMessage = error.message;
    failed.databricksRunId = triggered?.runId ?? null;
    failed.runPageUrl = triggered?.runPageUrl ?? null;
    failed.details = JSON.stringify({ errorClass: error.class });
    if (!willRetry) {
      log.write(failed).catch(scope.fatal);
      return { ok: false, maxAttempts, attempts, error };
    }
    const delayMs = retryDelayMs(job.retry, attempt - firstAttempt + 1, scope.random);
    const scheduled = rows.job(index, job.key, 'in_progress', 'retry_scheduled', attempt, endedAt);
    scheduled.details = JSON.stringify({ delayMs, nextAttempt: attempt + 1 });
    log.write(failed, scheduled).catch(scope.fatal);
    bus.emit('job:retry', { pipeline, runId, time: endedAt, job: job.key, attempt: attempt + 1, maxAttempts, delayMs });
    try {
      await abortableDelay(delayMs, signal);
    } catch (reason) {
      return { ok: false, maxAttempts, attempts, error: classifyError(reason) };
    }
  }
}

/** `recordRun` of in-process attempts, which start no external run. */
function noExternalRun(): Promise<void> {
  return Promise.reject(new Error('an in-process attempt has no external run to record'));
}

/** The Databricks fields of an {@link AttemptResult}. */
function externalRun(run: TriggeredRunInfo): Pick<AttemptResult, 'databricksRunId' | 'runPageUrl'> {
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
