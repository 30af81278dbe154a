import { afterEach, describe, expect, it } from 'vitest';
import { InvalidOptionsError, NotifyError } from '../../src/model/errors.js';
import { EmailNotifier } from '../../src/notify/email-notifier.js';
import { jobFailure } from './notification-fixture.js';
import { type SmtpSink, startSmtpSink } from './smtp-sink.js';

const PASSWORD = 'smtp-pass-7d1f';
let sink: SmtpSink | undefined;
let notifier: EmailNotifier | undefined;
afterEach(async () => {
  await notifier?.close();
  await sink?.close();
});

function emailTo(port: number, pass = PASSWORD): EmailNotifier {
  notifier = new EmailNotifier({
    host: '127.0.0.1',
    port,
    auth: { user: 'brickwork', pass },
    from: 'brickwork <etl@example.com>',
    to: ['data-team@example.com', 'lead@example.com'],
  });
  return notifier;
}

describe('EmailNotifier', () => {
  it('sends the subject, a plain-text and an HTML body to the configured recipients, logged in', async () => {
    sink = await startSmtpSink(PASSWORD);
    await emailTo(sink.port).send(jobFailure());
    const [mail] = sink.mails;
    expect(mail?.user).toBe('brickwork');
    expect(mail?.recipients).toEqual(['data-team@example.com', 'lead@example.com']);
    expect(mail?.parsed.subject).toBe('[brickwork] nightly › load failed (attempt 3/3)');
    expect(mail?.parsed.from?.value[0]).toMatchObject({ name: 'brickwork', address: 'etl@example.com' });
    expect(mail?.parsed.text?.trim()).toBe(jobFailure().text);
    const html = mail?.parsed.html || '';
    expect(html).toContain('<h2 style="color:#dc2626">nightly › load failed (attempt 3/3)</h2>');
    expect(html).toContain('<code>run_failed: Table &lt;orders&gt; &amp; &quot;friends&quot; missing</code>');
    expect(html).toContain('<a href="https://adb-1.azuredatabricks.net/jobs/7/runs/99">Open the Databricks run</a>');
    expect(html).toContain('<code>brickwork resume run-1</code>');
    expect(mail?.parsed.headers.get('x-brickwork-notification')).toBe(jobFailure().id);
  });

  it("sends to the job's own recipients when its policy names them", async () => {
    sink = await startSmtpSink(PASSWORD);
    await emailTo(sink.port).send(jobFailure({ recipients: ['oncall@example.com'] }));
    expect(sink.mails[0]?.recipients).toEqual(['oncall@example.com']);
  });

  it('fails for good on a refused login, without the password in the error', async () => {
    sink = await startSmtpSink(PASSWORD);
    const error = (await emailTo(sink.port, 'wrong-pass-99')
      .send(jobFailure())
      .catch((e: unknown) => e)) as NotifyError;
    expect(error).toBeInstanceOf(NotifyError);
    expect(error.retriable).toBe(false);
    expect(error.message).toBe("email 'email' could not be sent: the SMTP server refused the login");
    expect(JSON.stringify(error) + String(error.stack)).not.toContain('wrong-pass-99');
    expect(sink.mails).toHaveLength(0);
  });

  it('fails retriably when the server cannot be reached', async () => {
    sink = await startSmtpSink(PASSWORD);
    const { port } = sink;
    await sink.close();
    sink = undefined;
    const error = (await emailTo(port)
      .send(jobFailure())
      .catch((e: unknown) => e)) as NotifyError;
    expect(error.retriable).toBe(true);
    expect(error.message).toMatch(/^email 'email' could not be sent: .*ECONNREFUSED/);
  });

  it('needs host, from and to', () => {
    expect(() => new EmailNotifier({ host: 'smtp', from: 'a@b.c', to: [] })).toThrow(InvalidOptionsError);
  });
});
