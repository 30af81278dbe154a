/**
 * How the emulated warehouse speaks Databricks SQL on SQLite: names, types and bound values.
 * @module
 */

/** Binds `[{ name, value, type }]` the way CAST would: numbers, booleans and NULLs by type. */
export function bind(parameters: unknown): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const parameter of Array.isArray(parameters) ? parameters : []) {
    const { name, value, type = 'STRING' } = parameter as { name: string; value?: string | null; type?: string };
    const kind = type.toUpperCase();
    bound[name] =
      value === undefined || value === null
        ? null
        : /INT|LONG|SHORT|BYTE/.test(kind)
          ? BigInt(value)
          : /DOUBLE|FLOAT|DECIMAL/.test(kind)
            ? Number(value)
            : kind === 'BOOLEAN'
              ? Number(value === 'true')
              : value;
  }
  return bound;
}

/** The SQLite column type of a JavaScript value, named as Databricks would. */
export function sqlType(value: unknown): string {
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) return 'BIGINT';
  if (typeof value === 'number') return 'DOUBLE';
  if (value instanceof Date) return 'TIMESTAMP';
  return 'STRING';
}

/** `DESCRIBE TABLE`'s `data_type` of a declared SQLite type. */
export function databricksType(declared: string): string {
  const type = declared.toUpperCase();
  if (type === 'INT' || type === 'INTEGER') return 'int';
  if (/BIGINT|LONG/.test(type)) return 'bigint';
  if (/DOUBLE|FLOAT|REAL/.test(type)) return 'double';
  if (type.includes('BOOL')) return 'boolean';
  if (type.includes('TIMESTAMP')) return 'timestamp';
  if (type.includes('DATE')) return 'date';
  return 'string';
}

/** A Databricks `type_name` from a declared SQLite type, or from the values of an expression column. */
export function typeName(declared: string | null, rows: unknown[][], index: number): string {
  const type = (declared ?? '').toUpperCase();
  if (/INT|LONG/.test(type)) return 'LONG';
  if (/DOUBLE|FLOAT|REAL/.test(type)) return 'DOUBLE';
  if (type.includes('BOOL')) return 'BOOLEAN';
  if (type.includes('TIMESTAMP')) return 'TIMESTAMP';
  if (type !== '') return 'STRING';
  const sample = rows.find((row) => row[index] !== null)?.[index];
  return typeof sample === 'number' || typeof sample === 'bigint'
    ? Number.isInteger(Number(sample))
      ? 'LONG'
      : 'DOUBLE'
    : 'STRING';
}

/**
 * Databricks SQL as SQLite runs it: Delta clauses dropped, a backtick-quoted
 * `catalog`.`schema`.`table` name made one identifier, and `current_timestamp()` read from
 * the warehouse's clock (the `emulator_now()` function the warehouse registers).
 */
export function toSqlite(sql: string): string {
  return sql
    .replace(/\bcurrent_timestamp\b(?:\s*\(\s*\))?/gi, 'emulator_now()')
    .replace(/\bUSING\s+DELTA\b/gi, '')
    .replace(/\bTBLPROPERTIES\s*\([^)]*\)/gi, '')
    .replace(
      /`([^`]+)`((?:\.`[^`]+`){1,2})/g,
      (_all, first: string, rest: string) =>
        `"${[
          first,
          ...rest
            .split('.')
            .filter(Boolean)
            .map((part) => part.slice(1, -1)),
        ].join('.')}"`,
    );
}
