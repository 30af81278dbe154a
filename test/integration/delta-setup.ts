import {
  createEngine,
  DatabricksJobsClient,
  type EngineOptions,
  MemoryMetadataStore,
  type Notification,
  type Notifier,
  StatementExecutionSqlClient,
} from '../../src/index.js';
import { type Emulator, type EmulatorOptions, recordEvents, startEmulator } from '../../src/testing.js';

/** A notifier that keeps what it is sent. */
export function inbox(): Notifier & { readonly got: Notification[] } {
  const got: Notification[] = [];
  return { name: 'inbox', got, send: async (notification) => void got.push(notification) };
}

/** An emulator with Delta tables, and an engine on it with SQL, Delta rollback and an inbox. */
export async function deltaSetup(options: EmulatorOptions, engineOptions: EngineOptions = {}) {
  const emu: Emulator = await startEmulator({ timeScale: 100, ...options });
  const sql = new StatementExecutionSqlClient({ host: emu.url, token: emu.token, warehouseId: emu.warehouseId });
  const box = inbox();
  const store = new MemoryMetadataStore();
  const engine = createEngine({
    jobsApi: new DatabricksJobsClient({ host: emu.url, token: emu.token, requestsPerSecond: 200 }),
    sql,
    store,
    notifiers: [box],
    poll: { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 },
    ...engineOptions,
  });
  return { emu, sql, store, engine, box, events: recordEvents(engine) };
}

/** Versions and operations of a table, newest first. */
export async function historyOf(sql: StatementExecutionSqlClient, table: string) {
  const rows = await sql.query(`DESCRIBE HISTORY ${table}`);
  return rows.map((row) => `${row.version} ${row.operation}`);
}

/** The ids in a table, sorted. */
export function idsOf(emu: Emulator, table: string): number[] {
  return emu
    .table(table)
    .map((row) => Number(row.id))
    .sort((a, b) => a - b);
}
