import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksApiError, SqlStatementError, StatementExecutionSqlClient } from '../../src/index.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/testing.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function setup(options: EmulatorOptions = {}) {
  emulator = await startEmulator(options);
  return {
    emu: emulator,
    sql: new StatementExecutionSqlClient({ host: emulator.url, token: emulator.token, warehouseId: emulator.warehouseId }),
  };
}

describe('StatementExecutionSqlClient against the emulated warehouse', () => {
  it('binds typed named parameters and converts results by the manifest types', async () => {
    const { sql } = await setup();
    await sql.query(
      'CREATE TABLE IF NOT EXISTS `log` (name STRING, n BIGINT, ratio DOUBLE, ok BOOLEAN, at TIMESTAMP, note STRING) USING DELTA',
    );
    const tricky = 'it\'s "quoted"; DROP TABLE log;--\nünïcödé 🧱';
    const at = new Date('2026-11-30T10:00:00.000Z');
    expect(
      await sql.query('INSERT INTO `log` VALUES (:name, :n, :ratio, :ok, :at, :note)', {
        name: tricky,
        n: 42,
        ratio: 0.5,
        ok: true,
        at,
        note: null,
      }),
    ).toEqual([{ num_affected_rows: 1 }]);
    expect(await sql.query('SELECT * FROM `log` WHERE name = :name', { name: tricky })).toEqual([
      { name: tricky, n: 42, ratio: 0.5, ok: true, at, note: null },
    ]);
    expect(await sql.query('SELECT COUNT(*) AS rows FROM `log`')).toEqual([{ rows: 1 }]);
  });

  it('turns a FAILED statement (HTTP 200) into a SqlStatementError, without retrying it', async () => {
    const { emu, sql } = await setup();
    const error = await sql.query('SELECT * FROM missing_table').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SqlStatementError);
    expect(error).toMatchObject({ errorCode: 'BAD_REQUEST', sqlState: '42000', code: 'SQL_FAILED' });
    expect((error as Error).message).toContain('no such table: missing_table');
    expect(emu.calls().filter((call) => call.path === '/api/2.0/sql/statements')).toHaveLength(1);
  });

  it('polls a statement that is still running', async () => {
    const { emu, sql } = await setup({ sqlLatencyMs: 250 });
    expect(await sql.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    expect(
      emu.calls().filter((call) => call.method === 'GET' && call.path.startsWith('/api/2.0/sql/statements/')).length,
    ).toBeGreaterThan(0);
  });

  it('reports an unknown warehouse as the API does', async () => {
    const { emu } = await setup();
    const sql = new StatementExecutionSqlClient({ host: emu.url, token: emu.token, warehouseId: 'nope' });
    await expect(sql.query('SELECT 1')).rejects.toBeInstanceOf(DatabricksApiError);
    await expect(sql.query('SELECT 1')).rejects.toMatchObject({ status: 404, errorCode: 'RESOURCE_DOES_NOT_EXIST' });
  });

  it('knows a Delta concurrency conflict when it sees one', () => {
    expect(new SqlStatementError('BAD_REQUEST', '[DELTA_CONCURRENT_APPEND] Files were added').concurrentConflict).toBe(true);
    expect(new SqlStatementError('BAD_REQUEST', 'syntax error').concurrentConflict).toBe(false);
  });
});
