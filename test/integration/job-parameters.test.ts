import { afterEach, describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, MemoryMetadataStore, PipelineValidationError, pipeline } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('parameters where they belong (default options)', () => {
  it('sends each job the run parameters it declares, legacy parameters to jobs without job parameters, and nothing when told', async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [
        { name: 'Declares_Day', parameters: [{ name: 'day', default: 'today' }] },
        { name: 'Declares_Nothing' },
        { name: 'Notebook_Job' },
        { name: 'Declares_Day_Too', parameters: [{ name: 'day', default: 'today' }] },
      ],
    });
    const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
    const engine = createEngine({ notifiers: [], jobsApi, store: new MemoryMetadataStore() });
    const flow = pipeline('params', { concurrency: 1 })
      .job('declared', { databricks: { jobName: 'Declares_Day', parameters: { table: 'orders' } } })
      .job('plain', { databricks: { jobName: 'Declares_Nothing' } })
      .after('declared')
      .job('notebook', { databricks: { jobName: 'Notebook_Job', notebookParams: { mode: 'full' } } })
      .after('plain')
      .job('off', { databricks: { jobName: 'Declares_Day_Too', parameters: false } })
      .after('notebook')
      .build();
    const result = await engine.run(flow, { parameters: { day: '2026-12-04', env: 'prod' } });
    expect(result.status).toBe('success');
    const bodies = emulator
      .calls()
      .filter((call) => call.path.endsWith('/run-now'))
      .map((call) => {
        const { job_id, idempotency_token, ...sent } = call.request as Record<string, unknown>;
        return { job_id, sent };
      });
    expect(bodies).toEqual([
      { job_id: 1, sent: { job_parameters: { day: '2026-12-04', table: 'orders' } } },
      { job_id: 2, sent: {} },
      { job_id: 3, sent: { notebook_params: { mode: 'full' } } },
      { job_id: 4, sent: {} },
    ]);
    // jobs/get once per job that could take the run's parameters.
    expect(emulator.calls().filter((call) => call.path.endsWith('/jobs/get'))).toHaveLength(2);
  });

  it('refuses job parameters and legacy parameters on one job before anything runs', () => {
    expect(() =>
      pipeline('both')
        .job('x', { databricks: { jobName: 'X', parameters: { day: '1' }, notebookParams: { day: '1' } } })
        .build(),
    ).toThrow(PipelineValidationError);
    expect(() =>
      pipeline('both')
        .job('x', { databricks: { jobName: 'X', parameters: { day: '1' }, pythonParams: ['--day=1'] } })
        .build(),
    ).toThrow('cannot be combined with notebookParams, pythonParams or jarParams');
  });
});
