import type { Check } from '../adapters/check.js';
import type { RetryOptions } from '../model/backoff.js';
import type { JobError } from '../model/job-error.js';
import type { JobOutputs, UpstreamOutputs } from '../model/job-outputs.js';
import type { NotifyPolicy } from '../model/notify-policy.js';
import type { RunIf } from '../model/run-if.js';
/**
 * What a user writes to describe one job of a pipeline.
 * @module
 */

/**
 * Retry policy of a job, in the {@link Backoff} scheme every retry option shares. Defaults:
 * `maxRetries: 0`, `minIntervalMs: 1000`, `backoffFactor: 2`, `maxIntervalMs: 300000`,
 * `jitter: 'full'`. (The job's own loop applies it, not p-retry: the delay is recorded in the
 * log before the wait, and attempt numbers continue across a resume.)
 */
export interface RetryPolicy extends RetryOptions {
  /**
   * Whether an attempt that hit `timeoutSeconds` is retried (as Databricks' `retry_on_timeout`).
   * @default false
   */
  readonly retryOnTimeout?: boolean;
  /**
   * Whether a Databricks run whose failed tasks Databricks itself already retried (their
   * `max_retries`) is retried again by brickwork. One retry authority by default: a task's
   * retries are the workspace's, and brickwork retries what the workspace does not — a run
   * that never reached its tasks (SKIPPED, INTERNAL_ERROR, a cluster that could not start),
   * an API failure, a task without workspace retries.
   * @default false
   */
  readonly afterWorkspaceRetries?: boolean;
  /**
   * Extra predicate: return `false` to stop retrying after this failure. Called only for
   * failures that are retriable by class. One that throws or rejects counts as `false`.
   * @example
   * ```ts
   * retryIf: (error) => !error.message.includes('PERMISSION_DENIED')
   * ```
   */
  readonly retryIf?: (error: JobError, attempt: number) => boolean | Promise<boolean>;
}

/** Policy fields a job may set and a pipeline's `defaults` may fill in. */
export interface JobPolicy {
  /** Retry policy; fields merge over the pipeline defaults one by one. */
  readonly retry?: RetryPolicy;
  /** Limit of one attempt, in seconds. The attempt's signal aborts when it passes. */
  readonly timeoutSeconds?: number;
  /** Emit `job:duration_warning` when an attempt runs longer than this, in seconds. */
  readonly warnAfterSeconds?: number;
  /**
   * When the job runs, given its dependencies' outcomes.
   * @default 'all_success'
   */
  readonly runIf?: RunIf;
  /**
   * When to notify about the job, and whom; merges over the pipeline's `defaults.notify` and
   * the engine's `notify`, field by field.
   */
  readonly notify?: NotifyPolicy;
  /**
   * When the tables in `writes` are restored: `job` when the job fails for good (or a
   * blocking check fails), `pipeline` when the run fails (every table the run wrote, in
   * reverse order), `none` never.
   * @default the pipeline's `rollback`, else 'job'
   */
  readonly rollback?: RollbackScope;
}

/** When a job's tables are restored; see {@link JobPolicy.rollback}. */
export type RollbackScope = 'job' | 'pipeline' | 'none';

/**
 * The context handed to an in-process job. Frozen. `Upstream` is the output type of every
 * job added before this one, by key (the builder fills it in).
 */
export interface JobContext<Upstream extends object = JobOutputs> {
  /** Aborts when the attempt times out or the run is canceled. */
  readonly signal: AbortSignal;
  /** 1-based attempt number. */
  readonly attempt: number;
  /** Attempts allowed in this run (`maxRetries + 1`). */
  readonly maxAttempts: number;
  /** The pipeline run id. */
  readonly runId: string;
  /** The pipeline name. */
  readonly pipeline: string;
  /** This job's key. */
  readonly job: string;
  /** Parameters passed to `engine.run`. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Values returned by the job's direct dependencies that succeeded, by key. */
  readonly upstream: UpstreamOutputs<Upstream>;
}

/** The function of an in-process job. Its resolved value is kept in the job's result (`output`). */
export type JobFunction<Output = unknown, Upstream extends object = JobOutputs> = (context: JobContext<Upstream>) => Output;

/** How a later attempt of a Databricks job treats a run that failed in some of its tasks. */
export interface DatabricksRetryMode {
  /**
   * `failed_tasks`: repair that run (`runs/repair`), rerunning its failed tasks and their
   * dependents, so tasks that succeeded do not run again; `new_run`: trigger a new run.
   * @default 'failed_tasks'
   */
  readonly repair?: 'failed_tasks' | 'new_run';
}

/**
 * What a run-now sends. `parameters` are job parameters (`job_parameters`), sent with the
 * run's parameters the job declares (read from `jobs/get` once per run); `false` sends
 * none at all. Jobs without job parameters take the legacy ones instead — Databricks
 * refuses both at once, so a target with both is an error before anything runs.
 */
export interface RunNowParameters {
  readonly parameters?: Readonly<Record<string, string>> | false;
  /** `notebook_params`, for notebook tasks of a job without job parameters. */
  readonly notebookParams?: Readonly<Record<string, string>>;
  /** `python_params`, for Python tasks of a job without job parameters. */
  readonly pythonParams?: readonly string[];
  /** `jar_params`, for JAR tasks of a job without job parameters. */
  readonly jarParams?: readonly string[];
}

/** Run an existing Databricks job (run-now) or submit a one-time run. */
export type DatabricksTarget = DatabricksRetryMode &
  (
    | ({ readonly jobId: number } & RunNowParameters)
    | ({ readonly jobName: string } & RunNowParameters)
    | { readonly submit: Readonly<Record<string, unknown>> }
  );

/** Fields every job spec may have, whichever way it runs. */
export interface JobSpecBase extends JobPolicy {
  /** Keys of jobs this job depends on (also settable with `.after()`). */
  readonly after?: readonly string[];
  /** Tables (`catalog.schema.table`) this job writes, for rollback. */
  readonly writes?: readonly string[];
  /** Expected duration, used to run the critical path first. */
  readonly estimatedDurationSeconds?: number;
  /** Free-form labels, kept in events and the definition. */
  readonly tags?: Readonly<Record<string, string>>;
  /** Data-quality gates run after the job succeeds, before its dependents start. */
  readonly checks?: readonly Check[];
}

/** A job run in this process by a function; `Output` is what it returns. */
export interface InProcessJobSpec<Output = unknown, Upstream extends object = JobOutputs> extends JobSpecBase {
  /** The work. Receives a {@link JobContext}; should honour `context.signal`. */
  readonly run: JobFunction<Output, Upstream>;
  readonly databricks?: never;
}

/** A job run on Databricks. */
export interface DatabricksJobSpec extends JobSpecBase {
  /** Which Databricks job to run. */
  readonly databricks: DatabricksTarget;
  readonly run?: never;
}

/** Describes one job: exactly one of `run` or `databricks`, plus policy. */
export type JobSpec = InProcessJobSpec | DatabricksJobSpec;
