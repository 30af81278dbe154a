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
  /**
   * Runs one statement; returns its rows as objects keyed by column name. A statement that
   * changes rows answers as Databricks does: one row with `num_affected_rows` (the metadata
   * store's fenced append reads it).
   */
  query(sql: string, params?: Readonly<Record<string, SqlValue>>): Promise<readonly Record<string, unknown>[]>;
  /** Releases the connection. */
  close(): Promise<void>;
}
