import { afterEach, describe, expect, it } from 'vitest';
import {
  createEngine,
  DatabricksJobsClient,
  type JobsApi,
  MemoryMetadataStore,
  type Pipeline,
  pipeline,
} from '../../src/index.js';
import { type Emulator, type EmulatorOptions, type ScriptedJob, startEmulator } from '../../src/testing.js';
import { expectRowOrder } from '../helpers.js';
import { taskExecutions } from './task-executions.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/** extract → load → publish; load fails on its first execution only. */
const ETL: ScriptedJob = {
  name: 'Nightly_ETL',
  tasks: [
    { taskKey: 'extract' },
    { taskKey: 'load', dependsOn: ['extract'], outcomes: ['FAILED', 'SUCCESS'], errorMessage: 'load: lock timeout' },
    { taskKey: 'publish', dependsOn: ['load'] },
  ],
};

async function setup(options: EmulatorOptions = { jobs: [ETL] }) {
  emulator = await startEmulator({ timeScale: 100, ...options });
  const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
  const store = new MemoryMetadataStore();
  return { emu: emulator, jobsApi, store, engine: createEngine({ notifiers: [], jobsApi, store }) };
}

/** The run's task executions after one repair: the failed load and its dependent, again. */
const REPAIRED_ONCE = ['extract#0:SUCCESS', 'load#0:FAILED', 'publish#0:UPSTREAM_FAILED', 'load#0:SUCCESS', 'publish#0:SUCCESS'];

const etl = (repair?: 'new_run', maxRetries = 1): Pipeline =>
  pipeline('nightly')
    .job('etl', { databricks: { jobName: 'Nightly_ETL', ...(repair ? { repair } : {}) }, retry: { maxRetries } })
    .build();

describe('repair instead of re-run', () => {
  it('retries a run that failed in a task by repairing it: the failed task and its dependents run again, nothing else', async () => {
    const { emu, store, engine } = await setup();
    const result = await engine.run(etl());
    expect(result.status).toBe('success');
    expect(emu.runs()).toHaveLength(1);
    const runId = emu.runs()[0]?.runId as number;
    expect(await taskExecutions(emu, runId)).toEqual(REPAIRED_ONCE);
    const attempts = result.jobs.get('etl')?.attempts ?? [];
    expect(attempts.map((a) => `${a.attempt}:${a.status}:${a.databricksRunId}`)).toEqual([
      `1:failed:${runId}`,
      `2:success:${runId}`,
    ]);
    expect(attempts[0]?.error?.message).toContain('load: load: lock timeout');
    const rows = await store.history(result.runId);
    expectRowOrder(rows);
    expect(rows.filter((row) => row.jobName === 'etl').map((row) => `${row.event}:${row.attempt}`)).toEqual([
      'queued:0',
      'started:1',
      'triggered:1',
      'attempt_failed:1',
      'retry_scheduled:1',
      'started:2',
      'repairing:2',
      'triggered:2',
      'succeeded:2',
    ]);
    expect(JSON.parse(rows.find((row) => row.event === 'repairing')?.details ?? '{}')).toEqual({ latestRepairId: null });
  });

  it("starts a new run instead with repair: 'new_run'", async () => {
    const { emu, engine } = await setup();
    const result = await engine.run(etl('new_run'));
    expect(result.status).toBe('success');
    expect(emu.runs()).toHaveLength(2);
  });

  it('a resume repairs the failed run, as plan says, instead of starting the whole job again', async () => {
    const { emu, engine } = await setup();
    const failed = await engine.run(etl(undefined, 0));
    expect(failed.status).toBe('failed');
    const runId = emu.runs()[0]?.runId as number;
    const plan = await engine.plan(etl(undefined, 0), { resume: failed.runId });
    expect(plan.jobs.get('etl')).toMatchObject({ action: 'repair', attempt: 2, databricksRunId: runId });
    const resumed = await engine.resume(etl(undefined, 0), failed.runId);
    expect(resumed.status).toBe('success');
    expect(emu.runs()).toHaveLength(1);
    expect((await taskExecutions(emu, runId)).filter((e) => e.startsWith('extract'))).toEqual(['extract#0:SUCCESS']);
  });

  it('after a crash between the repair request and its record, the resume watches that repair instead of repairing twice', async () => {
    const { emu, jobsApi, store } = await setup();
    // The process dies while the repair request is in flight: the workspace made the repair,
    // the answer never came back.
    let repaired: () => void = () => {};
    const sent = new Promise<void>((resolve) => {
      repaired = resolve;
    });
    const repairThenHang = async (request: Parameters<JobsApi['repairRun']>[0]) => {
      await jobsApi.repairRun(request);
      repaired();
      return new Promise<never>(() => {});
    };
    const dying = new Proxy(jobsApi, {
      get: (target, name) => {
        if (name === 'repairRun') return repairThenHang;
        const value = Reflect.get(target, name);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    void createEngine({ notifiers: [], jobsApi: dying, store }).run(etl(), { runId: 'crashed' });
    await sent;
    const holder = await store.acquireLease('crashed', 'probe', 1000);
    if (!holder.acquired) await store.releaseLease('crashed', holder.holder);

    const resumed = await createEngine({ notifiers: [], jobsApi, store }).resume(etl(), 'crashed');
    expect(resumed.status).toBe('success');
    const runId = emu.runs()[0]?.runId as number;
    const repairs = emu.calls().filter((call) => call.path.endsWith('/runs/repair'));
    expect(repairs).toHaveLength(1);
    expect(await taskExecutions(emu, runId)).toEqual(REPAIRED_ONCE);
    expectRowOrder(await store.history('crashed'));
  });
});
