import { describe, expect, it } from 'vitest';
import {
  createEngine,
  DatabricksJobsClient,
  MemoryMetadataStore,
  pipeline,
  type SqlClient,
  StatementExecutionSqlClient,
} from '../../src/index.js';
import { recordEvents, startEmulator } from '../../src/testing.js';
import { historyOf, idsOf, inbox } from './delta-setup.js';

const QUOTED = '`main`.`etl`.`orders`';

describe('a commit that lands between the check and the RESTORE', () => {
  it('is reported: outcome raced with the versions, a rollback_raced row, an event and an alert (default options)', async () => {
    const emu = await startEmulator({
      timeScale: 100,
      jobs: [{ name: 'Data_Load_Job', durationMs: 500, outcomes: ['FAILED'], writes: { 'main.etl.orders': [{ id: 7 }] } }],
      tables: { 'main.etl.orders': [{ id: 1 }] },
    });
    try {
      const warehouse = new StatementExecutionSqlClient({ host: emu.url, token: emu.token, warehouseId: emu.warehouseId });
      // An analyst's insert commits just before brickwork's RESTORE reaches the warehouse.
      const sql: SqlClient = {
        dialect: 'databricks',
        query: async (statement, params) => {
          if (statement.startsWith('RESTORE')) await warehouse.query(`INSERT INTO ${QUOTED} VALUES (99)`);
          return warehouse.query(statement, params);
        },
        close: () => warehouse.close(),
      };
      const box = inbox();
      const store = new MemoryMetadataStore();
      const engine = createEngine({
        jobsApi: new DatabricksJobsClient({ host: emu.url, token: emu.token }),
        sql,
        store,
        notifiers: [box],
      });
      const events = recordEvents(engine);
      const flow = pipeline('nightly')
        .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders'], retry: { maxRetries: 0 } })
        .build();
      const result = await engine.run(flow);

      expect(result.status).toBe('failed');
      expect(await historyOf(warehouse, QUOTED)).toEqual(['3 RESTORE', '2 WRITE', '1 WRITE', '0 CREATE TABLE AS SELECT']);
      expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
      const rollback = result.jobs.get('load')?.rollback;
      expect(rollback?.status).toBe('raced');
      expect(rollback?.tables).toEqual([
        {
          table: 'main.etl.orders',
          status: 'raced',
          fromVersion: 1,
          toVersion: 0,
          restoredVersion: 3,
          racedVersions: [2],
          reason: 'version 2 (WRITE by analyst@example.com) landed between the check and the RESTORE and was undone by it',
        },
      ]);
      const rows = await store.history(result.runId);
      expect(rows.filter((row) => row.event.startsWith('rollback_')).map((row) => row.event)).toEqual([
        'rollback_started',
        'rollback_raced',
      ]);
      expect(events.names().filter((name) => name.startsWith('rollback:'))).toEqual(['rollback:started', 'rollback:raced']);
      expect(box.got.map((n) => n.kind)).toContain('rollback_raced');
      expect(box.got.find((n) => n.kind === 'rollback_raced')?.error?.message).toContain('version 2');
    } finally {
      await emu.stop();
    }
  }, 60_000);
});
