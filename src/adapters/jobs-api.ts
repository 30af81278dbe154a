/**
 * The part of the Databricks Jobs API that brickwork drives. `DatabricksJobsClient`
 * implements it over HTTP; the emulator in `brickwork/testing` serves the same API.
 * @module
 */

/** Life-cycle states of a run; terminal ones are TERMINATED, SKIPPED and INTERNAL_ERROR. */
export type LifeCycleState =
  | 'QUEUED'
  | 'PENDING'
  | 'RUNNING'
  | 'TERMINATING'
  | 'TERMINATED'
  | 'SKIPPED'
  | 'INTERNAL_ERROR'
  | 'BLOCKED'
  | 'WAITING_FOR_RETRY'
  | (string & {});

/** Outcome of a finished run. TERMINATED alone does not mean success: read this. */
export type ResultState =
  | 'SUCCESS'
  | 'FAILED'
  | 'TIMEDOUT'
  | 'CANCELED'
  | 'MAXIMUM_CONCURRENT_RUNS_REACHED'
  | 'EXCLUDED'
  | 'SUCCESS_WITH_FAILURES'
  | 'UPSTREAM_FAILED'
  | 'UPSTREAM_CANCELED'
  | 'DISABLED'
  | (string & {});

/** Options of one API call. */
export interface RequestOptions {
  /** Aborts the call. */
  readonly signal?: AbortSignal;
}

/** A run that was just triggered. */
export interface TriggeredRun {
  /** Databricks run id. */
  readonly runId: number;
  /** Link to the run in the workspace, when known. */
  readonly runPageUrl?: string;
}

/** The observed state of a run. */
export interface RunState {
  /** Databricks run id. */
  readonly runId: number;
  /** Databricks job id, for runs of saved jobs. */
  readonly jobId?: number;
  /** Where the run is in its life cycle. */
  readonly lifeCycleState: LifeCycleState;
  /** The outcome, once terminal. */
  readonly resultState?: ResultState;
  /** Free text from Databricks, e.g. why a run is queued or failed. */
  readonly stateMessage?: string;
  /** `status.termination_details.code`, e.g. `USER_CANCELED`, `DRIVER_ERROR`. */
  readonly terminationCode?: string;
  /** `status.termination_details.type`: `SUCCESS`, `INTERNAL_ERROR`, `CLIENT_ERROR`, `CLOUD_FAILURE`. */
  readonly terminationType?: string;
  /** Link to the run in the workspace. */
  readonly runPageUrl?: string;
  /** When the run started. */
  readonly startTime?: Date;
  /** When the run ended. */
  readonly endTime?: Date;
  /**
   * How many times Databricks itself retried the failed tasks of a terminal run (the
   * highest `attempt_number` among tasks whose last execution failed), when it did.
   */
  readonly workspaceRetries?: number;
  /** The id of the run's latest repair (`repair_history`), when it was repaired. */
  readonly latestRepairId?: number;
}

/** One page of active runs. */
export interface ActiveRunsPage {
  readonly runs: readonly RunState[];
  /** Token of the next page, when there is one. */
  readonly nextPageToken?: string;
}

/** The Jobs API operations brickwork uses. */
export interface JobsApi {
  /** The id of the one job with this exact name; throws when none or several match. */
  resolveJobId(name: string, options?: RequestOptions): Promise<number>;
  /** `jobs/run-now`. The same idempotency token always returns the same run. */
  runNow(
    request: {
      readonly jobId: number;
      readonly jobParameters?: Readonly<Record<string, string>>;
      readonly notebookParams?: Readonly<Record<string, string>>;
      readonly pythonParams?: readonly string[];
      readonly jarParams?: readonly string[];
      readonly idempotencyToken: string;
    },
    options?: RequestOptions,
  ): Promise<TriggeredRun>;
  /** The names of the job parameters a job declares (`settings.parameters`, from `jobs/get`). */
  jobParameterNames(jobId: number, options?: RequestOptions): Promise<readonly string[]>;
  /** `jobs/runs/submit`: a one-time run. */
  submitRun(
    request: { readonly payload: Readonly<Record<string, unknown>>; readonly idempotencyToken: string },
    options?: RequestOptions,
  ): Promise<TriggeredRun>;
  /** `jobs/runs/get`. */
  getRun(runId: number, options?: RequestOptions): Promise<RunState>;
  /**
   * One page of `jobs/runs/list?active_only=true` (newest first): one call observes many
   * running runs at once.
   */
  listActiveRuns(options?: RequestOptions & { readonly pageToken?: string }): Promise<ActiveRunsPage>;
  /**
   * `jobs/runs/repair` of a terminal run: reruns its failed tasks and their dependents.
   * `latestRepairId` must be the run's latest repair (none before the first); Databricks
   * refuses a stale one. There is no idempotency token: record the intent first.
   */
  repairRun(
    request: { readonly runId: number; readonly latestRepairId?: number },
    options?: RequestOptions,
  ): Promise<{ readonly repairId: number }>;
  /** `jobs/runs/cancel`; returns before the run is terminal. */
  cancelRun(runId: number, options?: RequestOptions): Promise<void>;
  /** The error text of a failed run (`jobs/runs/get-output` of its task run). */
  getRunError(runId: number, options?: RequestOptions): Promise<string | undefined>;
}
