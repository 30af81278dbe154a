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
    ).toEqual([{ num_affected_rows: 1, num_inserted_rows: 1 }]); // as Databricks answers an INSERT
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

describe('the emulated warehouse', () => {
  it('serves result chunks and cancels a running statement', async () => {
    const { request } = await import('undici');
    const { emu } = await setup({ sqlLatencyMs: 60_000 });
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const answer = await request(`${emu.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${emu.token}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
      return (await answer.body.json()) as Record<string, unknown> & { statement_id: string; status: { state: string } };
    };
    const slow = await call('POST', '/api/2.0/sql/statements', {
      warehouse_id: emu.warehouseId,
      statement: 'SELECT 1 AS one',
      wait_timeout: '0s',
    });
    expect(slow.status.state).toBe('PENDING');
    await call('POST', `/api/2.0/sql/statements/${slow.statement_id}/cancel`, {});
    expect((await call('GET', `/api/2.0/sql/statements/${slow.statement_id}`)).status.state).toBe('CANCELED');

    const fast = await startEmulator();
    try {
      const post = await request(`${fast.url}/api/2.0/sql/statements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${fast.token}` },
        body: JSON.stringify({ warehouse_id: fast.warehouseId, statement: "SELECT 'a' AS x UNION ALL SELECT 'b'" }),
      });
      const { statement_id: id } = (await post.body.json()) as { statement_id: string };
      const chunk = await request(`${fast.url}/api/2.0/sql/statements/${id}/result/chunks/0`, {
        headers: { authorization: `Bearer ${fast.token}` },
      });
      expect(await chunk.body.json()).toMatchObject({ chunk_index: 0, row_count: 2, data_array: [['a'], ['b']] });
    } finally {
      await fast.stop();
    }
  });
});
