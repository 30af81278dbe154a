import type { Check, CheckContext, CheckSeverity, CheckVerdict } from '../adapters/check.js';
import type { SqlClient } from '../adapters/sql-client.js';
import { InvalidOptionsError } from '../model/errors.js';
import { checkTableName, quoteTable } from '../util/table-name.js';

/** Options every check takes. */
export interface CheckOptions {
  /** @default 'error' */
  readonly severity?: CheckSeverity;
  /** Overrides the default name (e.g. `rowCount(main.etl.orders)`). */
  readonly name?: string;
}

/** Bounds of {@link checks.rowCount}. */
export interface RowCountOptions extends CheckOptions {
  readonly min?: number;
  readonly max?: number;
}

/** Options of {@link checks.schema}. */
export interface SchemaOptions extends CheckOptions {
  /** Also fail when the table has columns that are not listed. @default false */
  readonly exact?: boolean;
}

/**
 * Columns a table must have: names, or names with their Databricks type as `DESCRIBE TABLE`
 * prints it (`bigint`, `string`, `decimal(10,2)`, …; compared without case).
 */
export type ExpectedColumns = readonly string[] | Readonly<Record<string, string>>;

function make(name: string, options: CheckOptions, run: (context: CheckContext) => Promise<CheckVerdict>): Check {
  const severity = options.severity ?? 'error';
  if (severity !== 'error' && severity !== 'warn') {
    throw new InvalidOptionsError(`check '${name}': severity must be 'error' or 'warn', got '${String(severity)}'`);
  }
  return Object.freeze({ name: options.name ?? name, severity, run });
}

function sqlOf(context: CheckContext, check: string): SqlClient {
  if (!context.sql) throw new InvalidOptionsError(`check '${check}' needs the engine's sql client: createEngine({ sql })`);
  return context.sql;
}

/**
 * The built-in checks.
 *
 * @example
 * ```ts
 * .job('load', {
 *   databricks: { jobName: 'Data_Load_Job' },
 *   writes: ['main.etl.orders'],
 *   checks: [
 *     checks.rowCount('main.etl.orders', { min: 1 }),
 *     checks.schema('main.etl.orders', { id: 'bigint', amount: 'double' }),
 *     checks.sql('no negative amounts', 'SELECT COUNT(*) = 0 FROM main.etl.orders WHERE amount < 0', { severity: 'warn' }),
 *   ],
 * })
 * ```
 */
export const checks = Object.freeze({
  /** The table's row count is within `[min, max]`. */
  rowCount(table: string, options: RowCountOptions = {}): Check {
    checkTableName(table, 'checks.rowCount');
    const { min, max } = options;
    if ((min !== undefined && !Number.isFinite(min)) || (max !== undefined && !Number.isFinite(max))) {
      throw new InvalidOptionsError(`checks.rowCount(${table}): min and max must be numbers`);
    }
    const name = `rowCount(${table})`;
    return make(name, options, async (context) => {
      const [row] = await sqlOf(context, name).query(`SELECT COUNT(*) AS row_count FROM ${quoteTable(table)}`);
      const count = Number(row?.row_count);
      if (min !== undefined && count < min)
        return { passed: false, observed: count, message: `${table} has ${count} rows, expected at least ${min}` };
      if (max !== undefined && count > max)
        return { passed: false, observed: count, message: `${table} has ${count} rows, expected at most ${max}` };
      return { passed: true, observed: count, message: `${table} has ${count} rows` };
    });
  },

  /** The table has these columns (with these types, when given); `exact` forbids others. */
  schema(table: string, columns: ExpectedColumns, options: SchemaOptions = {}): Check {
    checkTableName(table, 'checks.schema');
    const expected: [string, string | undefined][] = Array.isArray(columns)
      ? columns.map((column) => [column, undefined])
      : Object.entries(columns);
    const name = `schema(${table})`;
    return make(name, options, async (context) => {
      const rows = await sqlOf(context, name).query(`DESCRIBE TABLE ${quoteTable(table)}`);
      const actual = new Map<string, string>();
      for (const row of rows) {
        const column = String(row.col_name ?? '');
        // DESCRIBE lists partition information after an empty or '#' row.
        if (column === '' || column.startsWith('#')) break;
        actual.set(column.toLowerCase(), String(row.data_type ?? '').toLowerCase());
      }
      const problems: string[] = [];
      for (const [column, type] of expected) {
        const found = actual.get(column.toLowerCase());
        if (found === undefined) problems.push(`missing column ${column}`);
        else if (type !== undefined && found !== type.toLowerCase())
          problems.push(`${column} is ${found}, expected ${type.toLowerCase()}`);
      }
      if (options.exact) {
        const listed = new Set(expected.map(([column]) => column.toLowerCase()));
        for (const column of actual.keys()) if (!listed.has(column)) problems.push(`unexpected column ${column}`);
      }
      const observed = Object.fromEntries(actual);
      return problems.length > 0
        ? { passed: false, observed, message: `${table}: ${problems.join('; ')}` }
        : { passed: true, observed, message: `${table} has the expected columns` };
    });
  },

  /**
   * `query` returns one row whose one column is true. `:name` markers in it are bound to the
   * run's parameters of that name, as SQL parameters — values are never spliced into the text.
   * @example
   * ```ts
   * checks.sql('rows today', 'SELECT COUNT(*) > 0 FROM main.etl.orders WHERE day = :day')
   * ```
   */
  sql(name: string, query: string, options: CheckOptions = {}): Check {
    if (typeof query !== 'string' || query.trim() === '')
      throw new InvalidOptionsError(`checks.sql('${name}'): query must be SQL text`);
    const markers = parameterMarkers(query);
    return make(name, options, async (context) => {
      const unset = markers.filter((marker) => context.parameters[marker] === undefined);
      if (unset.length > 0) {
        return {
          passed: false,
          message: `${name}: the query uses ${unset.map((marker) => `:${marker}`).join(', ')}, but the run has no such parameter`,
        };
      }
      const bound = Object.fromEntries(markers.map((marker) => [marker, context.parameters[marker] as string]));
      const rows = await sqlOf(context, name).query(query, bound);
      const values = rows.length === 1 ? Object.values(rows[0] as object) : [];
      const value: unknown = values[0];
      if (values.length !== 1 || (typeof value !== 'boolean' && value !== 0 && value !== 1)) {
        return {
          passed: false,
          observed: rows.slice(0, 3),
          message: `${name}: the query must return one row with one boolean column, got ${rows.length} row(s): ${JSON.stringify(rows.slice(0, 3))}`,
        };
      }
      const passed = value === true || value === 1;
      return { passed, observed: passed, message: passed ? `${name} holds` : `${name} does not hold` };
    });
  },

  /** Your own predicate: return a boolean, or a verdict with a message. */
  custom(
    name: string,
    check: (context: CheckContext) => boolean | CheckVerdict | Promise<boolean | CheckVerdict>,
    options: CheckOptions = {},
  ): Check {
    if (typeof check !== 'function') throw new InvalidOptionsError(`checks.custom('${name}'): check must be a function`);
    return make(name, options, async (context) => {
      const verdict = await check(context);
      if (typeof verdict === 'boolean') return { passed: verdict, message: verdict ? `${name} holds` : `${name} does not hold` };
      return verdict;
    });
  },
});

/**
 * The names of the `:name` markers in `query`, each once, outside string literals, quoted
 * identifiers and comments (`::` casts are not markers).
 */
function parameterMarkers(query: string): string[] {
  const code = query.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|`[^`]*`|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  return [...new Set([...code.matchAll(/(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)/g)].map((match) => match[1] as string))];
}
