import type { JobDefinition } from '../../graph/job-definition.js';
import type { JobError } from '../../model/job-error.js';
import type { JobExecutor, RepairTarget, TriggeredRunInfo } from '../attempts/attempt-work.js';
import type { EventBus } from '../event-bus.js';
import type { LeaseGuard } from '../log/lease-keeper.js';
import type { RunLog } from '../log/run-log.js';
import type { RunRows } from '../log/run-rows.js';
import type { AttemptResult } from '../run-result.js';

/** What a job's attempts, checks and rollbacks need from the pipeline run they belong to. */
export interface RunScope {
  readonly pipeline: string;
  readonly runId: string;
  /** The run's parameters. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Aborts when the run stops (canceled, deadline, store failure). */
  readonly signal: AbortSignal;
  readonly bus: EventBus;
  readonly log: RunLog;
  readonly rows: RunRows;
  /** The run's lease: checked before anything changes in Databricks or in a table. */
  readonly lease: LeaseGuard;
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
  /** A Databricks run the first attempt was repairing when its process stopped. */
  readonly repair?: RepairTarget;
  /**
   * The first attempt continues one an earlier process began and never recorded the end of
   * (a `reattach` or a `repeat`): if its Databricks run turns out canceled, nobody recorded
   * why — brickwork stopping after a store failure, a process dying mid-cancel — so it is
   * not the job's outcome, and a new attempt follows, not counted against the retries.
   */
  readonly continues?: boolean;
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
