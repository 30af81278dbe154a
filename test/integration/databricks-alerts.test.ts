import { afterEach, describe, expect, it } from 'vitest';
import {
  createEngine,
  DatabricksJobsClient,
  MemoryMetadataStore,
  pipeline,
  verifyWebhookSignature,
  WebhookNotifier,
} from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { type HttpReceiver, startHttpReceiver } from '../notify/http-receiver.js';

let emulator: Emulator | undefined;
let receiver: HttpReceiver | undefined;
afterEach(async () => {
  await emulator?.stop();
  await receiver?.close();
});

describe('alerts of Databricks jobs', () => {
  it('tell which attempt of the Databricks job failed, with its run link, once, signed', async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [
        { name: 'Data_Extract_Job', durationMs: 500 },
        {
          name: 'Data_Load_Job',
          durationMs: 500,
          outcomes: ['FAILED', 'FAILED'],
          errorMessage: 'AnalysisException: table not found',
        },
      ],
    });
    receiver = await startHttpReceiver();
    const engine = createEngine({
      jobsApi: new DatabricksJobsClient({ host: emulator.url, token: emulator.token, requestsPerSecond: 100 }),
      store: new MemoryMetadataStore(),
      poll: { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 },
      notifiers: [new WebhookNotifier({ url: `${receiver.url}/ops`, secret: 'shared-secret' })],
      delivery: { timeoutMs: 2000, retry: { maxRetries: 0 } },
    });
    const seed = pipeline('seed', { defaults: { retry: { maxRetries: 1, minIntervalMs: 1 } } })
      .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
      .job('load', { databricks: { jobName: 'Data_Load_Job' } })
      .after('extract')
      .build();
    const result = await engine.run(seed);

    expect(result.status).toBe('failed');
    expect(receiver.received).toHaveLength(1);
    const [delivery] = receiver.received;
    const body = delivery?.body ?? '';
    expect(
      verifyWebhookSignature({
        secret: 'shared-secret',
        body,
        timestamp: delivery?.headers['x-brickwork-timestamp'] as string,
        signature: delivery?.headers['x-brickwork-signature'] as string,
      }),
    ).toBe(true);
    const lastRun = result.jobs.get('load')?.attempts.at(-1);
    expect(JSON.parse(body)).toMatchObject({
      kind: 'job_failed',
      job: 'load',
      attempt: 2,
      maxAttempts: 2,
      title: 'seed › load failed (attempt 2/2)',
      runPageUrl: lastRun?.runPageUrl,
      resumeCommand: `brickwork resume ${result.runId}`,
      error: { class: 'run_failed' },
    });
    expect(JSON.parse(body).error.message).toContain('AnalysisException: table not found');
    expect(lastRun?.runPageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?o=0#job\/\d+\/run\/\d+$/);
  });
});
