import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksApiError, DatabricksJobsClient } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'tls');
const tls = { key: readFileSync(join(fixtures, 'key.pem')), cert: readFileSync(join(fixtures, 'cert.pem')) };

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

describe('transport edges', () => {
  it('speaks HTTPS to a workspace whose certificate it is told to trust, and refuses it otherwise', async () => {
    emulator = await startEmulator({
      tls,
      jobs: [{ name: 'secure' }],
      servicePrincipal: { clientId: 'sp', clientSecret: 'sp-secret' },
    });
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const trusting = new DatabricksJobsClient({ host: emulator.url, token: emulator.token, ca: tls.cert });
    expect(await trusting.resolveJobId('secure')).toBe(1);
    const oauth = new DatabricksJobsClient({ host: emulator.url, clientId: 'sp', clientSecret: 'sp-secret', ca: tls.cert });
    expect((await oauth.getJob(1)).name).toBe('secure');
    const wary = new DatabricksJobsClient({ host: emulator.url, token: emulator.token, retry: { maxRetries: 0 } });
    const error = await wary.resolveJobId('secure').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({ status: 0, errorCode: 'CONNECTION_FAILED', message: expect.stringMatching(/certificate/i) });
  });

  it('times out a slow answer and retries it', async () => {
    emulator = await startEmulator({ jobs: [{ name: 'j' }], faults: { slowMs: 300 } });
    const client = new DatabricksJobsClient({
      host: emulator.url,
      token: emulator.token,
      timeoutMs: 100,
      retry: { maxRetries: 1, minIntervalMs: 1 },
    });
    const error = await client.getJob(1).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 0, errorCode: 'TIMEOUT', retriable: true, endpoint: 'GET /api/2.2/jobs/get' });
    expect((error as Error).message).toContain('no answer within 100 ms');
    emulator.setFaults({});
    expect((await client.getJob(1)).settings).toMatchObject({ name: 'j', max_concurrent_runs: 1 });
  });
});
