/**
 * How the tables a job writes are put back when it fails: the interface, and what a
 * rollback reports.
 * @module
 */

/** The version a table had when a snapshot was taken; `null` when it did not exist. */
export interface TableVersion {
  readonly table: string;
  readonly version: number | null;
}

/** What `snapshot` recorded; kept in the log (`snapshot` row), so it must be plain JSON. */
export interface RollbackSnapshot {
  readonly tables: readonly TableVersion[];
}

/** The job whose tables are snapshotted or restored. */
export interface RollbackJob {
  /** The job's key. */
  readonly key: string;
  /** The tables it writes (`writes`). */
  readonly writes: readonly string[];
}

/** What a strategy knows of the run while it snapshots or restores. */
export interface RollbackContext {
  readonly pipeline: string;
  readonly runId: string;
  /**
   * Databricks runs whose commits are this pipeline's own: the job's runs for a job
   * rollback, every run of the pipeline run for a pipeline rollback.
   */
  readonly ownRunIds: ReadonlySet<number>;
  /** Versions of each table made by brickwork's own restores in this run; add yours. */
  readonly ownVersions: Map<string, Set<number>>;
  /** Restore even over commits that are not this pipeline's own. */
  readonly force: boolean;
  /** Aborts when the run is canceled. */
  readonly signal: AbortSignal;
}

/** What happened to one table. */
export interface TableRestore {
  readonly table: string;
  /**
   * `restored`: back at its snapshot version; `unchanged`: its version had not moved;
   * `refused`: someone else committed since the snapshot (see `reason`);
   * `created_by_job`: it did not exist at the snapshot and is reported, not dropped;
   * `failed`: the restore statement failed (see `reason`);
   * `raced`: restored, but commits that landed between the check and the RESTORE were
   * undone with it (`racedVersions`): someone must look at them.
   */
  readonly status: 'restored' | 'unchanged' | 'refused' | 'created_by_job' | 'failed' | 'raced';
  /** Version before the restore. */
  readonly fromVersion?: number;
  /** Version restored to (the snapshot's). */
  readonly toVersion?: number;
  /** The new version the restore itself made (a RESTORE is a commit), so later restores know it as their own. */
  readonly restoredVersion?: number;
  /** Versions committed by others between the check and the RESTORE, which it undid (`raced`). */
  readonly racedVersions?: readonly number[];
  /** Why it was refused, failed or raced. */
  readonly reason?: string;
}

/**
 * The outcome of restoring one job's tables: `failed` when any table was refused or failed,
 * else `raced` when a restore undid a commit that landed while it ran, else `succeeded`.
 */
export interface RollbackOutcome {
  readonly status: 'succeeded' | 'failed' | 'raced';
  readonly tables: readonly TableRestore[];
}

/**
 * Takes a snapshot of a job's tables before its first attempt and restores them when the
 * job fails for good (or a blocking check fails). `DeltaRestoreRollback` is the Delta Lake
 * one; write your own for other stores (for example copy-and-swap tables in Postgres).
 */
export interface RollbackStrategy {
  /** Name in the log and events. */
  readonly name: string;
  /** Records where the job's tables are now. */
  snapshot(job: RollbackJob, context: RollbackContext): Promise<RollbackSnapshot>;
  /** Puts the job's tables back to `snapshot`, table by table; must not throw for one table's trouble. */
  restore(job: RollbackJob, snapshot: RollbackSnapshot, context: RollbackContext): Promise<RollbackOutcome>;
}
