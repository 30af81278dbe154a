import { afterEach, describe, expect, it } from 'vitest';
import { LeaseHeldError, pipeline } from '../../src/index.js';
import type { Emulator } from '../../src/testing.js';
import { expectRowOrder } from '../helpers.js';
import { deltaSetup, historyOf, idsOf } from './delta-setup.js';

const ORDERS = '`main`.`etl`.`orders`';
let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

const retryOnce = { retry: { maxRetries: 1, minIntervalMs: 1, jitter: 'none' as const } };

describe('Delta rollback against the emulator', () => {
  it('puts a table a failed load half-wrote back to its snapshot, and the log says so', async () => {
    const { emu, sql, store, engine, events } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1, amount: 10 }] },
      jobs: [
        { name: 'Data_Load_Job', durationMs: 500, outcomes: ['FAILED'], writes: { 'main.etl.orders': [{ id: 7, amount: 70 }] } },
      ],
    });
    emulator = emu;
    const flow = pipeline('nightly')
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders'], ...retryOnce })
      .build();
    const result = await engine.run(flow);

    expect(result.status).toBe('failed');
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
    expect(await historyOf(sql, ORDERS)).toEqual(['3 RESTORE', '2 WRITE', '1 WRITE', '0 CREATE TABLE AS SELECT']);
    const load = result.jobs.get('load');
    expect(load?.error?.class).toBe('run_failed');
    expect(load?.rollback).toEqual({
      job: 'load',
      scope: 'job',
      strategy: 'delta-restore',
      status: 'succeeded',
      tables: [{ table: 'main.etl.orders', status: 'restored', fromVersion: 2, toVersion: 0, restoredVersion: 3 }],
    });
    expect(result.rollbacks).toEqual([load?.rollback]);
    const rows = (await store.history(result.runId)).filter((row) => row.jobName === 'load');
    expect(rows.map((row) => row.event)).toEqual([
      'queued',
      'snapshot',
      'started',
      'triggered',
      'attempt_failed',
      'retry_scheduled',
      'started',
      'repairing',
      'triggered',
      'attempt_failed',
      'rollback_started',
      'rollback_succeeded',
      'failed',
    ]);
    expect(JSON.parse(rows[1]?.details ?? '')).toEqual({
      strategy: 'delta-restore',
      tables: [{ table: 'main.etl.orders', version: 0 }],
    });
    expect(events.names().filter((name) => name.startsWith('rollback:') || name === 'job:snapshot')).toEqual([
      'job:snapshot',
      'rollback:started',
      'rollback:succeeded',
    ]);
  });

  it('refuses to undo a foreign commit made in between, alerts, and leaves the data alone', async () => {
    const { emu, sql, engine, box } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1 }] },
      jobs: [{ name: 'Data_Load_Job', durationMs: 5000, outcomes: ['FAILED'], writes: { 'main.etl.orders': [{ id: 7 }] } }],
    });
    emulator = emu;
    // Someone else appends while the load runs.
    let foreign: Promise<unknown> = Promise.resolve();
    engine.once('job:start', () => {
      foreign = sql.query(`INSERT INTO ${ORDERS} VALUES (99)`);
    });
    const flow = pipeline('nightly')
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders'] })
      .build();
    const result = await engine.run(flow);
    await foreign;

    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7, 99]);
    expect(await historyOf(sql, ORDERS)).toEqual(['2 WRITE', '1 WRITE', '0 CREATE TABLE AS SELECT']);
    const load = result.jobs.get('load');
    expect(load?.error?.class).toBe('run_failed');
    expect(load?.rollback?.status).toBe('failed');
    expect(load?.rollback?.tables[0]).toMatchObject({ status: 'refused', fromVersion: 2, toVersion: 0 });
    expect(load?.rollback?.tables[0]?.reason).toMatch(
      /^version 1 \(WRITE by analyst@example\.com\) was not made by this pipeline run/,
    );
    // The rollback is tried before the job's failure is final, so its alert comes first.
    expect(box.got.map((n) => n.kind)).toEqual(['rollback_failed', 'job_failed']);
    expect(box.got[0]?.text).toContain('main.etl.orders refused');
  });

  it('reports a vacuumed snapshot version as a clear rollback failure, keeping the job’s own error', async () => {
    const { emu, sql, engine } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1 }] },
      jobs: [{ name: 'Data_Load_Job', durationMs: 500, outcomes: ['FAILED'], writes: { 'main.etl.orders': [{ id: 7 }] } }],
    });
    emulator = emu;
    let vacuumed: Promise<unknown> = Promise.resolve();
    engine.once('job:retry', () => {
      vacuumed = sql
        .query('SET spark.databricks.delta.retentionDurationCheck.enabled = false')
        .then(() => sql.query(`VACUUM ${ORDERS} RETAIN 0 HOURS`));
    });
    const flow = pipeline('nightly')
      .job('load', {
        databricks: { jobName: 'Data_Load_Job' },
        writes: ['main.etl.orders'],
        retry: { maxRetries: 1, minIntervalMs: 300, jitter: 'none' },
      })
      .build();
    const result = await engine.run(flow);
    await vacuumed;

    const load = result.jobs.get('load');
    expect(load?.error?.class).toBe('run_failed');
    expect(load?.rollback?.status).toBe('failed');
    expect(load?.rollback?.tables[0]?.status).toBe('failed');
    expect(load?.rollback?.tables[0]?.reason).toContain('Not all files from version 0 are available in file system');
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7, 7]);
  });

  it('with rollback: pipeline, restores every table of a failed run in reverse order', async () => {
    const { emu, sql, engine } = await deltaSetup({
      tables: { 'main.etl.raw': [{ id: 1 }], 'main.etl.orders': [{ id: 1 }] },
      jobs: [
        { name: 'Data_Extract_Job', durationMs: 300, writes: { 'main.etl.raw': [{ id: 2 }] } },
        { name: 'Data_Load_Job', durationMs: 300, writes: { 'main.etl.orders': [{ id: 2 }], 'main.etl.raw': [{ id: 3 }] } },
        { name: 'ES_Load_Job', durationMs: 300, outcomes: ['FAILED'] },
      ],
    });
    emulator = emu;
    const flow = pipeline('nightly', { rollback: 'pipeline' })
      .job('extract', { databricks: { jobName: 'Data_Extract_Job' }, writes: ['main.etl.raw'] })
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders', 'main.etl.raw'] })
      .after('extract')
      .job('publish', { databricks: { jobName: 'ES_Load_Job' } })
      .after('load')
      .build();
    const result = await engine.run(flow);

    expect(result.status).toBe('failed');
    expect(result.rollbacks.map((r) => [r.job, r.scope, r.status])).toEqual([
      ['load', 'pipeline', 'succeeded'],
      ['extract', 'pipeline', 'succeeded'],
    ]);
    expect(idsOf(emu, 'main.etl.raw')).toEqual([1]);
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
    // load restored raw to extract's version (1), then extract restored it to 0 over load's RESTORE.
    expect(await historyOf(sql, '`main`.`etl`.`raw`')).toEqual([
      '4 RESTORE',
      '3 RESTORE',
      '2 WRITE',
      '1 WRITE',
      '0 CREATE TABLE AS SELECT',
    ]);
    expect(result.jobs.get('extract')?.status).toBe('success');
  });

  it('resumes a rolled-back job from the restored state, with the snapshot it took first', async () => {
    const { emu, store, engine } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1 }] },
      jobs: [
        { name: 'Data_Load_Job', durationMs: 300, outcomes: ['FAILED', 'SUCCESS'], writes: { 'main.etl.orders': [{ id: 7 }] } },
      ],
    });
    emulator = emu;
    const flow = pipeline('nightly')
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders'] })
      .build();
    const first = await engine.run(flow);
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
    const again = await engine.resume(flow, first.runId);
    expectRowOrder(await engine.store.history(first.runId));
    expect(again.status).toBe('success');
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7]);
    const snapshots = (await store.history(first.runId)).filter((row) => row.event === 'snapshot');
    expect(snapshots).toHaveLength(1);
  });

  it('rolls a finished run back on demand, but not while another process holds it', async () => {
    const { emu, store, engine } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1 }] },
      jobs: [{ name: 'Data_Load_Job', durationMs: 300, writes: { 'main.etl.orders': [{ id: 7 }] } }],
    });
    emulator = emu;
    const flow = pipeline('nightly')
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders'] })
      .build();
    const result = await engine.run(flow);
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7]);

    await store.acquireLease(result.runId, 'someone-else', 60_000);
    await expect(engine.rollback(result.runId)).rejects.toBeInstanceOf(LeaseHeldError);
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7]);
    await store.releaseLease(result.runId, 'someone-else');

    const restores = await engine.rollback(result.runId);
    expect(restores.map((r) => [r.job, r.scope, r.status])).toEqual([['load', 'manual', 'succeeded']]);
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
    // A resume runs the restored job again instead of keeping its result.
    await engine.resume(flow, result.runId);
    expectRowOrder(await engine.store.history(result.runId));
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7]);
  });

  it('reports a table the failed job created instead of dropping it', async () => {
    const { emu, engine } = await deltaSetup({
      jobs: [{ name: 'Data_Load_Job', durationMs: 300, outcomes: ['FAILED'], writes: { 'main.etl.fresh': [{ id: 7 }] } }],
    });
    emulator = emu;
    const flow = pipeline('nightly')
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.fresh'] })
      .build();
    const result = await engine.run(flow);
    expect(result.jobs.get('load')?.rollback?.tables).toEqual([
      {
        table: 'main.etl.fresh',
        status: 'created_by_job',
        reason: 'it did not exist at the snapshot; left in place, not dropped',
      },
    ]);
    expect(result.jobs.get('load')?.rollback?.status).toBe('succeeded');
    expect(idsOf(emu, 'main.etl.fresh')).toEqual([7]);
  });

  it("with rollback: 'none', takes no snapshot and leaves the tables as the job left them", async () => {
    const { emu, store, engine } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1 }] },
      jobs: [{ name: 'Data_Load_Job', durationMs: 300, outcomes: ['FAILED'], writes: { 'main.etl.orders': [{ id: 7 }] } }],
    });
    emulator = emu;
    const flow = pipeline('nightly', { rollback: 'none' })
      .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: ['main.etl.orders'] })
      .build();
    const result = await engine.run(flow);
    expect(result.status).toBe('failed');
    expect(result.rollbacks).toEqual([]);
    expect(result.jobs.get('load')).not.toHaveProperty('rollback');
    expect((await store.history(result.runId)).map((row) => row.event)).not.toContain('snapshot');
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7]);
  });
});
