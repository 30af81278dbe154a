import type { JobsApi } from './adapters/jobs-api.js';
import type { MetadataStore } from './adapters/metadata-store.js';
import type { SqlClient } from './adapters/sql-client.js';
import { DatabricksJobsClient } from './databricks/databricks-jobs-client.js';
import { StatementExecutionSqlClient } from './databricks/statement-execution-sql-client.js';
import { Engine } from './engine/engine.js';
import { type DefaultAdapters, type EngineOptions, resolveEngineOptions } from './engine/engine-options.js';
import { ConsoleNotifier } from './notify/console-notifier.js';
import { DeltaRestoreRollback } from './rollback/delta-restore-rollback.js';
import { SqlMetadataStore } from './stores/sql-metadata-store.js';
import { SqliteMetadataStore } from './stores/sqlite-metadata-store.js';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Creates an engine. Every option has a default, read from the environment (`options.env`,
 * else `process.env`):
 *
 * - **store**: the Databricks table `BRICKWORK_LOG_TABLE` (default `brickwork_log`) when a
 *   SQL warehouse is configured (`BRICKWORK_SQL_WAREHOUSE` or `DATABRICKS_WAREHOUSE_ID`);
 *   otherwise the SQLite file `BRICKWORK_STATE_DB`, **`.brickwork/state.db`** in the working
 *   directory by default (it needs the optional `better-sqlite3`);
 * - **jobsApi**: a `DatabricksJobsClient` from `DATABRICKS_HOST` and a token or OAuth client,
 *   made when a pipeline with Databricks jobs first runs;
 * - **sql** and **rollback**: the warehouse's SQL client and Delta `RESTORE`, when a warehouse
 *   is configured; else none;
 * - **notifiers**: a `ConsoleNotifier` (alerts to standard error).
 *
 * This file is the one place that chooses concrete adapters: the engine knows interfaces only.
 *
 * @example
 * ```ts
 * const engine = createEngine({ concurrency: 8 });
 * engine.on('job:failed', (e) => console.error(e.job, e.error.message));
 * const result = await engine.run(nightly);
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(resolveEngineOptions(options, defaultAdapters(options)));
}

/** The adapters `options` does not name, made from the environment. */
function defaultAdapters(options: EngineOptions): DefaultAdapters {
  const env = options.env ?? process.env;
  const warehouseSql = options.store && options.sql ? undefined : warehouseClient(env);
  const sql = options.sql ?? warehouseSql;
  return {
    store: options.store ?? defaultStore(env, warehouseSql),
    sql,
    rollback:
      options.rollback === false ? undefined : (options.rollback ?? (sql ? new DeltaRestoreRollback({ sql }) : undefined)),
    jobsApi: once((): JobsApi => options.jobsApi ?? new DatabricksJobsClient({ env })),
    notifiers: options.notifiers ?? [new ConsoleNotifier()],
  };
}

/** Calls `make` on first use only, remembering its value (not its errors). */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}

/** The workspace's SQL warehouse client, when one is configured. */
function warehouseClient(env: Env): SqlClient | undefined {
  const warehouse = env.BRICKWORK_SQL_WAREHOUSE ?? env.DATABRICKS_WAREHOUSE_ID;
  if (!warehouse) return undefined;
  return new StatementExecutionSqlClient({ warehouseId: warehouse.split('/').filter(Boolean).pop() ?? warehouse, env });
}

/** The store when none is given: the workspace's table with a warehouse, else a local SQLite file. */
function defaultStore(env: Env, sql: SqlClient | undefined): MetadataStore {
  if (sql) return new SqlMetadataStore({ sql, table: env.BRICKWORK_LOG_TABLE ?? 'brickwork_log' });
  return new SqliteMetadataStore({ path: env.BRICKWORK_STATE_DB ?? '.brickwork/state.db' });
}
