import type { JobContext, JobError } from '../builder/job-spec.js';
import { JobTimeoutError } from '../errors.js';
import type { JobDefinition } from '../graph/job-definition.js';
import { raceAbort, type SignalRace } from './abortable.js';
import { classifyError } from './classify-error.js';

/** How one attempt ended. */
export type AttemptOutcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: JobError };

/** Which attempt is being made, and the signal it must honour. */
export interface AttemptInfo {
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly maxAttempts: number;
}

/** Runs the work of one attempt, whatever kind of job it is; may return a value or a promise. */
export type JobExecutor = (job: JobDefinition, attempt: AttemptInfo) => unknown;

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
}

/**
 * Runs one attempt under the job's `timeoutSeconds` and the run's signal. The attempt ends
 * as soon as either aborts, even when the work ignores its signal; the abort reason then
 * decides the failure class (timeout, deadline, cancellation).
 */
export async function runAttempt(job: JobDefinition, options: AttemptOptions, execute: JobExecutor): Promise<AttemptOutcome> {
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
    const work = () => execute(job, { signal, attempt: options.attempt, maxAttempts: options.maxAttempts });
    const value = await (controller ? raceAbort(signal, work) : options.runRace.race(work));
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
  return (job, attempt) => (job.run as NonNullable<JobDefinition['run']>)(makeContext(job, attempt));
}
