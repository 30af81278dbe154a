/**
 * A SQL connection the metadata store (and, later, rollback and checks) runs statements on.
 * @module
 */

/** A value bound to a named parameter. Dates are sent as ISO-8601 timestamps. */
export type SqlValue = string | number | bigint | boolean | null | Date;

/** Runs SQL statements with named `:param` markers and bound values (never string-built). */
export interface SqlClient {
  /** Which SQL the client speaks, for DDL and upserts. */
  readonly dialect: 'sqlite' | 'databricks';
  /** Runs one statement; returns its rows as objects keyed by column name (none for DML). */
  query(sql: string, params?: Readonly<Record<string, SqlValue>>): Promise<readonly Record<string, unknown>[]>;
  /** Releases the connection. */
  close(): Promise<void>;
}
