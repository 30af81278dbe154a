import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('a malformed 200 (default options)', () => {
  it('on run-now is retried with the same idempotency token, so the run it did start is found again', async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [{ name: 'Load' }],
      faults: { next: ['truncate'], pathIncludes: '/run-now' },
    });
    const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
    const engine = createEngine({ notifiers: [], jobsApi, store: new MemoryMetadataStore() });
    const result = await engine.run(
      pipeline('cut')
        .job('load', { databricks: { jobName: 'Load' } })
        .build(),
    );
    expect(result.status).toBe('success');
    const runNows = emulator.calls().filter((call) => call.path.endsWith('/run-now'));
    expect(runNows).toHaveLength(2);
    expect(new Set(runNows.map((call) => (call.request as { idempotency_token?: string }).idempotency_token)).size).toBe(1);
    expect(emulator.runs()).toHaveLength(1);
    expect(result.jobs.get('load')?.attempts).toHaveLength(1);
  });

  it('on runs/get is polled through, not read as the run failing (the run is not canceled)', async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [{ name: 'Load' }],
      faults: { next: ['truncate', 'truncate'], pathIncludes: '/runs/get' },
    });
    const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
    const engine = createEngine({ notifiers: [], jobsApi, store: new MemoryMetadataStore() });
    const result = await engine.run(
      pipeline('cut')
        .job('load', { databricks: { jobName: 'Load' } })
        .build(),
    );
    expect(result.status).toBe('success');
    expect(emulator.runs().map((run) => run.canceledAt)).toEqual([undefined]);
  });
});
