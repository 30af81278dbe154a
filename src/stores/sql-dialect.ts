import type { SqlClient } from '../adapters/sql-client.js';
import { InvalidOptionsError } from '../model/errors.js';

/** How the log's tables are named and typed in one SQL dialect. */
export interface SqlDialect {
  /** The quoted names of the log table, its `_latest` view and its `_leases` table. */
  readonly names: { readonly table: string; readonly view: string; readonly leases: string };
  /** A column type. */
  type(kind: 'text' | 'int' | 'bigint' | 'timestamp'): string;
  /** What follows `CREATE TABLE … (…)`. */
  readonly tableSuffix: string;
  /**
   * The store's clock in milliseconds since the epoch, as a SQL expression: the warehouse's
   * on Databricks; on SQLite the bound `:now`, read from this machine's clock, which every
   * process sharing the file reads too.
   */
  readonly nowMs: string;
}

const PART = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/**
 * The dialect of a client, with the table name validated: a plain identifier for SQLite,
 * `[catalog.][schema.]table` for Databricks (each part backtick-quoted). Anything else is
 * refused before a statement is sent.
 */
export function dialectOf(sql: SqlClient, table: string): SqlDialect {
  const parts = table.split('.');
  const valid = parts.every((part) => PART.test(part)) && parts.length <= (sql.dialect === 'databricks' ? 3 : 1);
  if (!valid) {
    const form = sql.dialect === 'databricks' ? '[catalog.][schema.]table' : 'a plain name';
    throw new InvalidOptionsError(
      `table name '${table}' must be ${form} of letters, digits and underscores, each starting with a letter or underscore`,
    );
  }
  if (sql.dialect === 'sqlite') {
    return {
      names: { table: `"${table}"`, view: `"${table}_latest"`, leases: `"${table}_leases"` },
      type: (kind) => ({ text: 'TEXT', int: 'INTEGER', bigint: 'INTEGER', timestamp: 'TEXT' })[kind],
      tableSuffix: '',
      nowMs: ':now',
    };
  }
  const quoted = (last: string) => [...parts.slice(0, -1), last].map((part) => `\`${part}\``).join('.');
  const base = parts[parts.length - 1] as string;
  return {
    names: { table: quoted(base), view: quoted(`${base}_latest`), leases: quoted(`${base}_leases`) },
    type: (kind) => ({ text: 'STRING', int: 'INT', bigint: 'BIGINT', timestamp: 'TIMESTAMP' })[kind],
    tableSuffix: ' USING DELTA',
    nowMs: 'unix_millis(current_timestamp())',
  };
}
