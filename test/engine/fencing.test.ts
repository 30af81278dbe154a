import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, LeaseLostError, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { expectRowOrder } from '../helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('fencing: a drive that lost its lease', () => {
  it('writes nothing more and leaves the Databricks run to the drive that took it over (default options)', async () => {
    emulator = await startEmulator({ timeScale: 10, jobs: [{ name: 'Long_Job', durationMs: 20_000 }] });
    const store = new MemoryMetadataStore();
    const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
    let finishLocal: () => void = () => {};
    const local = new Promise<void>((resolve) => {
      finishLocal = resolve;
    });
    const twoJobs = () =>
      pipeline('fenced')
        .job('remote', { databricks: { jobName: 'Long_Job' } })
        .job('local', { run: () => local })
        .build();
    const paused = createEngine({ notifiers: [], store, jobsApi });
    const triggered = new Promise<void>((resolve) => paused.on('job:triggered', () => resolve()));
    const first = paused.run(twoJobs(), { runId: 'fenced-1' });
    await triggered;

    // What a pause past the lease's lifetime amounts to: the lease expired and another
    // process took it over. The paused drive has not noticed yet.
    const probe = await store.acquireLease('fenced-1', 'probe', 1000);
    expect(probe.acquired).toBe(false);
    const holder = probe.acquired ? '' : probe.holder;
    await store.releaseLease('fenced-1', holder);
    expect((await store.acquireLease('fenced-1', 'other-process', 60_000)).acquired).toBe(true);
    const rowsAtTakeover = (await store.history('fenced-1')).length;

    finishLocal(); // the paused drive wakes up and records `local`'s success: refused
    await expect(first).rejects.toBeInstanceOf(LeaseLostError);
    expect(await store.history('fenced-1')).toHaveLength(rowsAtTakeover);
    expect(emulator.calls().filter((call) => call.path.endsWith('/runs/cancel'))).toEqual([]);
    expect(emulator.runs().map((run) => run.canceledAt)).toEqual([undefined]);

    // The process that took over drives the run to its end, watching the same Databricks run.
    await store.releaseLease('fenced-1', 'other-process');
    const result = await createEngine({ notifiers: [], store, jobsApi }).resume(twoJobs(), 'fenced-1');
    expect(result.status).toBe('success');
    expect(emulator.runs()).toHaveLength(1);
    const history = await store.history('fenced-1');
    expectRowOrder(history);
    expect(history.filter((row) => row.event === 'run_finished')).toHaveLength(1);
  }, 30_000);
});
