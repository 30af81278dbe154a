import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/testing.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function engineOn(options: EmulatorOptions) {
  emulator = await startEmulator({ timeScale: 100, ...options });
  const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
  return createEngine({ notifiers: [], jobsApi, store: new MemoryMetadataStore() });
}

const noRetry = { retry: { maxRetries: 0 } };

describe('multi-task Databricks jobs (default options)', () => {
  it('names every failed task with its own error, read from each task run (get-output of the job run is refused)', async () => {
    const engine = await engineOn({
      jobs: [
        {
          name: 'Nightly_ETL',
          tasks: [
            { taskKey: 'extract' },
            { taskKey: 'orders', dependsOn: ['extract'], outcomes: ['FAILED'], errorMessage: 'orders: disk full' },
            { taskKey: 'customers', dependsOn: ['extract'], outcomes: ['FAILED'], errorMessage: 'KeyError: id' },
            { taskKey: 'publish', dependsOn: ['orders', 'customers'] },
          ],
        },
      ],
    });
    const result = await engine.run(
      pipeline('etl')
        .job('nightly', { databricks: { jobName: 'Nightly_ETL' }, ...noRetry })
        .build(),
    );
    expect(result.status).toBe('failed');
    const error = result.jobs.get('nightly')?.error?.message ?? '';
    expect(error).toContain('orders: orders: disk full');
    expect(error).toContain('customers: KeyError: id');
    expect(error).not.toContain('publish');
    // Only the failed tasks' outputs are read, never the job run's.
    const outputs = emulator?.calls().filter((call) => call.path.endsWith('/runs/get-output')) ?? [];
    expect(outputs.map((call) => call.status)).toEqual([200, 200]);
  });

  it('follows the pages of tasks to find a failure on the second page', async () => {
    const tasks = Array.from({ length: 120 }, (_, i) => ({
      taskKey: `t${String(i).padStart(3, '0')}`,
      durationMs: 100,
      ...(i === 110 ? { outcomes: ['FAILED' as const], errorMessage: 'the 111th task broke' } : {}),
    }));
    const engine = await engineOn({ jobs: [{ name: 'Wide_Job', tasks }] });
    const result = await engine.run(
      pipeline('wide')
        .job('wide', { databricks: { jobName: 'Wide_Job' }, ...noRetry })
        .build(),
    );
    expect(result.jobs.get('wide')?.error?.message).toContain('t110: the 111th task broke');
  });

  it('reads status when the deprecated state is gone: success, failure and cancellation are told apart', async () => {
    const engine = await engineOn({
      omitState: true,
      jobs: [
        { name: 'Ok_Job' },
        { name: 'Bad_Job', outcomes: ['FAILED'], errorMessage: 'ValueError' },
        { name: 'Slow_Job', durationMs: 600_000 },
      ],
    });
    const ok = await engine.run(
      pipeline('ok')
        .job('ok', { databricks: { jobName: 'Ok_Job' } })
        .build(),
    );
    expect(ok.status).toBe('success');
    const bad = await engine.run(
      pipeline('bad')
        .job('bad', { databricks: { jobName: 'Bad_Job' }, ...noRetry })
        .build(),
    );
    expect(bad.jobs.get('bad')?.error).toMatchObject({ class: 'run_failed', message: expect.stringContaining('ValueError') });
    const controller = new AbortController();
    engine.once('job:triggered', () => controller.abort(new Error('stop')));
    const stopped = await engine.run(
      pipeline('slow')
        .job('slow', { databricks: { jobName: 'Slow_Job' } })
        .build(),
      {
        signal: controller.signal,
      },
    );
    expect(stopped.status).toBe('canceled');
    expect(emulator?.runs().at(-1)?.canceledAt).toBeDefined();
  });
});
