/** The part of better-sqlite3 the Delta emulation uses. */
export interface SqliteDatabase {
  prepare(sql: string): {
    reader: boolean;
    columns(): { name: string; type: string | null }[];
    raw(on: boolean): { all(params?: object): unknown[][] };
    all(params?: object): unknown[];
    run(params?: object): { changes: number };
  };
  exec(sql: string): void;
  function(name: string, options: { deterministic: boolean }, implementation: (...args: unknown[]) => unknown): void;
}

/** The Databricks job that made a commit (`job` column of DESCRIBE HISTORY). */
export interface CommitJob {
  readonly jobId: number;
  readonly jobName: string;
  /** The job run (what run-now returns). */
  readonly jobRunId: number;
  /** The task run. */
  readonly runId: number;
}

interface Version {
  readonly version: number;
  readonly timestamp: number;
  readonly operation: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, string>>;
  readonly job: CommitJob | undefined;
  readonly readVersion: number | null;
  readonly blindAppend: boolean;
  /** The table's rows after the commit; dropped when VACUUM removes its files. */
  rows: unknown[][] | undefined;
}

/** Seven days: Delta's default `delta.deletedFileRetentionDuration`. */
const DEFAULT_RETENTION_HOURS = 168;

/** Operations that do not change data, so the files of earlier versions stay referenced. */
const NO_DATA_CHANGE = new Set(['VACUUM START', 'VACUUM END', 'OPTIMIZE']);

/**
 * Delta-style versions of the emulated warehouse's tables: every write is a commit with a
 * full copy of the table (this is for tests), `DESCRIBE HISTORY` lists them newest first,
 * `RESTORE` brings a version's rows back as a new commit, and `VACUUM` makes versions whose
 * files are past the retention unrestorable, with Delta's own error.
 */
export class DeltaTables {
  readonly #db: () => SqliteDatabase;
  readonly #now: () => number;
  readonly #tables = new Map<string, Version[]>();
  #retentionCheck = true;

  constructor(db: () => SqliteDatabase, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** Whether `table` (a normalised `catalog.schema.table`) is versioned. */
  has(table: string): boolean {
    return this.#tables.has(table);
  }

  /** Starts versioning a table SQLite now has (version 0). */
  created(table: string, operation: string, job?: CommitJob): void {
    this.#tables.set(table, []);
    this.commit(table, operation, {}, { numOutputRows: String(this.#rows(table).length) }, job);
  }

  /** Stops versioning a dropped table. */
  dropped(table: string): void {
    this.#tables.delete(table);
  }

  /** Records the table's current rows as a new version. */
  commit(
    table: string,
    operation: string,
    parameters: Readonly<Record<string, string>>,
    metrics: Readonly<Record<string, string>>,
    job?: CommitJob,
  ): void {
    const versions = this.#tables.get(table) as Version[];
    const previous = versions[versions.length - 1];
    versions.push({
      version: versions.length,
      timestamp: this.#now(),
      operation,
      parameters,
      metrics,
      job,
      readVersion: previous ? previous.version : null,
      blindAppend: operation === 'WRITE',
      rows: this.#rows(table),
    });
  }

  /** Appends rows as a commit of `job` (a scripted job's write). */
  append(table: string, rows: readonly Readonly<Record<string, unknown>>[], job: CommitJob): void {
    if (rows.length === 0) return;
    const db = this.#db();
    const columns = Object.keys(rows[0] as object);
    const insert = db.prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
    );
    for (const row of rows) insert.run(sqliteRow(row));
    this.commit(
      table,
      'WRITE',
      { mode: 'Append', partitionBy: '[]' },
      { numFiles: '1', numOutputRows: String(rows.length) },
      job,
    );
  }

  /** `DESCRIBE HISTORY`: columns and rows, newest first. */
  history(table: string, limit: number | undefined): { columns: [string, string][]; rows: (string | null)[][] } {
    const versions = [...(this.#tables.get(table) ?? [])].reverse().slice(0, limit);
    const columns: [string, string][] = [
      ['version', 'LONG'],
      ['timestamp', 'TIMESTAMP'],
      ['userId', 'STRING'],
      ['userName', 'STRING'],
      ['operation', 'STRING'],
      ['operationParameters', 'MAP'],
      ['job', 'STRUCT'],
      ['notebook', 'STRUCT'],
      ['clusterId', 'STRING'],
      ['readVersion', 'LONG'],
      ['isolationLevel', 'STRING'],
      ['isBlindAppend', 'BOOLEAN'],
      ['operationMetrics', 'MAP'],
      ['userMetadata', 'STRING'],
      ['engineInfo', 'STRING'],
    ];
    const rows = versions.map((v) => [
      String(v.version),
      new Date(v.timestamp).toISOString(),
      '4242',
      v.job ? 'etl-service-principal' : 'analyst@example.com',
      v.operation,
      JSON.stringify(v.parameters),
      v.job
        ? JSON.stringify({
            jobId: String(v.job.jobId),
            jobName: v.job.jobName,
            jobRunId: String(v.job.jobRunId),
            runId: String(v.job.runId),
            jobOwnerId: '4242',
            triggerType: 'manual',
          })
        : null,
      null,
      v.job ? `0101-000000-emu${v.job.jobId}` : null,
      v.readVersion === null ? null : String(v.readVersion),
      'WriteSerializable',
      String(v.blindAppend),
      JSON.stringify(v.metrics),
      null,
      'Databricks-Runtime/15.4.x-emulator',
    ]);
    return { columns, rows };
  }

  /** `RESTORE TABLE … TO VERSION AS OF n`; throws Delta's errors. */
  restore(table: string, version: number): { columns: [string, string][]; rows: string[][] } {
    const versions = this.#tables.get(table) as Version[];
    const target = versions[version];
    if (!target) {
      throw new Error(
        `[DELTA_VERSION_NOT_FOUND] Cannot time travel Delta table to version ${version}. Available versions: [0, ${versions.length - 1}].`,
      );
    }
    if (!target.rows) {
      throw new Error(
        `Not all files from version ${version} are available in file system.\n Missed files (top 100 files): part-00000-v${version}.snappy.parquet.\n Please use more recent version or timestamp for restoring.\n To disable check update option spark.sql.files.ignoreMissingFiles`,
      );
    }
    const before = this.#rows(table).length;
    this.#replace(table, target.rows);
    const metrics = {
      tableSizeAfterRestore: String(target.rows.length * 100),
      numOfFilesAfterRestore: '1',
      numRemovedFiles: before > 0 ? '1' : '0',
      numRestoredFiles: '1',
      removedFilesSize: String(before * 100),
      restoredFilesSize: String(target.rows.length * 100),
    };
    this.commit(table, 'RESTORE', { version: String(version), timestamp: '' }, metrics);
    const names = [
      'table_size_after_restore',
      'num_of_files_after_restore',
      'num_removed_files',
      'num_restored_files',
      'removed_files_size',
      'restored_files_size',
    ];
    return { columns: names.map((name) => [name, 'LONG']), rows: [Object.values(metrics)] };
  }

  /**
   * `VACUUM t [RETAIN n HOURS]`: versions replaced more than the retention ago lose their
   * files. Below 168 hours Delta refuses unless the retention check is switched off.
   */
  vacuum(table: string, retainHours: number | undefined): void {
    const hours = retainHours ?? DEFAULT_RETENTION_HOURS;
    if (hours < DEFAULT_RETENTION_HOURS && this.#retentionCheck) {
      throw new Error(
        'requirement failed: Are you sure you would like to vacuum files with such a low retention period? If you have writers that are currently writing to this table, there is a risk that you may corrupt the state of your Delta table.\nIf you are certain that there are no operations being performed on this table, such as insert/upsert/delete/optimize, then you may turn off this check by setting:\nspark.databricks.delta.retentionDurationCheck.enabled = false',
      );
    }
    const versions = this.#tables.get(table) as Version[];
    const cutoff = this.#now() - hours * 3_600_000;
    let removed = 0;
    for (let i = 0; i < versions.length - 1; i++) {
      const replacedAt = versions.slice(i + 1).find((v) => !NO_DATA_CHANGE.has(v.operation))?.timestamp;
      const version = versions[i] as Version;
      if (version.rows && replacedAt !== undefined && replacedAt <= cutoff) {
        version.rows = undefined;
        removed++;
      }
    }
    const retention = String(hours * 3_600_000);
    this.commit(
      table,
      'VACUUM START',
      { retentionCheckEnabled: String(this.#retentionCheck), specifiedRetentionMillis: retention },
      {
        numFilesToDelete: String(removed),
      },
    );
    this.commit(table, 'VACUUM END', { status: 'COMPLETED' }, { numDeletedFiles: String(removed), numVacuumedDirectories: '1' });
  }

  /** `SET spark.databricks.delta.retentionDurationCheck.enabled = …`. */
  setRetentionCheck(enabled: boolean): void {
    this.#retentionCheck = enabled;
  }

  #rows(table: string): unknown[][] {
    return this.#db().prepare(`SELECT * FROM "${table}"`).raw(true).all();
  }

  #replace(table: string, rows: readonly unknown[][]): void {
    const db = this.#db();
    db.prepare(`DELETE FROM "${table}"`).run();
    if (rows.length === 0) return;
    const width = (rows[0] as unknown[]).length;
    const insert = db.prepare(`INSERT INTO "${table}" VALUES (${Array.from({ length: width }, (_, i) => `@c${i}`).join(', ')})`);
    for (const row of rows) insert.run(Object.fromEntries(row.map((value, i) => [`c${i}`, value])));
  }
}

/** A row as SQLite binds it: booleans as 0/1, dates as ISO text. */
export function sqliteRow(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const bound: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    bound[key] = typeof value === 'boolean' ? Number(value) : value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return bound;
}
