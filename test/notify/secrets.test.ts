import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ConsoleNotifier,
  createEngine,
  EmailNotifier,
  type Logger,
  pipeline,
  SlackNotifier,
  SqliteMetadataStore,
  WebhookNotifier,
} from '../../src/index.js';
import { recordEvents } from '../../src/testing/record-events.js';
import { type HttpReceiver, startHttpReceiver } from './http-receiver.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

const SLACK_TOKEN = 'T0SECRET/B0SECRET/xoxSlackHookToken';
const HOOK_TOKEN = 'hook-path-token-5c2e';
const HOOK_SECRET = 'hmac-secret-8f3a';
const SMTP_PASSWORD = 'smtp-password-41b9';
const SECRETS = [SLACK_TOKEN, HOOK_TOKEN, HOOK_SECRET, SMTP_PASSWORD];

let servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

describe('secrets of notifiers', () => {
  it('never reach events, results, logs, console alerts or the log table, even when deliveries fail', async () => {
    // Receivers that fail and echo the path they were called on, as some proxies do.
    const slack: HttpReceiver = await startHttpReceiver(() => 500);
    const hook: HttpReceiver = await startHttpReceiver(() => 404);
    const smtp: SmtpSink = await startSmtpSink('the-right-password');
    servers = [slack, hook, smtp];
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m, f) => lines.push(m, JSON.stringify(f ?? {})),
      info: (m, f) => lines.push(m, JSON.stringify(f ?? {})),
      warn: (m, f) => lines.push(m, JSON.stringify(f ?? {})),
      error: (m, f) => lines.push(m, JSON.stringify(f ?? {})),
    };
    const path = join(mkdtempSync(join(tmpdir(), 'brickwork-secrets-')), 'state.db');
    const store = new SqliteMetadataStore({ path });
    const engine = createEngine({
      store,
      logger,
      delivery: { timeoutMs: 2000, retry: { maxRetries: 1, minIntervalMs: 10 } },
      notifiers: [
        new SlackNotifier({ webhookUrl: `${slack.url}/services/${SLACK_TOKEN}` }),
        new WebhookNotifier({ url: `${hook.url}/${HOOK_TOKEN}?token=${HOOK_TOKEN}`, secret: HOOK_SECRET }),
        new EmailNotifier({
          host: '127.0.0.1',
          port: smtp.port,
          auth: { user: 'brickwork', pass: SMTP_PASSWORD },
          from: 'etl@example.com',
          to: 'team@example.com',
        }),
        new ConsoleNotifier({ write: (text) => lines.push(text) }),
      ],
    });
    const events = recordEvents(engine);
    const flow = pipeline('secrets')
      .job('load', {
        run: async () => {
          throw new Error('load failed');
        },
      })
      .build();
    const result = await engine.run(flow);

    expect(result.notifications.map((d) => `${d.notifier}:${d.status}`)).toEqual([
      'slack:failed',
      'webhook:failed',
      'email:failed',
      'console:sent',
    ]);
    const everything = [
      JSON.stringify(events.events),
      JSON.stringify(result),
      JSON.stringify(await store.history(result.runId)),
      ...lines,
    ].join('\n');
    expect(everything).toContain('answered HTTP 500');
    expect(everything).toContain('the SMTP server refused the login');
    for (const secret of SECRETS) {
      for (const form of [
        secret,
        encodeURIComponent(secret),
        JSON.stringify(secret).slice(1, -1).replaceAll('/', '\\/'),
        Buffer.from(secret).toString('base64').replace(/=+$/, ''),
        ...secret.split('/').filter((part) => part.length >= 8),
      ]) {
        expect(everything, `a form of a secret leaked: ${form}`).not.toContain(form);
      }
    }
    // The receivers did get what they should, the signature too.
    expect(hook.received[0]?.headers['x-brickwork-signature']).toMatch(/^v1=/);
    expect(slack.received[0]?.path).toBe(`/services/${SLACK_TOKEN}`);
  });
});
