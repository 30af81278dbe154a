import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { SqlClient, SqlValue } from '../adapters/sql-client.js';
import { InvalidOptionsError, StoreError } from '../model/errors.js';

/** The part of better-sqlite3 this client uses. */
export interface SqliteDatabase {
  prepare(sql: string): { reader: boolean; all(params?: object): unknown[]; run(params?: object): { changes: number } };
  pragma(pragma: string): unknown;
  close(): void;
}

/** Options of {@link SqliteSqlClient}. */
export interface SqliteSqlClientOptions {
  /** Path of the database file (created with its folder when missing), or `:memory:`. */
  readonly path: string;
  /** Loads the driver's constructor; for tests. @default `require('better-sqlite3')` */
  readonly loadDriver?: () => new (path: string) => SqliteDatabase;
}

/**
 * A {@link SqlClient} on a SQLite file through `better-sqlite3`, an optional dependency
 * loaded on first use (so `import 'brickwork'` never loads it). WAL mode, so readers do not
 * block the writer.
 */
export class SqliteSqlClient implements SqlClient {
  readonly dialect = 'sqlite';
  readonly #path: string;
  readonly #loadDriver: () => new (path: string) => SqliteDatabase;
  #db: SqliteDatabase | undefined;

  constructor(options: SqliteSqlClientOptions) {
    if (typeof options?.path !== 'string' || options.path === '') throw new InvalidOptionsError('SqliteSqlClient needs a `path`');
    this.#path = options.path;
    this.#loadDriver =
      options.loadDriver ?? (() => createRequire(import.meta.url)('better-sqlite3') as new (path: string) => SqliteDatabase);
  }

  /**
   * Runs one statement with `:name` parameters: a query's rows, or for a change the one row
   * Databricks answers too, `{ num_affected_rows }`.
   */
  async query(sql: string, params: Readonly<Record<string, SqlValue>> = {}): Promise<readonly Record<string, unknown>[]> {
    const statement = this.#open().prepare(sql);
    const bound = bind(params);
    if (statement.reader) return statement.all(bound) as Record<string, unknown>[];
    return [{ num_affected_rows: statement.run(bound).changes }];
  }

  /** Closes the file. */
  async close(): Promise<void> {
    this.#db?.close();
    this.#db = undefined;
  }

  #open(): SqliteDatabase {
    if (this.#db) return this.#db;
    let Database: new (path: string) => SqliteDatabase;
    try {
      Database = this.#loadDriver();
    } catch (cause) {
      throw new StoreError('the SQLite store needs the optional package better-sqlite3: run `npm install better-sqlite3@12`', {
        cause,
      });
    }
    if (this.#path !== ':memory:') mkdirSync(dirname(this.#path), { recursive: true });
    this.#db = new Database(this.#path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('busy_timeout = 5000');
    return this.#db;
  }
}

/** SQLite takes numbers, strings, bigints, buffers and null: dates become ISO text, booleans 0/1. */
function bind(params: Readonly<Record<string, SqlValue>>): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    bound[name] = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? Number(value) : value;
  }
  return bound;
}
