import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOptionsError, NotifyError } from '../../src/model/errors.js';
import { WEBHOOK_SCHEMA, WebhookNotifier } from '../../src/notify/webhook-notifier.js';
import { verifyWebhookSignature } from '../../src/notify/webhook-signature.js';
import { type HttpReceiver, type Received, startHttpReceiver } from './http-receiver.js';
import { jobFailure } from './notification-fixture.js';

const SECRET = 'whsec-2b7f0c1e9a';
let receiver: HttpReceiver | undefined;
afterEach(() => receiver?.close());
const send = (notifier: WebhookNotifier) => notifier.send(jobFailure(), { signal: new AbortController().signal });

describe('WebhookNotifier', () => {
  it('POSTs the versioned JSON schema with delivery and kind headers', async () => {
    receiver = await startHttpReceiver();
    await send(new WebhookNotifier({ url: `${receiver.url}/hooks/brickwork?key=abc`, headers: { 'x-api-key': 'k1' } }));
    const [request] = receiver.received;
    expect(request?.path).toBe('/hooks/brickwork?key=abc');
    expect(request?.headers).toMatchObject({
      'content-type': 'application/json',
      'x-brickwork-kind': 'job_failed',
      'x-brickwork-delivery': jobFailure().id,
      'x-api-key': 'k1',
    });
    expect(request?.headers).not.toHaveProperty('x-brickwork-signature');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      schema: WEBHOOK_SCHEMA,
      id: jobFailure().id,
      kind: 'job_failed',
      severity: 'error',
      pipeline: 'nightly',
      runId: 'run-1',
      job: 'load',
      attempt: 3,
      maxAttempts: 3,
      error: { class: 'run_failed', message: 'Table <orders> & "friends" missing' },
      runPageUrl: 'https://adb-1.azuredatabricks.net/jobs/7/runs/99',
      durationMs: 65_000,
      resumeCommand: 'brickwork resume run-1',
      title: 'nightly › load failed (attempt 3/3)',
      text: jobFailure().text,
      time: '2026-11-30T12:00:00.000Z',
    });
  });

  it('signs the body so that receivers can verify it and reject tampering and replays', async () => {
    receiver = await startHttpReceiver();
    const signedAt = Date.parse('2026-11-30T12:00:00Z');
    await send(new WebhookNotifier({ url: receiver.url, secret: SECRET, now: () => signedAt }));
    const { headers, body } = receiver.received[0] as Received;
    const check = {
      secret: SECRET,
      body,
      timestamp: headers['x-brickwork-timestamp'] as string,
      signature: headers['x-brickwork-signature'] as string,
      now: signedAt + 10_000,
    };
    expect(check.timestamp).toBe(String(signedAt / 1000));
    expect(check.signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(check)).toBe(true);
    expect(verifyWebhookSignature({ ...check, body: body.replace('load', 'lo4d') })).toBe(false);
    expect(verifyWebhookSignature({ ...check, secret: 'another-secret' })).toBe(false);
    expect(verifyWebhookSignature({ ...check, timestamp: String(signedAt / 1000 + 1) })).toBe(false);
    expect(verifyWebhookSignature({ ...check, now: signedAt + 301_000 })).toBe(false);
    expect(verifyWebhookSignature({ ...check, signature: undefined })).toBe(false);
  });

  it('fails retriably on 5xx and 429, for good on other 4xx, and never repeats the URL', async () => {
    const statuses = [503, 429, 404, 400];
    receiver = await startHttpReceiver((n) => statuses[n - 1] ?? 200);
    const notifier = new WebhookNotifier({ url: `${receiver.url}/secret-path-token`, secret: SECRET });
    for (const status of statuses) {
      const error = await send(notifier).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotifyError);
      expect((error as NotifyError).retriable).toBe(status >= 500 || status === 429);
      const message = (error as Error).message;
      expect(message).toBe(
        `webhook 'webhook' answered HTTP ${status}: receiver trouble at POST [REDACTED] encoded=[REDACTED] {"path":"[REDACTED]"} query:  trace=[REDACTED]`,
      );
    }
  });

  it('reports an unreachable receiver without its address', async () => {
    receiver = await startHttpReceiver();
    const url = `${receiver.url}/secret-path-token`;
    await receiver.close();
    receiver = undefined;
    const error = (await send(new WebhookNotifier({ url })).catch((e: unknown) => e)) as NotifyError;
    expect(error.retriable).toBe(true);
    expect(error.message).toBe("webhook 'webhook' could not be reached (ECONNREFUSED)");
  });

  it('refuses a URL that is not http(s) without printing it', () => {
    const attempt = () => new WebhookNotifier({ url: 'ftp://user:hunter2@example.com' });
    expect(attempt).toThrow(InvalidOptionsError);
    expect(attempt).toThrow('WebhookNotifier url must be an http(s) URL (the value is not shown: it is a secret)');
  });
});
