import type { JobDefinition } from '../../graph/job-definition.js';
import type { JobContext } from '../../graph/job-spec.js';
import { JobTimeoutError } from '../../model/errors.js';
import { raceAbort } from '../../util/abortable.js';

/** A Databricks run that an attempt started. */
export interface TriggeredRunInfo {
  readonly jobId?: number;
  readonly runId: number;
  readonly runPageUrl?: string;
}

/** Which attempt is being made, the signal it must honour, and where to record its run. */
export interface AttemptInfo {
  readonly signal: AbortSignal;
  /** The job's index in its pipeline. */
  readonly index: number;
  readonly attempt: number;
  readonly maxAttempts: number;
  /** Records the external run the attempt started; durable when the promise resolves. */
  readonly recordRun: (run: TriggeredRunInfo) => Promise<void>;
  /** The run a resumed attempt already started: watch it, do not trigger again. */
  readonly existingRun?: TriggeredRunInfo;
  /**
   * The Databricks run this attempt repairs instead of triggering a new one: the previous
   * attempt's, which failed in some of its tasks.
   */
  readonly repair?: RepairTarget;
  /**
   * Records, durably, that the attempt is about to repair its run, and the run's latest
   * repair id before it (`null`: never repaired): a resume knows then whether it happened.
   */
  readonly recordRepair: (latestRepairId: number | null) => Promise<void>;
}

/** A run to repair, and what a resumed attempt recorded before repairing it. */
export interface RepairTarget {
  readonly run: TriggeredRunInfo;
  /**
   * The run's latest repair id an earlier process recorded before repairing (`null`: none
   * then); absent when this attempt has not recorded one yet.
   */
  readonly recordedLatestRepairId?: number | null;
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

/**
 * Runs the work of one attempt within its limits: the job's `timeoutSeconds`, and a duration
 * warning (`warn`, called once if the attempt outlives the job's `warnAfterSeconds`).
 * Resolves with the attempt's value or rejects with what it threw. When the run's signal
 * (`info.signal`) or the timeout aborts, an executor that honours signals is awaited (it
 * cancels its run); any other attempt ends at once, even if its work ignores the signal, and
 * rejects with the abort reason (the work is abandoned).
 */
export async function runAttempt(
  job: JobDefinition,
  info: AttemptInfo,
  executor: JobExecutor,
  warn: (() => void) | undefined,
): Promise<unknown> {
  const runSignal = info.signal;
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
  const warnAfter = job.warnAfterSeconds;
  const warning = warn && warnAfter !== undefined ? setTimeout(warn, warnAfter * 1000) : undefined;
  try {
    const own = controller ? { ...info, signal } : info;
    const work = () => executor.run(job, own);
    return await (executor.honoursSignal ? work() : raceAbort(signal, work));
  } catch (thrown) {
    throw signal.aborted ? signal.reason : thrown;
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
