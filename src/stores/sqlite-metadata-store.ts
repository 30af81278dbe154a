import { SqlMetadataStore } from './sql-metadata-store.js';
import { SqliteSqlClient } from './sqlite-sql-client.js';

/** Options of {@link SqliteMetadataStore}. */
export interface SqliteMetadataStoreOptions {
  /**
   * The database file, created with its folder on first use.
   * @default '.brickwork/state.db'
   */
  readonly path?: string;
  /**
   * The log table's name.
   * @default 'brickwork_log'
   */
  readonly table?: string;
}

/**
 * The metadata log in a local SQLite file: durable across processes, so a run killed at any
 * point can be resumed. Needs the optional package `better-sqlite3`.
 *
 * @example
 * ```ts
 * const engine = createEngine({ store: new SqliteMetadataStore({ path: '.brickwork/state.db' }) });
 * ```
 */
export class SqliteMetadataStore extends SqlMetadataStore {
  constructor(options: SqliteMetadataStoreOptions = {}) {
    super({
      sql: new SqliteSqlClient({ path: options.path ?? '.brickwork/state.db' }),
      ...(options.table ? { table: options.table } : {}),
    });
  }
}
