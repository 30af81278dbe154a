/**
 * The metadata log: an append-only table with one row per transition of a job or run.
 * The current status of a job is its newest row.
 * @module
 */

/** Status of one job of a run (the seed's words). */
export type JobStatus = 'pending' | 'in_progress' | 'success' | 'failed' | 'skipped' | 'canceled';

/** Status of a whole run. */
export type RunStatus = 'in_progress' | 'success' | 'failed' | 'canceled';

/** What happened, as written in the log's `event` column. */
export type LogEvent =
  | 'run_started'
  | 'run_resumed'
  | 'run_finished'
  | 'queued'
  | 'started'
  | 'triggered'
  | 'repairing'
  | 'attempt_failed'
  | 'retry_scheduled'
  | 'succeeded'
  | 'failed'
  | 'skipped'
  | 'canceled'
  | 'check_passed'
  | 'check_failed'
  | 'snapshot'
  | 'rollback_started'
  | 'rollback_succeeded'
  | 'rollback_failed'
  | 'rollback_raced'
  | 'reattached'
  | 'notified';

/**
 * One row of the log. Run-level rows (`run_started`, `run_finished`, `notified`) have `jobName: null`
 * and `jobId` equal to the run id; job rows have `jobId` `<runId>/<job key>`.
 */
export interface LogRecord {
  /** Pipeline name. */
  readonly pipelineName: string;
  /** One run of the pipeline (a resume keeps it). */
  readonly pipelineRunId: string;
  /** `<pipelineRunId>/<jobName>`, or the run id for run-level rows. */
  readonly jobId: string;
  /** Job key, or `null` for run-level rows. */
  readonly jobName: string | null;
  /** Status after this event. */
  readonly status: JobStatus | RunStatus;
  /** What happened. */
  readonly event: LogEvent;
  /** 1-based attempt number; 0 before the first attempt and on run-level rows. */
  readonly attempt: number;
  /** Databricks job id, when known. */
  readonly databricksJobId: number | null;
  /** Databricks run id, when known. */
  readonly databricksRunId: number | null;
  /** Link to the Databricks run. */
  readonly runPageUrl: string | null;
  /** Start of the attempt (or run). */
  readonly startTime: Date | null;
  /** End of the attempt (or run). */
  readonly endTime: Date | null;
  /** Redacted error text. */
  readonly errorMessage: string | null;
  /** JSON text: error class, versions, check results, the pipeline hash on `run_started`. */
  readonly details: string | null;
  /** When the row was written. */
  readonly eventTime: Date;
  /** Order of the row within its run, from 1. */
  readonly seq: number;
}

/** One run, as listed by {@link MetadataStore.listRuns}. */
export interface RunSummary {
  /** The run id. */
  readonly runId: string;
  /** Pipeline name. */
  readonly pipelineName: string;
  /** Status of the newest run-level row. */
  readonly status: RunStatus;
  /** When the run started. */
  readonly startedAt: Date;
  /** When it finished, or `null` while it runs (or if its process died). */
  readonly endedAt: Date | null;
  /** `Pipeline.hash` of the definition the run started with. */
  readonly pipelineHash: string | null;
}

/** Answer of {@link MetadataStore.acquireLease}. */
export type LeaseResult =
  /** The caller holds the lease until `expiresAt` unless it renews it. */
  | { readonly acquired: true; readonly expiresAt: Date }
  /** `holder` holds it until `expiresAt`. */
  | { readonly acquired: false; readonly holder: string; readonly expiresAt: Date };

/**
 * Proof that the caller holds a run's lease, given to {@link MetadataStore.append}: the
 * store writes only while `owner` is the run's newest lease holder and has not released it.
 * An owner names one drive of one run, so it serves as the fencing token: once another
 * owner takes the lease over, the old holder's writes are refused.
 */
export interface LeaseFence {
  /** The run whose lease the caller holds. */
  readonly runId: string;
  /** The owner the lease was taken as. */
  readonly owner: string;
}

/**
 * Where runs are recorded. Lease expiry is decided by the store's own clock (the
 * warehouse's, the database's), never by comparing the clocks of two callers. Implementations: `MemoryMetadataStore` (tests), the SQLite file
 * store and the Databricks SQL table store.
 */
export interface MetadataStore {
  /** Creates tables or files when missing. Called once before the first use. */
  init(): Promise<void>;
  /**
   * Appends rows in the given order, all or none. Must be durable when the promise resolves.
   * With a `fence`, appends only while its owner holds the run's lease (the check and the
   * write are one statement) and otherwise rejects with a `LeaseLostError`, writing nothing.
   */
  append(records: readonly LogRecord[], fence?: LeaseFence): Promise<void>;
  /** The newest row of each job (and of the run itself), ordered by `seq`. */
  latest(runId: string): Promise<readonly LogRecord[]>;
  /** Every row of a run, ordered by `seq`. */
  history(runId: string): Promise<readonly LogRecord[]>;
  /** Runs, newest first. */
  listRuns(query?: { readonly pipeline?: string; readonly limit?: number }): Promise<readonly RunSummary[]>;
  /**
   * Takes the run's lease for `ttlMs` (by the store's clock) unless another owner holds an
   * unexpired one; `expiresAt` is the store's time too.
   */
  acquireLease(runId: string, owner: string, ttlMs: number): Promise<LeaseResult>;
  /**
   * Extends the lease while this owner is still its newest holder (even past its expiry, as
   * long as nobody took it over); `false` when it has lost it.
   */
  renewLease(runId: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up, if this owner holds it. */
  releaseLease(runId: string, owner: string): Promise<void>;
}
