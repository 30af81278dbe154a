import { afterEach, describe, expect, it } from 'vitest';
import { idempotencyToken } from '../../src/engine/databricks/databricks-executor.js';
import { createEngine, DatabricksJobsClient, type LogRecord, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { expectRowOrder, logRow } from '../helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

const chain = () =>
  pipeline('crashed')
    .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
    .job('load', { databricks: { jobName: 'Data_Load_Job' } })
    .after('extract')
    .build();

/** The log a process leaves when it dies while `extract`'s attempt 1 is under way. */
function crashedLog(runId: string, hash: string, triggeredRunId?: number): LogRecord[] {
  const rows = [
    logRow({
      pipelineName: 'crashed',
      pipelineRunId: runId,
      jobId: runId,
      jobName: null,
      event: 'run_started',
      attempt: 0,
      details: JSON.stringify({ pipelineHash: hash, parameters: {} }),
    }),
    logRow({
      pipelineName: 'crashed',
      pipelineRunId: runId,
      jobId: `${runId}/extract`,
      jobName: 'extract',
      status: 'pending',
      event: 'queued',
      attempt: 0,
    }),
    logRow({
      pipelineName: 'crashed',
      pipelineRunId: runId,
      jobId: `${runId}/extract`,
      jobName: 'extract',
      event: 'started',
      attempt: 1,
      startTime: new Date(),
    }),
  ];
  if (triggeredRunId !== undefined) {
    rows.push(
      logRow({
        pipelineName: 'crashed',
        pipelineRunId: runId,
        jobId: `${runId}/extract`,
        jobName: 'extract',
        event: 'triggered',
        attempt: 1,
        databricksJobId: 1,
        databricksRunId: triggeredRunId,
      }),
    );
  }
  return rows.map((row, i) => Object.freeze({ ...row, seq: i + 1 }));
}

async function setup() {
  emulator = await startEmulator({
    timeScale: 100,
    jobs: [{ name: 'Data_Extract_Job', durationMs: 5000 }, { name: 'Data_Load_Job' }],
  });
  const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token, requestsPerSecond: 1000 });
  const store = new MemoryMetadataStore();
  const engine = createEngine({
    notifiers: [],
    jobsApi,
    store,
    poll: { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 },
  });
  return { emu: emulator, jobsApi, store, engine };
}

describe('resuming runs of Databricks jobs', () => {
  it('re-attaches to a recorded run instead of triggering again', async () => {
    const { emu, jobsApi, store, engine } = await setup();
    const { runId: databricksRun } = await jobsApi.runNow({ jobId: 1, idempotencyToken: idempotencyToken('r1', 'extract', 1) });
    await store.append(crashedLog('r1', chain().hash, databricksRun));
    const result = await engine.resume(chain(), 'r1');
    expectRowOrder(await store.history('r1'));
    expect(result.status).toBe('success');
    expect(emu.runs().map((run) => run.runName)).toEqual(['Data_Extract_Job', 'Data_Load_Job']);
    expect(result.jobs.get('extract')?.attempts).toMatchObject([
      { attempt: 1, status: 'success', databricksRunId: databricksRun },
    ]);
    const history = await store.history('r1');
    expect(history.filter((row) => row.jobName === 'extract').map((row) => row.event)).toEqual([
      'queued',
      'started',
      'triggered',
      'queued',
      'reattached',
      'succeeded',
    ]);
    expect(history.find((row) => row.event === 'reattached')?.databricksRunId).toBe(databricksRun);
  });

  it('repeats an attempt whose run was never recorded with the same idempotency token', async () => {
    const { emu, jobsApi, store, engine } = await setup();
    // The dead process had reached Databricks but not the log.
    const { runId: lost } = await jobsApi.runNow({ jobId: 1, idempotencyToken: idempotencyToken('r2', 'extract', 1) });
    await store.append(crashedLog('r2', chain().hash));
    const result = await engine.resume(chain(), 'r2');
    expectRowOrder(await store.history('r2'));
    expect(result.status).toBe('success');
    expect(
      emu
        .runs()
        .filter((run) => run.runName === 'Data_Extract_Job')
        .map((run) => run.runId),
    ).toEqual([lost]);
    expect(result.jobs.get('extract')?.attempts).toMatchObject([{ attempt: 1, databricksRunId: lost }]);
  });

  it('starts a new attempt, with a new token, after a failed one', async () => {
    const { emu, store, engine } = await setup();
    const extractRow = (fields: Partial<LogRecord>) =>
      logRow({
        pipelineName: 'crashed',
        pipelineRunId: 'r3',
        jobId: 'r3/extract',
        jobName: 'extract',
        status: 'failed',
        attempt: 1,
        ...fields,
      });
    const failedLog = [
      ...crashedLog('r3', chain().hash),
      extractRow({ event: 'attempt_failed', details: '{"errorClass":"run_failed"}', errorMessage: 'boom' }),
      extractRow({ event: 'failed' }),
    ].map((row, i) => Object.freeze({ ...row, seq: i + 1 }));
    await store.append(failedLog);
    const result = await engine.resume(chain(), 'r3');
    expectRowOrder(await store.history('r3'));
    expect(result.jobs.get('extract')?.attempts.map((a) => `${a.attempt}:${a.status}:${a.error?.message ?? ''}`)).toEqual([
      '1:failed:boom',
      '2:success:',
    ]);
    expect(emu.runs()).toHaveLength(2);
  });
});
