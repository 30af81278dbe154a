import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksApiError, DatabricksJobsClient, type RunState } from '../../src/index.js';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/testing.js';
import { waitFor } from './wait-for.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function setup(options: EmulatorOptions = {}) {
  emulator = await startEmulator({ timeScale: 50, ...options, faults: { retryAfterSeconds: 0, ...options.faults } });
  const client = new DatabricksJobsClient({
    host: emulator.url,
    token: emulator.token,
    retry: { minIntervalMs: 5, maxIntervalMs: 20 },
  });
  return { emu: emulator, client };
}

/** The DatabricksApiError a call rejects with. */
async function failure(call: Promise<unknown>): Promise<DatabricksApiError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof DatabricksApiError)) throw new Error(`expected a DatabricksApiError, got ${String(error)}`);
  return error;
}

const terminal = (client: DatabricksJobsClient, runId: number) =>
  waitFor(async () => {
    const run = await client.getRun(runId);
    return ['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'].includes(run.lifeCycleState) ? run : undefined;
  });

describe('DatabricksJobsClient against the emulator', () => {
  it('triggers a job and follows it from PENDING through RUNNING to TERMINATED', async () => {
    const { emu, client } = await setup({
      timeScale: 1,
      jobs: [{ name: 'Data_Extract_Job', pendingMs: 150, durationMs: 200, terminatingMs: 150 }],
    });
    const jobId = await client.resolveJobId('Data_Extract_Job');
    const { runId } = await client.runNow({ jobId, jobParameters: { day: '2026-11-30' }, idempotencyToken: 'token-1' });
    const seen = new Set<string>();
    const done = await waitFor(async () => {
      const run = await client.getRun(runId);
      seen.add(run.lifeCycleState);
      return run.lifeCycleState === 'TERMINATED' ? run : undefined;
    });
    expect([...seen]).toEqual(['PENDING', 'RUNNING', 'TERMINATING', 'TERMINATED']);
    expect(done).toMatchObject({ runId, jobId, resultState: 'SUCCESS', terminationCode: 'SUCCESS', terminationType: 'SUCCESS' });
    expect(done.runPageUrl).toContain(`/run/${runId}`);
    expect(done.endTime?.getTime()).toBeGreaterThan(done.startTime?.getTime() ?? Number.POSITIVE_INFINITY);
    expect(emu.runs()[0]?.jobParameters).toEqual({ day: '2026-11-30' });
  });

  it('returns the same run for the same idempotency token', async () => {
    const { emu, client } = await setup({ jobs: [{ name: 'load' }] });
    const first = await client.runNow({ jobId: 1, idempotencyToken: 'same' });
    const again = await client.runNow({ jobId: 1, idempotencyToken: 'same' });
    const other = await client.runNow({ jobId: 1, idempotencyToken: 'other' });
    expect(again.runId).toBe(first.runId);
    expect(other.runId).not.toBe(first.runId);
    expect(emu.runs()).toHaveLength(2);
  });

  it('submits one-time runs', async () => {
    const { client } = await setup();
    const { runId } = await client.submitRun({
      payload: { run_name: 'adhoc', tasks: [{ task_key: 't', notebook_task: { notebook_path: '/x' } }] },
      idempotencyToken: 's1',
    });
    expect((await terminal(client, runId)).resultState).toBe('SUCCESS');
  });

  it('reads the outcome and error text of failed, timed-out and internal-error runs', async () => {
    const { client } = await setup({
      jobs: [
        {
          name: 'flaky',
          outcomes: ['FAILED', 'TIMEDOUT', 'INTERNAL_ERROR', 'SUCCESS'],
          errorMessage: 'AnalysisException: table not found',
        },
      ],
    });
    const outcomes: RunState[] = [];
    for (let i = 1; i <= 4; i++)
      outcomes.push(await terminal(client, (await client.runNow({ jobId: 1, idempotencyToken: `t${i}` })).runId));
    expect(outcomes.map((run) => `${run.lifeCycleState}/${run.resultState}/${run.terminationCode}`)).toEqual([
      'TERMINATED/FAILED/RUN_EXECUTION_ERROR',
      'TERMINATED/TIMEDOUT/CANCELED',
      'INTERNAL_ERROR/FAILED/INTERNAL_ERROR',
      'TERMINATED/SUCCESS/SUCCESS',
    ]);
    expect(await client.getRunError(outcomes[0]?.runId ?? 0)).toBe('AnalysisException: table not found');
    expect(await client.getRunError(outcomes[3]?.runId ?? 0)).toBeUndefined();
  });

  it('cancels a run, which becomes terminal shortly after', async () => {
    const { client } = await setup({ timeScale: 1, jobs: [{ name: 'long', durationMs: 60_000 }] });
    const { runId } = await client.runNow({ jobId: 1, idempotencyToken: 'c' });
    await client.cancelRun(runId);
    expect((await client.getRun(runId)).lifeCycleState).toBe('TERMINATING');
    expect(await terminal(client, runId)).toMatchObject({ resultState: 'CANCELED', terminationCode: 'USER_CANCELED' });
  });

  it('queues runs past max_concurrent_runs, and cancels queued runs without running them', async () => {
    const { emu, client } = await setup({ timeScale: 1, jobs: [{ name: 'one-at-a-time', durationMs: 150 }] });
    const first = await client.runNow({ jobId: 1, idempotencyToken: 'q1' });
    const second = await client.runNow({ jobId: 1, idempotencyToken: 'q2' });
    const third = await client.runNow({ jobId: 1, idempotencyToken: 'q3' });
    expect((await client.getRun(second.runId)).lifeCycleState).toBe('QUEUED');
    await client.cancelRun(third.runId);
    expect(await terminal(client, third.runId)).toMatchObject({ resultState: 'CANCELED' });
    const [a, b] = [await terminal(client, first.runId), await terminal(client, second.runId)];
    expect([a.resultState, b.resultState]).toEqual(['SUCCESS', 'SUCCESS']);
    const [runA, runB, runC] = emu.runs();
    expect(runB?.startAt).toBe((runA?.startAt ?? 0) + 150);
    expect(runC?.startAt).toBe(Number.POSITIVE_INFINITY);
  });

  it('resolves job names: one match, none, several across pages, case-insensitively', async () => {
    const { client } = await setup({
      jobs: [{ name: 'Data_Load_Job' }, ...Array.from({ length: 130 }, () => ({ name: 'dup' }))],
    });
    expect(await client.resolveJobId('data_load_job')).toBe(1);
    await expect(client.resolveJobId('missing')).rejects.toMatchObject({ errorCode: 'JOB_NOT_FOUND' });
    const ambiguous = await failure(client.resolveJobId('dup'));
    expect(ambiguous.errorCode).toBe('JOB_NAME_AMBIGUOUS');
    expect(ambiguous.message).toContain('130 jobs (2, 3, 4');
  });

  it('reports a missing run as the API does (HTTP 400) without retrying', async () => {
    const { emu, client } = await setup();
    const error = await failure(client.getRun(999));
    expect(error).toMatchObject({
      status: 400,
      errorCode: 'INVALID_PARAMETER_VALUE',
      endpoint: 'GET /api/2.2/jobs/runs/get',
      notFound: true,
    });
    expect(error.requestId).toMatch(/^[0-9a-f]{16}$/);
    expect(emu.calls()).toHaveLength(1);
  });

  it('retries 429, 503, 500 and dropped connections, then succeeds', async () => {
    const { emu, client } = await setup({ jobs: [{ name: 'j' }], faults: { next: ['429', '503', '500', 'drop'] } });
    const { runId } = await client.runNow({ jobId: 1, idempotencyToken: 'r' });
    expect(emu.calls().map((call) => call.status)).toEqual([429, 503, 500, 0, 200]);
    expect(emu.runs().map((run) => run.runId)).toEqual([runId]);
  });

  it('survives a steady rate of faults', async () => {
    const { emu, client } = await setup({ jobs: [{ name: 'j' }], faults: { rate429: 0.2, rate503: 0.1, rate500: 0.1 } });
    for (let i = 0; i < 30; i++) await client.runNow({ jobId: 1, idempotencyToken: `k${i}` });
    expect(emu.runs()).toHaveLength(30);
    expect(emu.calls().filter((call) => call.status !== 200).length).toBeGreaterThan(5);
  });

  it('gives up after maxAttempts with the last error', async () => {
    emulator = await startEmulator({ faults: { rate503: 1, retryAfterSeconds: 0 } });
    const client = new DatabricksJobsClient({
      host: emulator.url,
      token: emulator.token,
      retry: { maxRetries: 2, minIntervalMs: 1 },
    });
    await expect(client.getRun(1)).rejects.toMatchObject({ status: 503, errorCode: 'TEMPORARILY_UNAVAILABLE', retriable: true });
    expect(emulator.calls()).toHaveLength(3);
  });

  it('spaces requests to one workspace by its shared budget', async () => {
    emulator = await startEmulator({ jobs: [{ name: 'j' }] });
    const options = { host: emulator.url, token: emulator.token, requestsPerSecond: 20 };
    const [first, second] = [new DatabricksJobsClient(options), new DatabricksJobsClient(options)];
    await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? first : second).resolveJobId('j')));
    const times = emulator.calls().map((call) => call.time);
    // 20 at once, then one every 50 ms: the 30th leaves at least 450 ms after the first.
    expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(450);
  });

  it('rejects a wrong token with 401 and never shows a token', async () => {
    const { emu } = await setup();
    const client = new DatabricksJobsClient({ host: emu.url, token: 'dapi-wrong-secret-1234' });
    const error = await failure(client.getRun(1));
    expect(error).toMatchObject({ status: 401, errorCode: 'UNAUTHENTICATED' });
    const everything = JSON.stringify({ ...error, text: error.message, stack: error.stack });
    expect(everything).not.toContain('dapi-wrong-secret-1234');
    expect(everything).not.toContain(emu.token);
  });

  it('authenticates with OAuth M2M, caching the token', async () => {
    const { emu } = await setup({ jobs: [{ name: 'j' }], servicePrincipal: { clientId: 'sp-1', clientSecret: 'sp-secret-xyz' } });
    const client = new DatabricksJobsClient({ host: emu.url, clientId: 'sp-1', clientSecret: 'sp-secret-xyz' });
    await client.runNow({ jobId: 1, idempotencyToken: 'o1' });
    await client.runNow({ jobId: 1, idempotencyToken: 'o2' });
    expect(emu.calls().filter((call) => call.path === '/oidc/v1/token')).toHaveLength(1);
    const wrong = new DatabricksJobsClient({ host: emu.url, clientId: 'sp-1', clientSecret: 'not-it-at-all' });
    const error = await failure(wrong.getRun(1));
    expect(error).toMatchObject({ status: 401, errorCode: 'invalid_client', endpoint: 'POST /oidc/v1/token' });
    expect(JSON.stringify({ ...error, text: error.message, stack: error.stack })).not.toContain('not-it-at-all');
  });
});
