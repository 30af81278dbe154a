import type { JobContext, JobError } from '../builder/job-spec.js';
import { JobTimeoutError } from '../errors.js';
import type { JobDefinition } from '../graph/job-definition.js';
import { raceAbort, type SignalRace } from './abortable.js';
import { classifyError } from './classify-error.js';

/** How one attempt ended. */
export type AttemptOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JobError };

/** A Databricks run that an attempt started. */
export interface TriggeredRunInfo {
  readonly jobId?: number;
  readonly runId: number;
  readonly runPageUrl?: string;
}

/** Which attempt is being made, the signal it must honour, and where to record its run. */
export interface AttemptInfo {
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Records the external run the attempt started; durable when the promise resolves. */
  readonly recordRun: (run: TriggeredRunInfo) => Promise<void>;
  /** The run a resumed attempt already started: watch it, do not trigger again. */
  readonly existingRun?: TriggeredRunInfo;
}

/** Runs the work of one attempt, whatever kind of job it is. */
export interface JobExecutor {
  /** Runs one attempt; may return a value or a promise. */
  run(job: JobDefinition, attempt: AttemptInfo): unknown;
  /**
   * Whether `run` stops by itself, promptly, when the attempt's signal aborts (a Databricks
   * run is canceled and waited for). Otherwise the attempt is abandoned at the abort.
   */
  readonly honoursSignal: boolean;
}

/** What one attempt needs besides the job. */
export interface AttemptOptions {
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Aborts when the run is canceled or passes its deadline. */
  readonly runSignal: AbortSignal;
  /** Races work against `runSignal` (shared by all attempts of the run). */
  readonly runRace: SignalRace;
  /** Called once if the attempt outlives the job's `warnAfterSeconds`. */
  readonly warn: ((elapsedSeconds: number) => void) | undefined;
  /** See {@link AttemptInfo.recordRun}. */
  readonly recordRun: (run: TriggeredRunInfo) => Promise<void>;
  /** See {@link AttemptInfo.existingRun}. */
  readonly existingRun?: TriggeredRunInfo;
}

/**
 * Runs one attempt under the job's `timeoutSeconds` and the run's signal. When either aborts,
 * an executor that honours signals is awaited (it cancels its run); any other attempt ends at
 * once, even if its work ignores the signal. The abort reason then decides the failure class.
 */
export function runAttempt(job: JobDefinition, options: AttemptOptions, executor: JobExecutor): Promise<AttemptOutcome> {
  if (job.timeoutSeconds === undefined && job.warnAfterSeconds === undefined && !executor.honoursSignal) {
    // The common case of in-process work with no limits: one race on the run's signal.
    const { runSignal } = options;
    const info: AttemptInfo = {
      signal: runSignal,
      attempt: options.attempt,
      maxAttempts: options.maxAttempts,
      recordRun: options.recordRun,
    };
    return options.runRace
      .race(() => executor.run(job, info))
      .then(succeeded, (thrown: unknown) => failed(runSignal.aborted ? runSignal.reason : thrown));
  }
  return runGuardedAttempt(job, options, executor);
}

function succeeded(value: unknown): AttemptOutcome {
  return { ok: true, value };
}

function failed(thrown: unknown): AttemptOutcome {
  return { ok: false, error: classifyError(thrown) };
}

/** An attempt with a timeout, a duration warning, or an executor that cancels its own work. */
async function runGuardedAttempt(job: JobDefinition, options: AttemptOptions, executor: JobExecutor): Promise<AttemptOutcome> {
  const { runSignal } = options;
  const limit = job.timeoutSeconds;
  // Only attempts with a timeout get a signal of their own; the rest share the run's.
  const controller = limit === undefined || runSignal.aborted ? undefined : new AbortController();
  const signal = controller?.signal ?? runSignal;
  const forward = controller && (() => controller.abort(runSignal.reason));
  let timeout: ReturnType<typeof setTimeout> | undefined;
  if (controller && forward && limit !== undefined) {
    runSignal.addEventListener('abort', forward, { once: true });
    timeout = setTimeout(() => controller.abort(new JobTimeoutError(job.key, limit)), limit * 1000);
  }
  const { warn } = options;
  const warnAfter = job.warnAfterSeconds;
  const warning = warn && warnAfter !== undefined ? setTimeout(() => warn(warnAfter), warnAfter * 1000) : undefined;
  try {
    const info: AttemptInfo = {
      signal,
      attempt: options.attempt,
      maxAttempts: options.maxAttempts,
      recordRun: options.recordRun,
      ...(options.existingRun ? { existingRun: options.existingRun } : {}),
    };
    const work = () => executor.run(job, info);
    const value = await (executor.honoursSignal ? work() : controller ? raceAbort(signal, work) : options.runRace.race(work));
    return { ok: true, value };
  } catch (thrown) {
    return { ok: false, error: classifyError(signal.aborted ? signal.reason : thrown) };
  } finally {
    if (forward) {
      clearTimeout(timeout);
      runSignal.removeEventListener('abort', forward);
    }
    if (warning) clearTimeout(warning);
  }
}

/** Builds the executor of in-process jobs: calls `job.run` with a frozen context. */
export function inProcessExecutor(makeContext: (job: JobDefinition, attempt: AttemptInfo) => JobContext): JobExecutor {
  return {
    run: (job, attempt) => (job.run as NonNullable<JobDefinition['run']>)(makeContext(job, attempt)),
    honoursSignal: false,
  };
}
