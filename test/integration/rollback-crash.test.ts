import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, SqliteMetadataStore, StatementExecutionSqlClient } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { waitFor } from '../databricks/wait-for.js';
import { expectRowOrder } from '../helpers.js';
import { historyOf, idsOf } from './delta-setup.js';
import { LOAD_JOB, ORDERS, rollbackPipeline } from './rollback-crash-pipeline.js';

const QUOTED = '`main`.`etl`.`orders`';

/** Whether the emulator has answered a RESTORE statement. */
const restored = (emu: Emulator) =>
  emu
    .calls()
    .some((call) => call.status === 200 && /^RESTORE/.test(String((call.request as { statement?: unknown })?.statement ?? '')));

/**
 * Drives the rollback pipeline in a child process with default options, kills it with
 * SIGKILL at `killWhen`, then resumes in this process with default options.
 */
async function killAndResume(killWhen: (emu: Emulator, store: SqliteMetadataStore, runId: string) => Promise<boolean>) {
  // Every statement answers a second late, so each kill point is a window, not a race.
  const emu = await startEmulator({
    timeScale: 100,
    jobs: [LOAD_JOB],
    tables: { [ORDERS]: [{ id: 1 }] },
    faults: { slowMs: 1000, pathIncludes: '/sql/statements' },
  });
  const path = join(mkdtempSync(join(tmpdir(), 'brickwork-rollback-crash-')), 'state.db');
  const store = new SqliteMetadataStore({ path });
  const runId = 'restoring-1';
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'rollback-crash-child.ts'), emu.url, emu.token, emu.warehouseId, path, runId],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  await waitFor(async () => ((await killWhen(emu, store, runId)) || child.exitCode !== null ? true : undefined), 30_000);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  const before = await store.history(runId);
  emu.setFaults({});
  const sql = new StatementExecutionSqlClient({ host: emu.url, token: emu.token, warehouseId: emu.warehouseId });
  const engine = createEngine({
    notifiers: [],
    jobsApi: new DatabricksJobsClient({ host: emu.url, token: emu.token }),
    sql,
    store,
  });
  const result = await engine.resume(rollbackPipeline(), runId);
  return { emu, sql, store, runId, before, result };
}

/**
 * What both kill points must end with: the kill left the intent and no end, the resume
 * succeeded, and the table has one RESTORE, then the second run's write — its row once,
 * not twice. Resolves to the run's history, its row order checked.
 */
async function expectRestoredOnce(killed: Awaited<ReturnType<typeof killAndResume>>) {
  const { emu, sql, store, runId, before, result } = killed;
  expect(before.at(-1)?.event).toBe('rollback_started');
  expect(result.status).toBe('success');
  expect(await historyOf(sql, QUOTED)).toEqual(['3 WRITE', '2 RESTORE', '1 WRITE', '0 CREATE TABLE AS SELECT']);
  expect(idsOf(emu, ORDERS)).toEqual([1, 7]);
  const history = await store.history(runId);
  expectRowOrder(history);
  return history;
}

describe('rollback that survives a crash', () => {
  it('killed between the failure and the RESTORE: resume restores once, then runs the job again over the clean table', async () => {
    const killed = await killAndResume(async (emu, store, runId) => {
      const rows = await store.history(runId).catch(() => []);
      return rows.some((row) => row.event === 'rollback_started') && !restored(emu);
    });
    const { emu, before, result } = killed;
    try {
      const history = await expectRestoredOnce(killed);
      const resumed = history.slice(before.length).map((row) => row.event);
      expect(resumed.slice(0, 3)).toEqual(['run_resumed', 'rollback_started', 'rollback_succeeded']);
      expect(result.jobs.get('load')?.attempts.map((a) => a.status)).toEqual(['failed', 'success']);
    } finally {
      await emu.stop();
    }
  }, 90_000);

  it('killed after the RESTORE, before it was recorded: resume sees it in the history and does not restore again', async () => {
    const killed = await killAndResume(async (emu) => restored(emu));
    const { emu, before } = killed;
    try {
      const history = await expectRestoredOnce(killed);
      const finished = history.find((row) => row.seq > before.length && row.event === 'rollback_succeeded');
      expect(JSON.parse(finished?.details ?? '{}').tables).toEqual([
        { table: ORDERS, status: 'restored', fromVersion: 1, toVersion: 0, restoredVersion: 2 },
      ]);
    } finally {
      await emu.stop();
    }
  }, 90_000);
});
