import { createEngine, EmailNotifier, type Engine, type Notifier, SlackNotifier, WebhookNotifier } from '../index.js';

/**
 * The notifiers the environment configures: `BRICKWORK_SLACK_WEBHOOK_URL`,
 * `BRICKWORK_WEBHOOK_URL` (+ `BRICKWORK_WEBHOOK_SECRET`), and `BRICKWORK_SMTP_HOST` (+ `_PORT`,
 * `_SECURE`, `_USER`, `_PASSWORD`, `BRICKWORK_EMAIL_FROM`, `BRICKWORK_EMAIL_TO` comma-separated).
 * The CLI prints failures itself, so there is no console notifier.
 */
export function notifiersFromEnv(env: Readonly<Record<string, string | undefined>>): Notifier[] {
  const notifiers: Notifier[] = [];
  if (env.BRICKWORK_SLACK_WEBHOOK_URL) notifiers.push(new SlackNotifier({ webhookUrl: env.BRICKWORK_SLACK_WEBHOOK_URL }));
  if (env.BRICKWORK_WEBHOOK_URL) {
    notifiers.push(
      new WebhookNotifier({
        url: env.BRICKWORK_WEBHOOK_URL,
        ...(env.BRICKWORK_WEBHOOK_SECRET ? { secret: env.BRICKWORK_WEBHOOK_SECRET } : {}),
      }),
    );
  }
  if (env.BRICKWORK_SMTP_HOST) {
    const user = env.BRICKWORK_SMTP_USER;
    notifiers.push(
      new EmailNotifier({
        host: env.BRICKWORK_SMTP_HOST,
        ...(env.BRICKWORK_SMTP_PORT ? { port: Number(env.BRICKWORK_SMTP_PORT) } : {}),
        secure: env.BRICKWORK_SMTP_SECURE === 'true',
        ...(user ? { auth: { user, pass: env.BRICKWORK_SMTP_PASSWORD ?? '' } } : {}),
        from: env.BRICKWORK_EMAIL_FROM ?? 'brickwork@localhost',
        to: (env.BRICKWORK_EMAIL_TO ?? '')
          .split(',')
          .map((address) => address.trim())
          .filter(Boolean),
      }),
    );
  }
  return notifiers;
}

/**
 * The CLI's engine: adapters from the environment, as `createEngine()` makes them, the
 * notifiers of {@link notifiersFromEnv}, and `BRICKWORK_POLL_MS` as the first polling interval
 * of Databricks runs (for the emulator and the demo).
 */
export function engineFromEnv(env: Readonly<Record<string, string | undefined>>): Engine {
  const pollMs = Number(env.BRICKWORK_POLL_MS);
  const poll =
    pollMs > 0
      ? { poll: { minIntervalMs: pollMs, maxIntervalMs: Math.max(pollMs, 30 * pollMs), maxSweepIntervalMs: pollMs * 10 } }
      : {};
  return createEngine({ env, notifiers: notifiersFromEnv(env), ...poll });
}
