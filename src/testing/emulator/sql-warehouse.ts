import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { type ApiAnswer, apiError } from './api-answer.js';
import { bind, databricksType, sqlType, toSqlite, typeName } from './databricks-on-sqlite.js';
import { type DeltaCommand, deltaCommand, type TableChange, tableChange, tableKey } from './delta-statements.js';
import { type CommitJob, DeltaTables, type SqliteDatabase, sqliteRow } from './delta-tables.js';

interface Statement {
  readonly id: string;
  readonly readyAt: number;
  readonly answer: Record<string, unknown>;
  canceled: boolean;
}

/**
 * An emulated SQL warehouse serving the Statement Execution API on an in-memory SQLite
 * database: Databricks-flavoured DDL (`USING DELTA`, `TBLPROPERTIES`) is accepted, values come
 * back as strings with the manifest's types, and failures are HTTP 200 with state FAILED.
 */
export class SqlWarehouse {
  readonly #id: string;
  readonly #now: () => number;
  readonly #latencyMs: number;
  readonly #statements = new Map<string, Statement>();
  readonly #delta: DeltaTables;
  #db: SqliteDatabase | undefined;

  constructor(id: string, now: () => number, latencyMs: number) {
    this.#id = id;
    this.#now = now;
    this.#latencyMs = latencyMs;
    this.#delta = new DeltaTables(() => this.#open(), now);
  }

  /** Creates a versioned table holding `rows` (column types from the first row's values). */
  createTable(name: string, rows: readonly Readonly<Record<string, unknown>>[], job?: CommitJob): void {
    const first = rows[0];
    if (!first) throw new Error(`table ${name} needs at least one row to infer its columns`);
    const key = tableKey(name);
    const columns = Object.entries(first).map(([column, value]) => `"${column}" ${sqlType(value)}`);
    this.#open().exec(`CREATE TABLE "${key}" (${columns.join(', ')})`);
    const insert = this.#open().prepare(
      `INSERT INTO "${key}" VALUES (${Object.keys(first)
        .map((column) => `@${column}`)
        .join(', ')})`,
    );
    for (const row of rows) insert.run(sqliteRow(row));
    this.#delta.created(key, 'CREATE TABLE AS SELECT', job);
  }

  /** A scripted job's write: appends `rows` as a commit of `job`, creating the table if needed. */
  jobWrite(name: string, rows: readonly Readonly<Record<string, unknown>>[], job: CommitJob): void {
    const key = tableKey(name);
    if (this.#delta.has(key)) this.#delta.append(key, rows, job);
    else this.createTable(key, rows, job);
  }

  /** The rows of a table now, as objects. */
  rowsOf(name: string): Record<string, unknown>[] {
    return this.#open()
      .prepare(`SELECT * FROM "${tableKey(name)}"`)
      .all() as Record<string, unknown>[];
  }

  /** `POST /api/2.0/sql/statements`. */
  execute(body: Record<string, unknown>): ApiAnswer {
    if (body.warehouse_id !== this.#id)
      return apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Warehouse ${String(body.warehouse_id)} does not exist.`);
    if (typeof body.statement !== 'string' || body.statement.trim() === '')
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'statement is required.');
    const id = randomUUID();
    const statement: Statement = {
      id,
      readyAt: this.#now() + this.#latencyMs,
      answer: this.#run(id, body.statement, body.parameters),
      canceled: false,
    };
    this.#statements.set(id, statement);
    return { status: 200, body: this.#view(statement) };
  }

  /** `GET /api/2.0/sql/statements/{id}`. */
  get(id: string): ApiAnswer {
    const statement = this.#statements.get(id);
    return statement
      ? { status: 200, body: this.#view(statement) }
      : apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Statement ${id} does not exist.`);
  }

  /** `GET /api/2.0/sql/statements/{id}/result/chunks/{n}`: every result here is one chunk. */
  chunk(id: string, index: number): ApiAnswer {
    const result = this.#statements.get(id)?.answer.result;
    if (!result || index !== 0)
      return apiError(404, 'RESOURCE_DOES_NOT_EXIST', `Chunk ${index} of statement ${id} does not exist.`);
    return { status: 200, body: result };
  }

  /** `POST /api/2.0/sql/statements/{id}/cancel`: best effort, like the real one. */
  cancel(id: string): ApiAnswer {
    const statement = this.#statements.get(id);
    if (statement && this.#now() < statement.readyAt) statement.canceled = true;
    return { status: 200, body: {} };
  }

  #view(statement: Statement): Record<string, unknown> {
    if (statement.canceled) return { statement_id: statement.id, status: { state: 'CANCELED' } };
    const left = statement.readyAt - this.#now();
    // The first half of the latency the warehouse is starting (PENDING), then RUNNING.
    if (left > this.#latencyMs / 2) return { statement_id: statement.id, status: { state: 'PENDING' } };
    if (left > 0) return { statement_id: statement.id, status: { state: 'RUNNING' } };
    return statement.answer;
  }

  #run(id: string, sql: string, parameters: unknown): Record<string, unknown> {
    try {
      const command = deltaCommand(sql);
      if (command) {
        const { columns, rows } = this.#runDelta(command);
        return succeeded(
          id,
          columns.map(([name, type_name]) => ({ name, type_name })),
          rows,
        );
      }
      const prepared = this.#open().prepare(toSqlite(sql));
      const params = bind(parameters);
      if (!prepared.reader) {
        const { changes } = prepared.run(params);
        this.#track(tableChange(sql), changes, sql);
        // Databricks answers an INSERT with the rows it inserted too.
        return /^\s*INSERT\b/i.test(sql)
          ? succeeded(
              id,
              [
                { name: 'num_affected_rows', type_name: 'LONG' },
                { name: 'num_inserted_rows', type_name: 'LONG' },
              ],
              [[String(changes), String(changes)]],
            )
          : succeeded(id, [{ name: 'num_affected_rows', type_name: 'LONG' }], [[String(changes)]]);
      }
      const rows = prepared.raw(true).all(params);
      const columns = prepared.columns().map((column, i) => ({ name: column.name, type_name: typeName(column.type, rows, i) }));
      const text = (value: unknown, i: number) =>
        value === null ? null : columns[i]?.type_name === 'BOOLEAN' ? String(Boolean(value)) : String(value);
      return succeeded(
        id,
        columns,
        rows.map((row) => row.map(text)),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { statement_id: id, status: { state: 'FAILED', error: { error_code: 'BAD_REQUEST', message }, sql_state: '42000' } };
    }
  }

  /** Answers a Delta command from the tables' versions. */
  #runDelta(command: DeltaCommand): { columns: [string, string][]; rows: (string | null)[][] } {
    if (command.kind === 'retention-check') {
      this.#delta.setRetentionCheck(command.enabled);
      return {
        columns: [
          ['key', 'STRING'],
          ['value', 'STRING'],
        ],
        rows: [['spark.databricks.delta.retentionDurationCheck.enabled', String(command.enabled)]],
      };
    }
    const { table } = command;
    if (!this.#exists(table)) {
      throw new Error(`[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${table.split('.').join('`.`')}\` cannot be found.`);
    }
    switch (command.kind) {
      case 'describe': {
        const info = this.#open().prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[];
        return {
          columns: [
            ['col_name', 'STRING'],
            ['data_type', 'STRING'],
            ['comment', 'STRING'],
          ],
          rows: info.map((column) => [column.name, databricksType(column.type), null]),
        };
      }
      case 'history':
        return this.#delta.history(table, command.limit);
      case 'restore':
        return this.#delta.restore(table, command.version);
      case 'restore-timestamp':
        throw new Error('the emulator restores by VERSION AS OF only');
      case 'vacuum':
        this.#delta.vacuum(table, command.retainHours);
        return { columns: [['path', 'STRING']], rows: [[`dbfs:/user/hive/warehouse/${table}`]] };
    }
  }

  /** Versions a table a statement created or wrote; forgets a dropped one. */
  #track(change: TableChange | undefined, changes: number, sql: string): void {
    if (!change) return;
    if (change.kind === 'drop') this.#delta.dropped(change.table);
    else if (change.kind === 'create') {
      if (!this.#delta.has(change.table) && this.#exists(change.table)) {
        this.#delta.created(change.table, /\bAS\s+SELECT\b/i.test(sql) ? 'CREATE TABLE AS SELECT' : 'CREATE TABLE');
      }
    } else if (this.#delta.has(change.table)) {
      const metric = { WRITE: 'numOutputRows', UPDATE: 'numUpdatedRows', DELETE: 'numDeletedRows' }[change.operation];
      const parameters = change.operation === 'WRITE' ? { mode: 'Append', partitionBy: '[]' } : { predicate: '[]' };
      this.#delta.commit(change.table, change.operation, parameters, { [metric]: String(changes) });
    }
  }

  #exists(table: string): boolean {
    return (
      this.#open().prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE").all([table]).length > 0
    );
  }

  #open(): SqliteDatabase {
    if (this.#db) return this.#db;
    this.#db = new (createRequire(import.meta.url)('better-sqlite3') as new (path: string) => SqliteDatabase)(':memory:');
    // Databricks' clock functions, on the warehouse's clock.
    this.#db.function('emulator_now', { deterministic: false }, () => new Date(this.#now()).toISOString());
    this.#db.function('unix_millis', { deterministic: true }, (timestamp) =>
      timestamp === null ? null : BigInt(Date.parse(String(timestamp))),
    );
    return this.#db;
  }
}

function succeeded(
  id: string,
  columns: { name: string; type_name: string }[],
  data: (string | null)[][],
): Record<string, unknown> {
  return {
    statement_id: id,
    status: { state: 'SUCCEEDED' },
    manifest: {
      format: 'JSON_ARRAY',
      schema: {
        column_count: columns.length,
        columns: columns.map((column, position) => ({ ...column, position, type_text: column.type_name })),
      },
      total_chunk_count: 1,
      total_row_count: data.length,
      truncated: false,
      chunks: [{ chunk_index: 0, row_offset: 0, row_count: data.length }],
    },
    result: { chunk_index: 0, row_offset: 0, row_count: data.length, data_array: data },
  };
}
