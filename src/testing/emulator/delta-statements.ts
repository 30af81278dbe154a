/** A table name as written in SQL: `` `a`.`b`.`c` `` or `a.b.c` (one to three parts). */
const NAME = String.raw`((?:\x60[^\x60]+\x60|[A-Za-z_][\w]*)(?:\.(?:\x60[^\x60]+\x60|[A-Za-z_][\w]*)){0,2})`;

/** A statement the warehouse answers from its Delta versions rather than from SQLite. */
export type DeltaCommand =
  | { readonly kind: 'history'; readonly table: string; readonly limit: number | undefined }
  | { readonly kind: 'restore'; readonly table: string; readonly version: number }
  | { readonly kind: 'restore-timestamp'; readonly table: string }
  | { readonly kind: 'vacuum'; readonly table: string; readonly retainHours: number | undefined }
  | { readonly kind: 'describe'; readonly table: string }
  | { readonly kind: 'retention-check'; readonly enabled: boolean };

const COMMANDS: readonly [RegExp, (match: RegExpExecArray) => DeltaCommand][] = [
  [
    new RegExp(String.raw`^DESCRIBE\s+HISTORY\s+${NAME}(?:\s+LIMIT\s+(\d+))?$`, 'i'),
    (m) => ({ kind: 'history', table: tableKey(m[1] as string), limit: m[2] === undefined ? undefined : Number(m[2]) }),
  ],
  [
    new RegExp(String.raw`^RESTORE\s+(?:TABLE\s+)?${NAME}\s+(?:TO\s+)?VERSION\s+AS\s+OF\s+(\d+)$`, 'i'),
    (m) => ({ kind: 'restore', table: tableKey(m[1] as string), version: Number(m[2]) }),
  ],
  [
    new RegExp(String.raw`^RESTORE\s+(?:TABLE\s+)?${NAME}\s+(?:TO\s+)?TIMESTAMP\s+AS\s+OF\s+.+$`, 'i'),
    (m) => ({ kind: 'restore-timestamp', table: tableKey(m[1] as string) }),
  ],
  [
    new RegExp(String.raw`^VACUUM\s+${NAME}(?:\s+RETAIN\s+(\d+(?:\.\d+)?)\s+HOURS)?$`, 'i'),
    (m) => ({ kind: 'vacuum', table: tableKey(m[1] as string), retainHours: m[2] === undefined ? undefined : Number(m[2]) }),
  ],
  [
    new RegExp(String.raw`^DESCRIBE\s+(?:TABLE\s+)?${NAME}$`, 'i'),
    (m) => ({ kind: 'describe', table: tableKey(m[1] as string) }),
  ],
  [
    /^SET\s+spark\.databricks\.delta\.retentionDurationCheck\.enabled\s*=\s*(true|false)$/i,
    (m) => ({ kind: 'retention-check', enabled: (m[1] as string).toLowerCase() === 'true' }),
  ],
];

/** The Delta command `sql` is, if it is one. */
export function deltaCommand(sql: string): DeltaCommand | undefined {
  const text = sql.trim().replace(/;$/, '').trim();
  for (const [pattern, make] of COMMANDS) {
    const match = pattern.exec(text);
    if (match) return make(match);
  }
  return undefined;
}

/** What a statement does to which table, for the tables' versions. */
export type TableChange =
  | { readonly kind: 'create'; readonly table: string }
  | { readonly kind: 'drop'; readonly table: string }
  | { readonly kind: 'write'; readonly table: string; readonly operation: 'WRITE' | 'UPDATE' | 'DELETE' };

const CHANGES: readonly [RegExp, (table: string) => TableChange][] = [
  [
    new RegExp(String.raw`^CREATE\s+(?:OR\s+REPLACE\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?${NAME}`, 'i'),
    (table) => ({ kind: 'create', table }),
  ],
  [new RegExp(String.raw`^DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?${NAME}`, 'i'), (table) => ({ kind: 'drop', table })],
  [
    new RegExp(String.raw`^INSERT\s+(?:OR\s+\w+\s+)?INTO\s+(?:TABLE\s+)?${NAME}`, 'i'),
    (table) => ({ kind: 'write', table, operation: 'WRITE' }),
  ],
  [new RegExp(String.raw`^UPDATE\s+${NAME}`, 'i'), (table) => ({ kind: 'write', table, operation: 'UPDATE' })],
  [new RegExp(String.raw`^DELETE\s+FROM\s+${NAME}`, 'i'), (table) => ({ kind: 'write', table, operation: 'DELETE' })],
];

/** The table a DDL or DML statement changes, if any. */
export function tableChange(sql: string): TableChange | undefined {
  const text = sql.trim();
  for (const [pattern, make] of CHANGES) {
    const match = pattern.exec(text);
    if (match) return make(tableKey(match[1] as string));
  }
  return undefined;
}

/** `` `Main`.`etl`.orders `` → `main.etl.orders`: the key of a table, however it was written. */
export function tableKey(name: string): string {
  return (name.match(/`[^`]+`|[^.]+/g) ?? [])
    .map((part) => (part.startsWith('`') ? part.slice(1, -1) : part).toLowerCase())
    .join('.');
}
