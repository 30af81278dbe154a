import type { CheckResult } from '../adapters/check.js';
import type { JobStatus } from '../adapters/metadata-store.js';
import type { TableRestore } from '../adapters/rollback-strategy.js';
import type { JobError } from '../model/job-error.js';
import type { DatabricksOutput, JobOutputs } from '../model/job-outputs.js';
import type { NotificationDelivery } from './alerts/deliver.js';

/** One attempt of a job. Every date of a result is its own object, shared with nothing else. */
export interface AttemptResult {
  /** 1-based attempt number. */
  readonly attempt: number;
  /** How the attempt ended. */
  readonly status: 'success' | 'failed' | 'canceled';
  /** When the attempt started (after its intent was recorded). */
  readonly startedAt: Date;
  /** When it ended. */
  readonly endedAt: Date;
  /** Why it failed, when it did. */
  readonly error?: JobError;
  /** The Databricks run of the attempt, for Databricks jobs. */
  readonly databricksRunId?: number;
  /** Link to that run. */
  readonly runPageUrl?: string;
}

/** The outcome of one job in a run; `Output` is what the job returns. */
export interface JobResult<Output = unknown> {
  /** The job's key. */
  readonly key: string;
  /** Final status. */
  readonly status: JobStatus;
  /** Every attempt made in this run, in order. */
  readonly attempts: readonly AttemptResult[];
  /** Start of the first attempt. */
  readonly startedAt?: Date;
  /** End of the last attempt. */
  readonly endedAt?: Date;
  /** `endedAt - startedAt`, retries and waits included. */
  readonly durationMs?: number;
  /** Why the job failed or was canceled. */
  readonly error?: JobError;
  /** Why the job was skipped or canceled without running. */
  readonly reason?: string;
  /** What the job returned when it succeeded: an in-process job's value, a Databricks job's {@link DatabricksOutput}. */
  readonly output?: Output;
  /** Results of the job's data-quality checks, in order. */
  readonly checks?: readonly CheckResult[];
  /** How its tables were restored when it failed (`rollback: 'job'`). */
  readonly rollback?: TableRollback;
}

/** Why tables are being restored: the job failed, the run failed, or `engine.rollback` was called. */
export type RollbackTrigger = 'job' | 'pipeline' | 'manual';

/**
 * The result of every job, by key, in the order they were added: a `Map` (it prints,
 * `structuredClone`s and passes `instanceof Map`), typed read-only, whose `get` knows each
 * job's output type.
 */
export interface JobResults<Outputs extends object = JobOutputs> extends ReadonlyMap<string, JobResult> {
  /** The result of job `key`. */
  get<Key extends keyof Outputs & string>(key: Key): JobResult<Outputs[Key]> | undefined;
  /** The result of job `key`. */
  get(key: string): JobResult | undefined;
}

/** One restore of one job's tables. */
export interface TableRollback {
  /** The job whose tables were restored. */
  readonly job: string;
  readonly scope: RollbackTrigger;
  /** The strategy's name, e.g. `delta-restore`. */
  readonly strategy: string;
  /** See `RollbackOutcome.status`. */
  readonly status: 'succeeded' | 'failed' | 'raced';
  readonly tables: readonly TableRestore[];
}

/**
 * The outcome of a run. `failed` when any job failed, even when `all_done` cleanup jobs
 * then succeeded; `canceled` when the run's signal aborted. `Outputs` is the pipeline's
 * output type per job (see `JobOutputs`).
 */
export interface RunResult<Outputs extends object = JobOutputs> {
  /** The run id (give it to `resume`). */
  readonly runId: string;
  /** Pipeline name. */
  readonly pipeline: string;
  /** How the run ended. */
  readonly status: 'success' | 'failed' | 'canceled';
  /** Every job of the pipeline, in definition order. */
  readonly jobs: JobResults<Outputs>;
  /** When the run started. */
  readonly startedAt: Date;
  /** When its last job ended. */
  readonly endedAt: Date;
  /** `endedAt - startedAt`. */
  readonly durationMs: number;
  /** Every restore of this execution, job and pipeline scope, in the order made. */
  readonly rollbacks: readonly TableRollback[];
  /** Every delivery of this execution's notifications, sent or failed. */
  readonly notifications: readonly NotificationDelivery[];
  /** Why the run stopped early (deadline or cancellation), when it did. */
  readonly error?: JobError;
}
