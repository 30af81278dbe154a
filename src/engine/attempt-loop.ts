import type { JobError } from '../builder/job-spec.js';
import type { StoreError } from '../errors.js';
import type { JobDefinition } from '../graph/job-definition.js';
import { isThenable } from '../is-thenable.js';
import { abortableDelay } from './abortable.js';
import { type AttemptInfo, type JobExecutor, runLimitedAttempt, type TriggeredRunInfo } from './attempt.js';
import { classifyError } from './classify-error.js';
import type { AttemptStart, AttemptsEnded, JobOutcome, RunScope } from './job-runner.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';
import type { LogWaiter } from './run-log.js';
import type { AttemptResult } from './run-result.js';
import type { LogRow } from './run-rows.js';

/**
 * The attempts of one job as a chain of steps, each called when what the one before waits
 * for settles: the intent row, then the work. The job's state lives here. (An async loop
 * that raced each attempt in a promise of its own allocated about twice as much per job.)
 */
export class AttemptLoop implements LogWaiter {
  readonly #scope: RunScope;
  readonly #index: number;
  readonly #job: JobDefinition;
  readonly #executor: JobExecutor;
  readonly #onEnd: AttemptsEnded;
  readonly #firstAttempt: number;
  readonly #maxAttempts: number;
  /** In-process work with no limits: awaited here, abandoned when the run stops. */
  readonly #plain: boolean;
  #attempts: AttemptResult[];
  /** A Databricks run a resumed first attempt already started. */
  #reattach: TriggeredRunInfo | undefined;
  /** The Databricks run of the current attempt, once known. */
  #triggered: TriggeredRunInfo | undefined;
  #attempt = 0;
  #startedAt: Date | undefined;
  /** Whether the current attempt's work is awaited: false once it settled or was abandoned. */
  #awaiting = false;

  readonly #succeeded = (value: unknown) => {
    if (this.#settle()) this.#end(this.#success(value));
  };
  readonly #threw = (thrown: unknown) => {
    if (this.#settle()) void this.#retryOrEnd(thrown);
  };

  constructor(scope: RunScope, index: number, job: JobDefinition, start: AttemptStart, onEnd: AttemptsEnded) {
    this.#scope = scope;
    this.#index = index;
    this.#job = job;
    this.#executor = scope.executorFor(job);
    this.#onEnd = onEnd;
    this.#firstAttempt = start.firstAttempt ?? 1;
    this.#maxAttempts = this.#firstAttempt + job.retry.maxRetries;
    this.#plain = job.timeoutSeconds === undefined && job.warnAfterSeconds === undefined && !this.#executor.honoursSignal;
    this.#attempts = start.earlier ? [...start.earlier] : [];
    this.#reattach = start.reattach;
  }

  /** Makes attempt number `attempt` once its intent is durable. */
  begin(attempt: number): void {
    this.#attempt = attempt;
    this.#startedAt = this.#scope.clock.now();
    this.#scope.log.writeThen(this.#intent(), this);
  }

  /** The attempt's intent is durable: the attempt starts. */
  durable(): void {
    const { signal, aborts } = this.#scope;
    if (signal.aborted) {
      this.#end(this.#failure(classifyError(signal.reason)));
      return;
    }
    const info = this.#announce();
    this.#awaiting = true;
    if (signal.aborted) {
      // A listener of the announcement stopped the run: the work does not start.
      this.#threw(signal.reason);
      return;
    }
    let work: unknown;
    try {
      work = this.#plain
        ? this.#executor.run(this.#job, info)
        : runLimitedAttempt(this.#job, info, this.#executor, this.#warning());
      if (isThenable(work)) {
        // Plain work may ignore the signal: the run's abort ends the attempt without it.
        if (this.#plain) aborts.set(this.#index, this.#threw);
        work.then(this.#succeeded, this.#threw);
        return;
      }
    } catch (thrown) {
      // Thrown by the work, or by a thenable's `then` (ignored if the attempt has settled).
      this.#threw(thrown);
      return;
    }
    this.#succeeded(work);
  }

  /** The attempt's intent was not recorded: the job ends (the log has stopped the run). */
  lost(failure: StoreError): void {
    this.#end(this.#failure(classifyError(failure)));
  }

  /** Ends the wait for the current attempt's work; false if it had already ended. */
  #settle(): boolean {
    if (!this.#awaiting) return false;
    this.#awaiting = false;
    if (this.#plain) this.#scope.aborts.clear(this.#index);
    return true;
  }

  /** After a failed attempt: the next attempt after its delay, or the end of the job. */
  async #retryOrEnd(thrown: unknown): Promise<void> {
    const { signal } = this.#scope;
    const error = classifyError(signal.aborted ? signal.reason : thrown);
    let delayMs: number | undefined;
    try {
      delayMs = await this.#attemptFailed(error);
      if (delayMs !== undefined) await abortableDelay(delayMs, signal);
    } catch (reason) {
      // The run stopped during the delay (or recording the failure broke).
      this.#end(this.#failure(classifyError(reason)));
      return;
    }
    if (delayMs === undefined) this.#end(this.#failure(error));
    else this.begin(this.#attempt + 1);
  }

  #end(outcome: JobOutcome): void {
    this.#onEnd(this.#index, outcome);
  }

  /** The `started` (or `reattached`) row of the current attempt. */
  #intent(): LogRow {
    const reattach = this.#reattach;
    const startedAt = this.#startedAt as Date;
    const event = reattach ? 'reattached' : 'started';
    const intent = this.#scope.rows.job(this.#index, this.#job.key, 'in_progress', event, this.#attempt, startedAt);
    intent.startTime = startedAt;
    return reattach ? stampRun(intent, reattach) : intent;
  }

  /** Announces the current attempt and describes it to its executor. */
  #announce(): AttemptInfo {
    const { bus, pipeline, runId, signal } = this.#scope;
    const attempt = this.#attempt;
    const maxAttempts = this.#maxAttempts;
    const startedAt = this.#startedAt as Date;
    if (bus.has('job:start'))
      bus.emit('job:start', { pipeline, runId, time: startedAt, job: this.#job.key, attempt, maxAttempts });
    const existingRun = this.#reattach;
    this.#triggered = existingRun;
    this.#reattach = undefined;
    const recordRun =
      this.#job.kind === 'databricks' ? (run: TriggeredRunInfo) => this.#recordRun(run, attempt, startedAt) : noExternalRun;
    const info = { signal, index: this.#index, attempt, maxAttempts, recordRun };
    return existingRun ? { ...info, existingRun } : info;
  }

  /** The duration warning of the current attempt, when the job has one. */
  #warning(): ((elapsedSeconds: number) => void) | undefined {
    if (this.#job.warnAfterSeconds === undefined) return undefined;
    const { bus, pipeline, runId } = this.#scope;
    const job = this.#job.key;
    const attempt = this.#attempt;
    return (seconds) =>
      bus.emit('job:duration_warning', {
        pipeline,
        runId,
        time: new Date(),
        job,
        attempt,
        elapsedSeconds: seconds,
        warnAfterSeconds: seconds,
      });
  }

  /** Records the Databricks run an attempt triggered (`triggered` row, then the event). */
  #recordRun(run: TriggeredRunInfo, attempt: number, startedAt: Date): Promise<void> {
    const { bus, log, rows, pipeline, runId } = this.#scope;
    this.#triggered = run;
    const time = new Date();
    const row = rows.job(this.#index, this.#job.key, 'in_progress', 'triggered', attempt, time);
    row.startTime = startedAt;
    return log.write(stampRun(row, run)).then(() => {
      const link = run.runPageUrl === undefined ? {} : { runPageUrl: run.runPageUrl };
      bus.emit('job:triggered', { pipeline, runId, time, job: this.#job.key, attempt, databricksRunId: run.runId, ...link });
    });
  }

  #success(value: unknown): JobOutcome {
    const endedAt = this.#scope.clock.now();
    const attempt = this.#attempt;
    const startedAt = this.#startedAt as Date;
    const run = this.#triggered;
    this.#add(
      run
        ? { attempt, status: 'success', startedAt, endedAt, ...externalRun(run) }
        : { attempt, status: 'success', startedAt, endedAt },
    );
    return { ok: true, maxAttempts: this.#maxAttempts, attempts: this.#attempts, value };
  }

  /** Adds an attempt's result (most jobs make one attempt: an array of one, not one grown for more). */
  #add(result: AttemptResult): void {
    if (this.#attempts.length === 0) this.#attempts = [result];
    else this.#attempts.push(result);
  }

  #failure(error: JobError): JobOutcome {
    return { ok: false, maxAttempts: this.#maxAttempts, attempts: this.#attempts, error };
  }

  /**
   * Records a failed attempt and decides on a retry: resolves with the delay before the next
   * attempt, or `undefined` when there is none.
   */
  async #attemptFailed(error: JobError): Promise<number | undefined> {
    const { bus, log, rows, signal, pipeline, runId } = this.#scope;
    const { key, retry } = this.#job;
    const attempt = this.#attempt;
    const startedAt = this.#startedAt as Date;
    const maxAttempts = this.#maxAttempts;
    const endedAt = this.#scope.clock.now();
    const run = this.#triggered;
    const status = error.class === 'canceled' ? 'canceled' : 'failed';
    this.#add({ attempt, status, startedAt, endedAt, error, ...(run ? externalRun(run) : {}) });
    const willRetry = !signal.aborted && (await shouldRetry(retry, error, attempt, maxAttempts));
    bus.emit('job:attempt_failed', { pipeline, runId, time: endedAt, job: key, attempt, maxAttempts, error, willRetry });
    const failed = rows.job(this.#index, key, willRetry ? 'in_progress' : 'failed', 'attempt_failed', attempt, endedAt);
    failed.startTime = startedAt;
    failed.endTime = endedAt;
    failed.errorMessage = error.message;
    failed.databricksRunId = run?.runId ?? null;
    failed.runPageUrl = run?.runPageUrl ?? null;
    failed.details = JSON.stringify({ errorClass: error.class });
    if (!willRetry) {
      log.record(failed);
      return undefined;
    }
    const delayMs = retryDelayMs(retry, attempt - this.#firstAttempt + 1, this.#scope.random);
    const scheduled = rows.job(this.#index, key, 'in_progress', 'retry_scheduled', attempt, endedAt);
    scheduled.details = JSON.stringify({ delayMs, nextAttempt: attempt + 1 });
    log.record(failed);
    log.record(scheduled);
    bus.emit('job:retry', { pipeline, runId, time: endedAt, job: key, attempt: attempt + 1, maxAttempts, delayMs });
    return delayMs;
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
