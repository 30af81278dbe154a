import type { LeaseResult, LogRecord, MetadataStore, RunSummary } from '../adapters/metadata-store.js';
import type { SqlClient, SqlValue } from '../adapters/sql-client.js';
import { InvalidOptionsError, StoreError } from '../errors.js';
import { summarizeRuns } from './summarize-runs.js';

/** Options of {@link SqlMetadataStore}. */
export interface SqlMetadataStoreOptions {
  /** Where the table lives. */
  readonly sql: SqlClient;
  /**
   * The log table; `<table>_latest` (view) and `<table>_leases` are made beside it.
   * @default 'brickwork_log'
   */
  readonly table?: string;
}

/** Columns of the log table, in order, with their SQLite types. */
const COLUMNS = [
  ['pipeline_name', 'TEXT NOT NULL'],
  ['pipeline_run_id', 'TEXT NOT NULL'],
  ['job_id', 'TEXT NOT NULL'],
  ['job_name', 'TEXT'],
  ['status', 'TEXT NOT NULL'],
  ['event', 'TEXT NOT NULL'],
  ['attempt', 'INTEGER NOT NULL'],
  ['databricks_job_id', 'INTEGER'],
  ['databricks_run_id', 'INTEGER'],
  ['run_page_url', 'TEXT'],
  ['start_time', 'TEXT'],
  ['end_time', 'TEXT'],
  ['error_message', 'TEXT'],
  ['details', 'TEXT'],
  ['event_time', 'TEXT NOT NULL'],
  ['seq', 'INTEGER NOT NULL'],
] as const;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/**
 * The metadata log as a SQL table: one appended row per transition (bound parameters only),
 * a `_latest` view with the newest row per job for dashboards, and a `_leases` table.
 * Speaks the SQLite dialect; the Databricks SQL dialect follows with the Databricks clients.
 */
export class SqlMetadataStore implements MetadataStore {
  readonly #sql: SqlClient;
  readonly #table: string;
  readonly #view: string;
  readonly #leases: string;

  constructor(options: SqlMetadataStoreOptions) {
    const table = options.table ?? 'brickwork_log';
    if (!IDENTIFIER.test(table)) {
      throw new InvalidOptionsError(
        `table name '${table}' must be letters, digits and underscores, starting with a letter or underscore`,
      );
    }
    if (options.sql.dialect !== 'sqlite')
      throw new InvalidOptionsError(`SqlMetadataStore does not speak the ${options.sql.dialect} dialect yet`);
    this.#sql = options.sql;
    this.#table = `"${table}"`;
    this.#view = `"${table}_latest"`;
    this.#leases = `"${table}_leases"`;
  }

  /** Creates the table, view and lease table when missing; refuses a foreign table of the same name. */
  async init(): Promise<void> {
    const existing = await this.#sql.query(`SELECT name FROM pragma_table_info(:table)`, { table: this.#table.slice(1, -1) });
    const present = new Set(existing.map((row) => String(row.name)));
    if (present.size > 0) {
      const missing = COLUMNS.map(([name]) => name).filter((name) => !present.has(name));
      if (missing.length > 0) {
        throw new StoreError(
          `table ${this.#table} exists but is not a brickwork log (missing ${missing.join(', ')}); nothing was changed`,
        );
      }
    }
    await this.#sql.query(
      `CREATE TABLE IF NOT EXISTS ${this.#table} (${COLUMNS.map(([name, type]) => `${name} ${type}`).join(', ')}, UNIQUE (pipeline_run_id, seq))`,
    );
    await this.#sql.query(
      `CREATE VIEW IF NOT EXISTS ${this.#view} AS SELECT * FROM ${this.#table} AS l WHERE seq = (SELECT MAX(x.seq) FROM ${this.#table} AS x WHERE x.pipeline_run_id = l.pipeline_run_id AND x.job_id = l.job_id)`,
    );
    await this.#sql.query(
      `CREATE TABLE IF NOT EXISTS ${this.#leases} (run_id TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL)`,
    );
  }

  /** Inserts the rows with bound parameters, in one statement. */
  async append(records: readonly LogRecord[]): Promise<void> {
    if (records.length === 0) return;
    const params: Record<string, SqlValue> = {};
    const tuples = records.map((record, i) => {
      const values = valuesOf(record);
      COLUMNS.forEach(([name], c) => {
        params[`${name}_${i}`] = values[c] as SqlValue;
      });
      return `(${COLUMNS.map(([name]) => `:${name}_${i}`).join(', ')})`;
    });
    await this.#sql.query(
      `INSERT INTO ${this.#table} (${COLUMNS.map(([name]) => name).join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }

  /** The newest row of each job and of the run, from the `_latest` view. */
  async latest(runId: string): Promise<readonly LogRecord[]> {
    return (await this.#sql.query(`SELECT * FROM ${this.#view} WHERE pipeline_run_id = :runId ORDER BY seq`, { runId })).map(
      recordOf,
    );
  }

  /** Every row of the run, in order. */
  async history(runId: string): Promise<readonly LogRecord[]> {
    return (await this.#sql.query(`SELECT * FROM ${this.#table} WHERE pipeline_run_id = :runId ORDER BY seq`, { runId })).map(
      recordOf,
    );
  }

  /** Runs, newest first, from their run-level rows. */
  async listRuns(query: { readonly pipeline?: string; readonly limit?: number } = {}): Promise<readonly RunSummary[]> {
    const rows = await this.#sql.query(`SELECT * FROM ${this.#table} WHERE job_name IS NULL ORDER BY pipeline_run_id, seq`);
    return summarizeRuns(rows.map(recordOf), query.pipeline, query.limit);
  }

  /** Takes the lease in one upsert that only replaces an expired or own lease. */
  async acquireLease(runId: string, owner: string, ttlMs: number): Promise<LeaseResult> {
    const now = Date.now();
    await this.#sql.query(
      `INSERT INTO ${this.#leases} (run_id, owner, expires_at) VALUES (:runId, :owner, :expiresAt)
       ON CONFLICT (run_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE ${this.#leases}.expires_at <= :now OR ${this.#leases}.owner = excluded.owner`,
      { runId, owner, expiresAt: now + ttlMs, now },
    );
    const [held] = await this.#sql.query(`SELECT owner, expires_at FROM ${this.#leases} WHERE run_id = :runId`, { runId });
    const expiresAt = new Date(Number(held?.expires_at));
    return held?.owner === owner ? { acquired: true, expiresAt } : { acquired: false, holder: String(held?.owner), expiresAt };
  }

  /** Extends the lease if `owner` still holds it. */
  async renewLease(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const expiresAt = now + ttlMs;
    await this.#sql.query(
      `UPDATE ${this.#leases} SET expires_at = :expiresAt WHERE run_id = :runId AND owner = :owner AND expires_at > :now`,
      {
        runId,
        owner,
        expiresAt,
        now,
      },
    );
    const [held] = await this.#sql.query(`SELECT owner, expires_at FROM ${this.#leases} WHERE run_id = :runId`, { runId });
    return held?.owner === owner && Number(held.expires_at) === expiresAt;
  }

  /** Drops the lease if `owner` holds it. */
  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.#sql.query(`DELETE FROM ${this.#leases} WHERE run_id = :runId AND owner = :owner`, { runId, owner });
  }
}

function valuesOf(record: LogRecord): SqlValue[] {
  return [
    record.pipelineName,
    record.pipelineRunId,
    record.jobId,
    record.jobName,
    record.status,
    record.event,
    record.attempt,
    record.databricksJobId,
    record.databricksRunId,
    record.runPageUrl,
    record.startTime,
    record.endTime,
    record.errorMessage,
    record.details,
    record.eventTime,
    record.seq,
  ];
}

function recordOf(row: Record<string, unknown>): LogRecord {
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  const number = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  const date = (value: unknown) => (value === null || value === undefined ? null : new Date(String(value)));
  return Object.freeze({
    pipelineName: String(row.pipeline_name),
    pipelineRunId: String(row.pipeline_run_id),
    jobId: String(row.job_id),
    jobName: text(row.job_name),
    status: String(row.status) as LogRecord['status'],
    event: String(row.event) as LogRecord['event'],
    attempt: Number(row.attempt),
    databricksJobId: number(row.databricks_job_id),
    databricksRunId: number(row.databricks_run_id),
    runPageUrl: text(row.run_page_url),
    startTime: date(row.start_time),
    endTime: date(row.end_time),
    errorMessage: text(row.error_message),
    details: text(row.details),
    eventTime: new Date(String(row.event_time)),
    seq: Number(row.seq),
  });
}
