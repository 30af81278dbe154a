import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { type Emulator, type EmulatorOptions, recordEvents, startEmulator } from '../../src/testing.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function setup(options: EmulatorOptions, requestsPerSecond = 20) {
  emulator = await startEmulator({ timeScale: 100, ...options, faults: { retryAfterSeconds: 0, ...options.faults } });
  const jobsApi = new DatabricksJobsClient({
    host: emulator.url,
    token: emulator.token,
    retry: { minIntervalMs: 2, maxIntervalMs: 10 },
    requestsPerSecond,
  });
  const store = new MemoryMetadataStore();
  const engine = createEngine({
    notifiers: [],
    jobsApi,
    store,
    poll: { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 },
  });
  return { emu: emulator, engine, store, events: recordEvents(engine) };
}

/** Runs started in the emulator per job name. */
function runsByJob(emu: Emulator): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const run of emu.runs()) counts[run.runName] = (counts[run.runName] ?? 0) + 1;
  return counts;
}

describe('pipelines of Databricks jobs against the emulator', () => {
  it("runs the seed's chain with a failing load retried, through injected 429s and 5xx", async () => {
    const { emu, engine, store, events } = await setup({
      jobs: [
        { name: 'Data_Extract_Job', durationMs: 2000 },
        {
          name: 'Data_Load_Job',
          durationMs: 3000,
          outcomes: ['FAILED', 'SUCCESS'],
          errorMessage: 'ConcurrentAppendException',
          // It declares `day`, so the run's `day` reaches it; undeclared run parameters do not.
          parameters: [{ name: 'day', default: '' }],
        },
        { name: 'ES_Load_Job', durationMs: 1000 },
      ],
      faults: { rate429: 0.15, rate503: 0.05, rate500: 0.05 },
    });
    const seed = pipeline('seed', { defaults: { retry: { maxRetries: 3, minIntervalMs: 1 } } })
      .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
      .job('load', { databricks: { jobName: 'Data_Load_Job', parameters: { table: 'main.etl.orders' } } })
      .after('extract')
      .job('es', { databricks: { jobName: 'ES_Load_Job' } })
      .after('load')
      .build();
    const result = await engine.run(seed, { parameters: { day: '2026-11-30' } });

    expect(result.status).toBe('success');
    // The load's retry repaired its run (through the injected faults): one run each.
    expect(runsByJob(emu)).toEqual({ Data_Extract_Job: 1, Data_Load_Job: 1, ES_Load_Job: 1 });
    expect(emu.runs().find((run) => run.runName === 'Data_Load_Job')?.segments).toHaveLength(2);
    const load = result.jobs.get('load');
    expect(load?.attempts.map((a) => a.status)).toEqual(['failed', 'success']);
    expect(load?.attempts[0]?.error).toMatchObject({ class: 'run_failed', retriable: true });
    expect(load?.attempts[0]?.error?.message).toContain('ConcurrentAppendException');
    const runIds = emu.runs().map((run) => run.runId);
    const loadRun = emu.runs().find((run) => run.runName === 'Data_Load_Job')?.runId;
    expect(result.jobs.get('load')?.attempts.map((a) => a.databricksRunId)).toEqual([loadRun, loadRun]);
    expect(new Set(runIds).size).toBe(runIds.length);
    expect(load?.attempts[1]?.runPageUrl).toContain(`/run/${load?.attempts[1]?.databricksRunId}`);
    expect(emu.runs().find((run) => run.runName === 'Data_Load_Job')?.jobParameters).toEqual({
      day: '2026-11-30',
      table: 'main.etl.orders',
    });
    expect(emu.calls().some((call) => call.status === 429)).toBe(true);
    expect(events.of('job:retry').map((e) => e.job)).toEqual(['load']);

    const triggered = (await store.history(result.runId)).filter((row) => row.event === 'triggered');
    // One `triggered` row per attempt: the load's two attempts name its one (repaired) run.
    const [extractRun, , esRun] = emu.runs().map((run) => run.runId);
    expect(triggered.map((row) => [row.jobName, row.databricksRunId])).toEqual([
      ['extract', extractRun],
      ['load', loadRun],
      ['load', loadRun],
      ['es', esRun],
    ]);
    const everything = JSON.stringify([events.events, await store.history(result.runId), [...result.jobs.values()]]);
    expect(everything).not.toContain(emu.token);
  });

  it('runs A → B, C in parallel with B, D after B, each Databricks job triggered once', async () => {
    const { emu, engine } = await setup({
      jobs: [
        { name: 'A', durationMs: 1000 },
        { name: 'B', durationMs: 4000 },
        { name: 'C', durationMs: 3000 },
        { name: 'D', durationMs: 1000 },
      ],
      faults: { rate429: 0.1, rate500: 0.05 },
    });
    const p = pipeline('abcd', { concurrency: 4 })
      .job('A', { databricks: { jobName: 'A' } })
      .job('B', { databricks: { jobName: 'B' } })
      .after('A')
      .job('C', { databricks: { jobName: 'C' } })
      .after('A')
      .job('D', { databricks: { jobName: 'D' } })
      .after('B')
      .build();
    const result = await engine.run(p);
    expect(result.status).toBe('success');
    expect(runsByJob(emu)).toEqual({ A: 1, B: 1, C: 1, D: 1 });
    const created = Object.fromEntries(emu.runs().map((run) => [run.runName, run.createdAt]));
    const b = result.jobs.get('B');
    const c = result.jobs.get('C');
    expect(created.C).toBeLessThan((created.B ?? 0) + 4000);
    expect((b?.startedAt?.getTime() ?? 0) < (c?.endedAt?.getTime() ?? 0)).toBe(true);
    expect(result.jobs.get('D')?.startedAt?.getTime()).toBeGreaterThanOrEqual(b?.endedAt?.getTime() ?? Number.POSITIVE_INFINITY);
  });

  it('cancels the Databricks run when an attempt times out, and waits until it is terminal', async () => {
    const { emu, engine } = await setup({ jobs: [{ name: 'slow', durationMs: 3_600_000 }] });
    const p = pipeline('timeout')
      .job('slow', { databricks: { jobId: 1 }, timeoutSeconds: 0.1 })
      .build();
    const result = await engine.run(p);
    expect(result.jobs.get('slow')?.error).toMatchObject({ class: 'timeout', code: 'JOB_TIMEOUT' });
    const [run] = emu.runs();
    expect(run?.canceledAt).toBeDefined();
    expect(emu.calls().some((call) => call.path.endsWith('/runs/cancel'))).toBe(true);
    const last = emu
      .calls()
      .filter((call) => call.path.endsWith('/runs/get'))
      .at(-1);
    expect(last?.time).toBeGreaterThanOrEqual((run?.canceledAt ?? 0) + 200);
  });

  it('cancels in-flight Databricks runs when the run is canceled', async () => {
    const { emu, engine } = await setup({ jobs: [{ name: 'long', durationMs: 3_600_000 }, { name: 'after' }] });
    const controller = new AbortController();
    engine.on('job:start', () => setTimeout(() => controller.abort(), 30));
    const p = pipeline('cancel')
      .job('long', { databricks: { jobName: 'long' } })
      .job('after', { databricks: { jobName: 'after' } })
      .after('long')
      .build();
    const result = await engine.run(p, { signal: controller.signal });
    expect(result.status).toBe('canceled');
    expect(result.jobs.get('long')?.status).toBe('canceled');
    expect(result.jobs.get('after')?.status).toBe('canceled');
    expect(emu.runs().map((run) => [run.runName, run.canceledAt !== undefined])).toEqual([['long', true]]);
  });

  it('retries platform failures but not user cancellations made in the workspace', async () => {
    const { emu, engine } = await setup({ jobs: [{ name: 'shaky', outcomes: ['INTERNAL_ERROR', 'SUCCESS'] }] });
    const p = pipeline('infra')
      .job('shaky', { databricks: { jobId: 1 }, retry: { maxRetries: 2, minIntervalMs: 1 } })
      .build();
    const result = await engine.run(p);
    expect(result.jobs.get('shaky')?.attempts.map((a) => a.error?.class ?? 'ok')).toEqual(['infrastructure', 'ok']);
    expect(emu.runs()).toHaveLength(2);
  });

  it('runs one-time submitted runs', async () => {
    const { emu, engine } = await setup({});
    const p = pipeline('submit')
      .job('adhoc', {
        databricks: { submit: { run_name: 'adhoc', tasks: [{ task_key: 'x', notebook_task: { notebook_path: '/x' } }] } },
      })
      .build();
    const result = await engine.run(p);
    expect(result.status).toBe('success');
    expect(result.jobs.get('adhoc')?.output).toMatchObject({ runId: emu.runs()[0]?.runId, resultState: 'SUCCESS' });
  });

  it('fails clearly when a job name matches no job', async () => {
    const { engine } = await setup({ jobs: [] });
    const result = await engine.run(
      pipeline('missing')
        .job('x', { databricks: { jobName: 'Nope' } })
        .build(),
    );
    expect(result.jobs.get('x')?.error).toMatchObject({ class: 'configuration', retriable: false });
    expect(result.jobs.get('x')?.error?.message).toContain("no job has the name 'Nope'");
  });
});

describe('API trouble while a Databricks run is watched', () => {
  it('keeps watching through an outage of runs/get instead of starting a second run', async () => {
    const { emu, engine } = await setup({ jobs: [{ name: 'steady', durationMs: 20_000 }] });
    engine.on('job:start', () => {
      emu.setFaults({ rate503: 1, retryAfterSeconds: 0, pathIncludes: '/runs/get' });
      setTimeout(() => emu.setFaults({ retryAfterSeconds: 0 }), 1000);
    });
    const result = await engine.run(
      pipeline('outage')
        .job('steady', { databricks: { jobId: 1 }, retry: { maxRetries: 3 } })
        .build(),
    );
    expect(result.status).toBe('success');
    expect(result.jobs.get('steady')?.attempts).toHaveLength(1);
    expect(emu.runs()).toHaveLength(1);
    expect(emu.calls().filter((call) => call.status === 503).length).toBeGreaterThan(8);
  });
});

describe('watching many runs', () => {
  it('observes parallel runs with shared runs/list sweeps and reads each finished run once', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) => ({ name: `job${i}`, durationMs: 20_000 + i * 1000 }));
    const { emu, engine } = await setup({ jobs }, 1000);
    let builder = pipeline('wide', { concurrency: 30 }).job('job0', { databricks: { jobId: 1 } });
    for (let i = 1; i < 30; i++) builder = builder.job(`job${i}`, { databricks: { jobId: i + 1 } });
    const result = await engine.run(builder.build());
    expect(result.status).toBe('success');
    const count = (suffix: string) => emu.calls().filter((call) => call.path.endsWith(suffix)).length;
    // One runs/get right after each trigger and one when it leaves the active list.
    expect(count('/runs/get')).toBe(60);
    expect(count('/runs/list')).toBeGreaterThan(0);
    expect(count('/runs/list')).toBeLessThan(count('/runs/get'));
  });
});

describe('refusals', () => {
  it('does not retry a job the token may not run', async () => {
    const { emu, engine } = await setup({ jobs: [{ name: 'secret', forbidden: true }] });
    const p = pipeline('forbidden')
      .job('secret', { databricks: { jobId: 1 }, retry: { maxRetries: 3, minIntervalMs: 1 } })
      .build();
    const result = await engine.run(p);
    expect(result.jobs.get('secret')?.attempts).toHaveLength(1);
    expect(result.jobs.get('secret')?.error).toMatchObject({ class: 'configuration', retriable: false });
    expect(result.jobs.get('secret')?.error?.message).toContain('PERMISSION_DENIED');
    expect(emu.calls().filter((call) => call.path.endsWith('/run-now'))).toHaveLength(1);
  });
});
