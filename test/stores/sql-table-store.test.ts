import { describeMetadataStore } from 'brickwork/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { SqlMetadataStore, StatementExecutionSqlClient } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';

let emulator: Promise<Emulator> | undefined;
let tables = 0;
afterAll(async () => {
  await (await emulator)?.stop();
});

async function client(): Promise<StatementExecutionSqlClient> {
  emulator ??= startEmulator();
  const emu = await emulator;
  return new StatementExecutionSqlClient({
    host: emu.url,
    token: emu.token,
    warehouseId: emu.warehouseId,
    requestsPerSecond: 1000,
  });
}

describeMetadataStore(
  'SqlMetadataStore on a Databricks table (statement API)',
  async () => new SqlMetadataStore({ sql: await client(), table: `main.ops.brickwork_log_${++tables}` }),
  { describe, it },
);

describe('SqlMetadataStore on a Databricks table', () => {
  it('refuses names that are not [catalog.][schema.]table identifiers before sending anything', async () => {
    const sql = await client();
    for (const table of ['main.ops.log; DROP TABLE x', 'a.b.c.d', 'main.`ops`.log', '']) {
      expect(() => new SqlMetadataStore({ sql, table })).toThrow(/must be \[catalog\.\]\[schema\.\]table/);
    }
  });

  it('refuses a foreign table of the configured name, changing nothing', async () => {
    const sql = await client();
    await sql.query('CREATE TABLE `main`.`ops`.`audit` (id BIGINT, note STRING) USING DELTA');
    await sql.query("INSERT INTO `main`.`ops`.`audit` VALUES (1, 'keep me')");
    await expect(new SqlMetadataStore({ sql, table: 'main.ops.audit' }).init()).rejects.toThrow(
      /exists but is not a brickwork log/,
    );
    expect(await sql.query('SELECT * FROM `main`.`ops`.`audit`')).toEqual([{ id: 1, note: 'keep me' }]);
  });
});
