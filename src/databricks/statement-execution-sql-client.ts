import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { SqlClient, SqlValue } from '../adapters/sql-client.js';
import { BrickworkError, ErrorCode } from '../model/brickwork-error.js';
import type { ApiTransport } from './api-transport.js';
import { type WorkspaceClientOptions, workspaceTransport } from './workspace-client-options.js';

/** Options of {@link StatementExecutionSqlClient}. */
export interface StatementExecutionSqlClientOptions extends WorkspaceClientOptions {
  /** The SQL warehouse that runs the statements. */
  readonly warehouseId: string;
}

/** A SQL statement failed on the warehouse (the API answers such failures with HTTP 200). */
export class SqlStatementError extends BrickworkError {
  /** The API's `status.error.error_code`, e.g. `BAD_REQUEST`. */
  readonly errorCode: string;
  /** SQLSTATE, when given. */
  readonly sqlState?: string;

  constructor(errorCode: string, message: string, sqlState?: string) {
    super(ErrorCode.SqlFailed, `SQL statement failed (${errorCode}): ${message}`);
    this.errorCode = errorCode;
    if (sqlState !== undefined) this.sqlState = sqlState;
  }

  /** Whether Delta refused a commit for a concurrent one (`DELTA_CONCURRENT_*`): retry it. */
  get concurrentConflict(): boolean {
    return /DELTA_CONCURRENT_|ConcurrentAppendException|ConcurrentDeleteReadException/.test(this.message);
  }
}

const column = z.looseObject({ name: z.string(), type_name: z.string().optional() });
const resultData = z.looseObject({
  data_array: z.array(z.array(z.string().nullable())).optional(),
  next_chunk_index: z.number().optional(),
});
const statementSchema = z.looseObject({
  statement_id: z.string(),
  status: z.looseObject({
    state: z.string(),
    error: z.looseObject({ error_code: z.string().optional(), message: z.string().optional() }).optional(),
    sql_state: z.string().optional(),
  }),
  manifest: z.looseObject({ schema: z.looseObject({ columns: z.array(column).optional() }).optional() }).optional(),
  result: resultData.optional(),
});

const STATEMENTS = '/api/2.0/sql/statements';

/**
 * A {@link SqlClient} on the SQL Statement Execution API (HTTP through undici): named
 * parameters with types, FAILED statements (HTTP 200) turned into `SqlStatementError`, long
 * statements polled, and every value converted from the string it arrives as by the
 * manifest's column types.
 */
export class StatementExecutionSqlClient implements SqlClient {
  readonly dialect = 'databricks';
  readonly #transport: ApiTransport;
  readonly #warehouseId: string;

  constructor(options: StatementExecutionSqlClientOptions) {
    this.#warehouseId = options.warehouseId;
    this.#transport = workspaceTransport(options);
  }

  /** Runs one statement and returns its rows with typed values. */
  async query(sql: string, params: Readonly<Record<string, SqlValue>> = {}): Promise<readonly Record<string, unknown>[]> {
    const body = {
      warehouse_id: this.#warehouseId,
      statement: sql,
      parameters: parametersOf(params),
      wait_timeout: '30s',
      on_wait_timeout: 'CONTINUE',
    };
    let answer = await this.#transport.call('POST', STATEMENTS, statementSchema, { body, idempotent: false });
    for (
      let wait = 100;
      answer.status.state === 'PENDING' || answer.status.state === 'RUNNING';
      wait = Math.min(wait * 2, 5000)
    ) {
      await sleep(wait);
      answer = await this.#transport.call('GET', `${STATEMENTS}/${answer.statement_id}`, statementSchema);
    }
    const { state, error, sql_state: sqlState } = answer.status;
    if (state !== 'SUCCEEDED')
      throw new SqlStatementError(error?.error_code ?? state, error?.message ?? `statement ended ${state}`, sqlState);
    const columns = answer.manifest?.schema?.columns ?? [];
    const rows = [...(answer.result?.data_array ?? [])];
    for (let next = answer.result?.next_chunk_index; next !== undefined; ) {
      const chunk = await this.#transport.call('GET', `${STATEMENTS}/${answer.statement_id}/result/chunks/${next}`, resultData);
      rows.push(...(chunk.data_array ?? []));
      next = chunk.next_chunk_index;
    }
    return rows.map((row) => Object.fromEntries(columns.map((col, i) => [col.name, convert(row[i] ?? null, col.type_name)])));
  }

  /** Nothing to release: every statement is one HTTP exchange. */
  async close(): Promise<void> {}
}

/** `[{ name, value, type }]`: every value is sent as a string, NULL by omitting it. */
function parametersOf(params: Readonly<Record<string, SqlValue>>): { name: string; value?: string; type: string }[] {
  return Object.entries(params).map(([name, value]) => {
    if (value === null) return { name, type: 'STRING' };
    if (value instanceof Date) return { name, value: value.toISOString(), type: 'TIMESTAMP' };
    if (typeof value === 'boolean') return { name, value: String(value), type: 'BOOLEAN' };
    if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value)))
      return { name, value: String(value), type: 'BIGINT' };
    if (typeof value === 'number') return { name, value: String(value), type: 'DOUBLE' };
    return { name, value, type: 'STRING' };
  });
}

/** A cell from its string by the column's `type_name`. */
function convert(value: string | null, type = 'STRING'): unknown {
  if (value === null) return null;
  switch (type) {
    case 'INT':
    case 'LONG':
    case 'SHORT':
    case 'BYTE':
    case 'DOUBLE':
    case 'FLOAT':
    case 'DECIMAL':
      return Number(value);
    case 'BOOLEAN':
      return value === 'true';
    case 'TIMESTAMP':
    case 'DATE':
      return new Date(value);
    default:
      return value;
  }
}
