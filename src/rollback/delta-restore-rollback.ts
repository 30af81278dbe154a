import type {
  RollbackContext,
  RollbackJob,
  RollbackOutcome,
  RollbackSnapshot,
  RollbackStrategy,
  TableRestore,
  TableVersion,
} from '../adapters/rollback-strategy.js';
import type { SqlClient } from '../adapters/sql-client.js';
import { checkTableName, quoteTable } from '../util/table-name.js';

/** Options of {@link DeltaRestoreRollback}. */
export interface DeltaRestoreRollbackOptions {
  /** Where the tables are (a SQL warehouse, through `StatementExecutionSqlClient` or `DatabricksSqlClient`). */
  readonly sql: SqlClient;
  /**
   * Restore even when someone else committed to a table after the snapshot (their commits
   * are lost). Prefer the per-call `force` of `engine.rollback(runId, { force: true })`.
   * @default false
   */
  readonly force?: boolean;
}

/** Delta operations that change no data: they never block a restore. */
const NO_DATA_CHANGE = new Set(['OPTIMIZE', 'VACUUM START', 'VACUUM END', 'ANALYZE', 'SET TBLPROPERTIES']);

interface Commit {
  readonly version: number;
  readonly operation: string;
  readonly userName: string;
  readonly runIds: readonly number[];
  /** For a RESTORE, the version it restored (`operationParameters.version`). */
  readonly restoredTo: number | undefined;
}

/**
 * Rolls Delta tables back with time travel: the snapshot is each table's current version
 * (`DESCRIBE HISTORY t LIMIT 1`), the restore `RESTORE TABLE t TO VERSION AS OF v` for tables
 * whose version moved. It refuses a table when a commit since the snapshot was not made by
 * the pipeline's own Databricks runs (the history's `job` column) unless forced, reports a
 * table that did not exist at the snapshot instead of dropping it, and reports a failed
 * RESTORE (for example of a vacuumed version) table by table.
 *
 * Safe to repeat: a table whose newest data change is already a RESTORE to the snapshot's
 * version (a restore whose process died before recording it) is reported restored, not
 * restored twice. After each RESTORE the history is read again: a commit of someone else's
 * that landed between the check and the RESTORE was undone by it, and the table is
 * reported `raced` with those versions.
 *
 * @example
 * ```ts
 * const sql = new StatementExecutionSqlClient({ warehouseId: 'abc123' });
 * createEngine({ sql, rollback: new DeltaRestoreRollback({ sql }) });
 * ```
 */
export class DeltaRestoreRollback implements RollbackStrategy {
  readonly name = 'delta-restore';
  readonly #sql: SqlClient;
  readonly #force: boolean;

  constructor(options: DeltaRestoreRollbackOptions) {
    this.#sql = options.sql;
    this.#force = options.force ?? false;
  }

  /** The current version of every table in `job.writes` (`null` for a missing table). */
  async snapshot(job: RollbackJob): Promise<RollbackSnapshot> {
    const tables: TableVersion[] = [];
    for (const table of job.writes) {
      checkTableName(table, `job '${job.key}' writes`);
      tables.push({ table, version: (await this.#history(table, 1))?.[0]?.version ?? null });
    }
    return { tables };
  }

  /** Restores each table whose version moved since `snapshot`, where that is safe. */
  async restore(_job: RollbackJob, snapshot: RollbackSnapshot, context: RollbackContext): Promise<RollbackOutcome> {
    const tables: TableRestore[] = [];
    for (const { table, version } of snapshot.tables) tables.push(await this.#restoreTable(table, version, context));
    const failed = tables.some((t) => t.status === 'refused' || t.status === 'failed');
    return { status: failed ? 'failed' : tables.some((t) => t.status === 'raced') ? 'raced' : 'succeeded', tables };
  }

  async #restoreTable(table: string, version: number | null, context: RollbackContext): Promise<TableRestore> {
    try {
      checkTableName(table, 'snapshot');
      const history = await this.#history(table);
      if (version === null) {
        return history
          ? { table, status: 'created_by_job', reason: 'it did not exist at the snapshot; left in place, not dropped' }
          : { table, status: 'unchanged' };
      }
      if (!history) return { table, status: 'failed', toVersion: version, reason: 'the table no longer exists' };
      const latest = history[0]?.version ?? version;
      if (latest <= version) return { table, status: 'unchanged', toVersion: version };
      const done = history.find((commit) => !NO_DATA_CHANGE.has(commit.operation));
      if (done?.operation === 'RESTORE' && done.restoredTo === version && done.version > version) {
        remember(context, table, done.version);
        return { table, status: 'restored', fromVersion: done.version - 1, toVersion: version, restoredVersion: done.version };
      }
      const own = context.ownVersions.get(table);
      const foreign = history.find(
        (commit) =>
          commit.version > version &&
          !NO_DATA_CHANGE.has(commit.operation) &&
          !own?.has(commit.version) &&
          !commit.runIds.some((id) => context.ownRunIds.has(id)),
      );
      if (foreign && !(context.force || this.#force)) {
        return {
          table,
          status: 'refused',
          fromVersion: latest,
          toVersion: version,
          reason: `version ${foreign.version} (${foreign.operation} by ${foreign.userName || 'unknown'}) was not made by this pipeline run; restoring would undo it (force: true restores anyway)`,
        };
      }
      await this.#sql.query(`RESTORE TABLE ${quoteTable(table)} TO VERSION AS OF ${version}`);
      const after = (await this.#history(table)) ?? [];
      const restoredAs = after.find((c) => c.operation === 'RESTORE' && c.restoredTo === version && c.version > latest)?.version;
      if (restoredAs !== undefined) remember(context, table, restoredAs);
      const raced = after.filter(
        (c) =>
          c.version > latest &&
          restoredAs !== undefined &&
          c.version < restoredAs &&
          !NO_DATA_CHANGE.has(c.operation) &&
          !c.runIds.some((id) => context.ownRunIds.has(id)),
      );
      const restored = {
        table,
        fromVersion: latest,
        toVersion: version,
        ...(restoredAs === undefined ? {} : { restoredVersion: restoredAs }),
      };
      if (raced.length === 0) return { ...restored, status: 'restored' };
      const versions = raced.map((c) => c.version).sort((a, b) => a - b);
      const what = raced.map((c) => `${c.version} (${c.operation} by ${c.userName || 'unknown'})`).join(', ');
      return {
        ...restored,
        status: 'raced',
        racedVersions: versions,
        reason: `version ${what} landed between the check and the RESTORE and was undone by it`,
      };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { table, status: 'failed', ...(version === null ? {} : { toVersion: version }), reason };
    }
  }

  /** The table's commits, newest first; `undefined` when the table does not exist. */
  async #history(table: string, limit?: number): Promise<Commit[] | undefined> {
    let rows: readonly Record<string, unknown>[];
    try {
      rows = await this.#sql.query(`DESCRIBE HISTORY ${quoteTable(table)}${limit ? ` LIMIT ${limit}` : ''}`);
    } catch (error) {
      if (/TABLE_OR_VIEW_NOT_FOUND|cannot be found|does not exist/i.test(String((error as Error)?.message))) return undefined;
      throw error;
    }
    return rows.map(commitOf);
  }
}

/** Records a version a restore made, so that later restores of the run know it as their own. */
function remember(context: RollbackContext, table: string, version: number): void {
  const versions = context.ownVersions.get(table) ?? new Set<number>();
  versions.add(version);
  context.ownVersions.set(table, versions);
}

function commitOf(row: Readonly<Record<string, unknown>>): Commit {
  const job =
    typeof row.job === 'string' ? (JSON.parse(row.job) as Record<string, unknown>) : (row.job as Record<string, unknown> | null);
  const runIds = [job?.jobRunId, job?.runId].filter((id) => id !== undefined && id !== null).map(Number);
  const parameters = (
    typeof row.operationParameters === 'string' ? JSON.parse(row.operationParameters) : (row.operationParameters ?? {})
  ) as Record<string, unknown>;
  const operation = String(row.operation ?? '');
  const restored = operation === 'RESTORE' && parameters.version !== '' ? Number(parameters.version) : Number.NaN;
  return {
    version: Number(row.version),
    operation,
    userName: String(row.userName ?? ''),
    runIds,
    restoredTo: Number.isInteger(restored) ? restored : undefined,
  };
}
