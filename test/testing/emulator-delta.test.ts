import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksJobsClient, SqlStatementError, StatementExecutionSqlClient } from '../../src/index.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/testing.js';
import { waitFor } from '../databricks/wait-for.js';

let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

async function setup(options: EmulatorOptions) {
  emulator = await startEmulator({ timeScale: 100, ...options });
  const sql = new StatementExecutionSqlClient({ host: emulator.url, token: emulator.token, warehouseId: emulator.warehouseId });
  return { emu: emulator, sql };
}

const ORDERS = '`main`.`etl`.`orders`';

describe('Delta tables of the emulated warehouse', () => {
  it('versions every write, lists history newest first with Delta columns, and restores a version', async () => {
    const { emu, sql } = await setup({ tables: { 'main.etl.orders': [{ id: 1, amount: 10.5, paid: true, note: 'first' }] } });
    await sql.query(`INSERT INTO ${ORDERS} VALUES (2, 20, false, 'second')`);
    await sql.query(`DELETE FROM ${ORDERS} WHERE id = 1`);
    const history = await sql.query(`DESCRIBE HISTORY ${ORDERS}`);
    expect(history.map((row) => [row.version, row.operation, row.readVersion])).toEqual([
      [2, 'DELETE', 1],
      [1, 'WRITE', 0],
      [0, 'CREATE TABLE AS SELECT', null],
    ]);
    expect(Object.keys(history[0] ?? {})).toEqual([
      'version',
      'timestamp',
      'userId',
      'userName',
      'operation',
      'operationParameters',
      'job',
      'notebook',
      'clusterId',
      'readVersion',
      'isolationLevel',
      'isBlindAppend',
      'operationMetrics',
      'userMetadata',
      'engineInfo',
    ]);
    expect(history[0]?.timestamp).toBeInstanceOf(Date);
    expect(JSON.parse(String(history[1]?.operationMetrics))).toEqual({ numOutputRows: '1' });
    expect(history[1]?.job).toBeNull();
    expect(await sql.query(`DESCRIBE HISTORY main.etl.orders LIMIT 1`)).toHaveLength(1);

    const restored = await sql.query(`RESTORE TABLE ${ORDERS} TO VERSION AS OF 0`);
    expect(Object.keys(restored[0] ?? {})).toEqual([
      'table_size_after_restore',
      'num_of_files_after_restore',
      'num_removed_files',
      'num_restored_files',
      'removed_files_size',
      'restored_files_size',
    ]);
    expect(emu.table('main.etl.orders')).toEqual([{ id: 1, amount: 10.5, paid: 1, note: 'first' }]);
    const [latest] = await sql.query(`DESCRIBE HISTORY ${ORDERS} LIMIT 1`);
    expect(latest).toMatchObject({ version: 3, operation: 'RESTORE' });
    expect(JSON.parse(String(latest?.operationParameters))).toMatchObject({ version: '0' });
    expect(await sql.query(`DESCRIBE TABLE ${ORDERS}`)).toEqual([
      { col_name: 'id', data_type: 'bigint', comment: null },
      { col_name: 'amount', data_type: 'double', comment: null },
      { col_name: 'paid', data_type: 'boolean', comment: null },
      { col_name: 'note', data_type: 'string', comment: null },
    ]);
  });

  it("records a scripted job's write as a commit of its run, even when the run fails", async () => {
    const { emu, sql } = await setup({
      tables: { 'main.etl.orders': [{ id: 1 }] },
      jobs: [
        { name: 'Data_Load_Job', durationMs: 500, outcomes: ['FAILED'], writes: { 'main.etl.orders': [{ id: 7 }, { id: 8 }] } },
      ],
    });
    const jobs = new DatabricksJobsClient({ host: emu.url, token: emu.token });
    const { runId } = await jobs.runNow({ jobId: 1, idempotencyToken: 't1' });
    await waitFor(async () => ((await jobs.getRun(runId)).lifeCycleState === 'TERMINATED' ? true : undefined));
    expect(emu.table('main.etl.orders').map((row) => row.id)).toEqual([1, 7, 8]);
    const [commit] = await sql.query(`DESCRIBE HISTORY ${ORDERS} LIMIT 1`);
    expect(commit?.operation).toBe('WRITE');
    expect(JSON.parse(String(commit?.job))).toMatchObject({ jobId: '1', jobName: 'Data_Load_Job', jobRunId: String(runId) });
  });

  it('makes vacuumed versions unrestorable with Delta’s error, after its retention check', async () => {
    const { sql } = await setup({ tables: { 'main.etl.orders': [{ id: 1 }] } });
    await sql.query(`INSERT INTO ${ORDERS} VALUES (2)`);
    await expect(sql.query(`VACUUM ${ORDERS} RETAIN 0 HOURS`)).rejects.toThrow('Are you sure you would like to vacuum');
    await sql.query('SET spark.databricks.delta.retentionDurationCheck.enabled = false');
    await sql.query(`VACUUM ${ORDERS} RETAIN 0 HOURS`);
    const error = await sql.query(`RESTORE TABLE ${ORDERS} TO VERSION AS OF 0`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlStatementError);
    expect((error as Error).message).toContain('Not all files from version 0 are available in file system');
    await expect(sql.query(`RESTORE TABLE ${ORDERS} TO VERSION AS OF 9`)).rejects.toThrow(
      'Cannot time travel Delta table to version 9. Available versions: [0, 3].',
    );
    await expect(sql.query('DESCRIBE HISTORY `main`.`etl`.`missing`')).rejects.toThrow('[TABLE_OR_VIEW_NOT_FOUND]');
  });
});
