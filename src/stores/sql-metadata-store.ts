import type { LeaseFence, LeaseResult, LogRecord, MetadataStore, RunSummary } from '../adapters/metadata-store.js';
import type { SqlClient, SqlValue } from '../adapters/sql-client.js';
import { backoffDelayMs, type ResolvedRetryOptions } from '../model/backoff.js';
import { LeaseLostError, StoreError } from '../model/errors.js';
import { withRetries } from '../util/with-retries.js';
import { dialectOf, type SqlDialect } from './sql-dialect.js';
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

/** Columns of the log table, in order, with their kinds. */
const COLUMNS = [
  ['pipeline_name', 'text'],
  ['pipeline_run_id', 'text'],
  ['job_id', 'text'],
  ['job_name', 'text'],
  ['status', 'text'],
  ['event', 'text'],
  ['attempt', 'int'],
  ['databricks_job_id', 'bigint'],
  ['databricks_run_id', 'bigint'],
  ['run_page_url', 'text'],
  ['start_time', 'timestamp'],
  ['end_time', 'timestamp'],
  ['error_message', 'text'],
  ['details', 'text'],
  ['event_time', 'timestamp'],
  ['seq', 'bigint'],
] as const;

/** Retries of a statement Delta refused for a concurrent commit: short waits, full jitter. */
const CONFLICT_RETRY: ResolvedRetryOptions = Object.freeze({
  maxRetries: 5,
  minIntervalMs: 50,
  maxIntervalMs: 1000,
  backoffFactor: 2,
  jitter: 'full',
});

/**
 * The metadata log as a SQL table: one appended row per transition (bound parameters only),
 * a `_latest` view with the newest row per job for dashboards, and a `_leases` table.
 * Speaks SQLite and Databricks SQL (a Delta table named `[catalog.][schema.]table`).
 */
export class SqlMetadataStore implements MetadataStore {
  readonly #sql: SqlClient;
  readonly #dialect: SqlDialect;

  constructor(options: SqlMetadataStoreOptions) {
    this.#sql = options.sql;
    this.#dialect = dialectOf(options.sql, options.table ?? 'brickwork_log');
  }

  /** Creates the table, view and lease table when missing; refuses a foreign table of the same name. */
  async init(): Promise<void> {
    const { names, type, tableSuffix } = this.#dialect;
    const columns = COLUMNS.map(([name, kind]) => `${name} ${type(kind)}`).join(', ');
    await this.#query(`CREATE TABLE IF NOT EXISTS ${names.table} (${columns})${tableSuffix}`);
    // IF NOT EXISTS left any table of that name alone; make sure it is a brickwork log.
    try {
      await this.#query(`SELECT ${COLUMNS.map(([name]) => name).join(', ')} FROM ${names.table} WHERE 1 = 0`);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      throw new StoreError(`table ${names.table} exists but is not a brickwork log (${detail}); nothing was changed`, { cause });
    }
    await this.#query(
      `CREATE VIEW IF NOT EXISTS ${names.view} AS SELECT ${COLUMNS.map(([name]) => name).join(', ')} FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY pipeline_run_id, job_id ORDER BY seq DESC) AS newest FROM ${names.table}) AS ranked WHERE newest = 1`,
    );
    await this.#query(
      `CREATE TABLE IF NOT EXISTS ${names.leases} (run_id ${type('text')}, owner ${type('text')}, expires_at ${type('bigint')}, taken_at ${type('bigint')})${tableSuffix}`,
    );
  }

  /**
   * Inserts the rows with bound parameters, in one statement; with a fence, the same
   * statement inserts them only while the fence's owner is the newest holder of the lease.
   */
  async append(records: readonly LogRecord[], fence?: LeaseFence): Promise<void> {
    if (records.length === 0) return;
    const params: Record<string, SqlValue> = {};
    const selects = records.map((record, i) => {
      const values = valuesOf(record);
      COLUMNS.forEach(([name], c) => {
        params[`${name}_${i}`] = values[c] as SqlValue;
      });
      return `SELECT ${COLUMNS.map(([name]) => `:${name}_${i} AS ${name}`).join(', ')}`;
    });
    const names = COLUMNS.map(([name]) => name).join(', ');
    const insert = `INSERT INTO ${this.#dialect.names.table} (${names}) SELECT ${names} FROM (${selects.join(' UNION ALL ')}) AS appended`;
    if (!fence) {
      await this.#query(insert, params);
      return;
    }
    const fenced = `${insert} WHERE EXISTS (${this.#holder('l.owner = :owner AND l.expires_at > 0')})`;
    const [answer] = await this.#query(fenced, { ...params, runId: fence.runId, owner: fence.owner });
    const inserted = Number(answer?.num_affected_rows);
    if (!Number.isInteger(inserted)) {
      throw new StoreError(`the SQL client did not say how many rows the fenced insert into ${this.#dialect.names.table} wrote`);
    }
    if (inserted === 0) throw new LeaseLostError(fence.runId);
  }

  /** The newest row of each job and of the run, from the `_latest` view. */
  async latest(runId: string): Promise<readonly LogRecord[]> {
    return (
      await this.#query(`SELECT * FROM ${this.#dialect.names.view} WHERE pipeline_run_id = :runId ORDER BY seq`, { runId })
    ).map(recordOf);
  }

  /** Every row of the run, in order. */
  async history(runId: string): Promise<readonly LogRecord[]> {
    return (
      await this.#query(`SELECT * FROM ${this.#dialect.names.table} WHERE pipeline_run_id = :runId ORDER BY seq`, { runId })
    ).map(recordOf);
  }

  /** Runs, newest first, from their run-level rows. */
  async listRuns(query: { readonly pipeline?: string; readonly limit?: number } = {}): Promise<readonly RunSummary[]> {
    const rows = await this.#query(
      `SELECT * FROM ${this.#dialect.names.table} WHERE job_name IS NULL ORDER BY pipeline_run_id, seq`,
    );
    return summarizeRuns(rows.map(recordOf), query.pipeline, query.limit);
  }

  /**
   * Leases are an append-only log too (no MERGE, so any dialect): a row is added only when
   * the newest lease of the run is expired or the caller's, then the newest row says who
   * holds it. Times are the store's clock. On Delta, two contenders' inserts conflict and
   * the loser retries and sees the winner's row.
   */
  async acquireLease(runId: string, owner: string, ttlMs: number): Promise<LeaseResult> {
    const { nowMs } = this.#dialect;
    await this.#leaseIf(runId, owner, ttlMs, `NOT EXISTS (${this.#holder(`l.owner <> :owner AND l.expires_at > ${nowMs}`)})`);
    const held = await this.#current(runId);
    const expiresAt = new Date(held?.expiresAt ?? 0);
    return held?.owner === owner ? { acquired: true, expiresAt } : { acquired: false, holder: String(held?.owner), expiresAt };
  }

  /** Extends the lease while `owner` is its newest holder and has not released it. */
  async renewLease(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    await this.#leaseIf(runId, owner, ttlMs, `EXISTS (${this.#holder('l.owner = :owner AND l.expires_at > 0')})`);
    const held = await this.#current(runId);
    return held?.owner === owner && held.expiresAt > 0;
  }

  /** Gives the lease up (a row that expired at once), if `owner` holds it. */
  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.#leaseIf(runId, owner, undefined, `EXISTS (${this.#holder('l.owner = :owner')})`);
  }

  /** `SELECT 1` for the newest lease of `:runId` when it matches `condition`. */
  #holder(condition: string): string {
    const { leases } = this.#dialect.names;
    return `SELECT 1 FROM ${leases} AS l WHERE l.run_id = :runId AND ${condition} AND l.taken_at = (SELECT MAX(m.taken_at) FROM ${leases} AS m WHERE m.run_id = :runId)`;
  }

  /** Adds a lease row for `owner` lasting `ttlMs` (`undefined`: released) when `condition` holds. */
  async #leaseIf(runId: string, owner: string, ttlMs: number | undefined, condition: string): Promise<void> {
    const { names, nowMs } = this.#dialect;
    // taken_at orders the leases of a run; the same millisecond twice is pushed one later.
    const takenAt = `(SELECT CASE WHEN MAX(t.taken_at) >= ${nowMs} THEN MAX(t.taken_at) + 1 ELSE ${nowMs} END FROM ${names.leases} AS t WHERE t.run_id = :runId)`;
    const expiresAt = ttlMs === undefined ? '0' : `${nowMs} + :ttlMs`;
    const params: Record<string, SqlValue> = { runId, owner };
    if (ttlMs !== undefined) params.ttlMs = ttlMs;
    if (nowMs === ':now') params.now = Date.now();
    await this.#query(
      `INSERT INTO ${names.leases} (run_id, owner, expires_at, taken_at) SELECT :runId, :owner, ${expiresAt}, ${takenAt} WHERE ${condition}`,
      params,
    );
  }

  async #current(runId: string): Promise<{ owner: string; expiresAt: number } | undefined> {
    const { leases } = this.#dialect.names;
    const [row] = await this.#query(
      `SELECT owner, expires_at FROM ${leases} WHERE run_id = :runId AND taken_at = (SELECT MAX(taken_at) FROM ${leases} WHERE run_id = :runId)`,
      { runId },
    );
    return row ? { owner: String(row.owner), expiresAt: Number(row.expires_at) } : undefined;
  }

  /** Runs a statement, retrying the ones Delta refused for a concurrent commit. */
  async #query(statement: string, params?: Readonly<Record<string, SqlValue>>): Promise<readonly Record<string, unknown>[]> {
    return withRetries(() => this.#sql.query(statement, params), {
      maxRetries: CONFLICT_RETRY.maxRetries,
      delayMs: (error, retry) =>
        (error as { concurrentConflict?: unknown }).concurrentConflict === true
          ? backoffDelayMs(CONFLICT_RETRY, retry, Math.random)
          : undefined,
    });
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
  const date = (value: unknown) =>
    value === null || value === undefined ? null : value instanceof Date ? value : new Date(String(value));
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
    eventTime: date(row.event_time) as Date,
    seq: Number(row.seq),
  });
}
