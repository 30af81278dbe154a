import type { Notifier } from '../adapters/notifier.js';
import { InvalidOptionsError, NotifyError } from '../model/errors.js';
import type { Notification } from '../model/notification.js';
import { attemptFraction, durationText } from '../model/notification-text.js';
import { escapeHtml } from '../util/escape-html.js';

/** Options of {@link EmailNotifier}. */
export interface EmailNotifierOptions {
  /** SMTP server host name. */
  readonly host: string;
  /**
   * SMTP port.
   * @default 465 when `secure`, else 587
   */
  readonly port?: number;
  /**
   * TLS from the first byte (port 465). When false, STARTTLS is used if the server offers it.
   * @default false
   */
  readonly secure?: boolean;
  /** Refuse to send unless the connection is upgraded with STARTTLS. @default false */
  readonly requireTLS?: boolean;
  /** TLS options: a private CA, a server name, or (for tests only) no verification. */
  readonly tls?: { readonly ca?: string | Buffer; readonly servername?: string; readonly rejectUnauthorized?: boolean };
  /** Login; the password is a secret and never appears in errors, events or the log. */
  readonly auth?: { readonly user: string; readonly pass: string };
  /** Sender address, e.g. `brickwork <etl@example.com>`. */
  readonly from: string;
  /** Recipients when the job's policy names none. */
  readonly to: string | readonly string[];
  /**
   * Name that policies route by.
   * @default 'email'
   */
  readonly name?: string;
  /**
   * Put before every subject.
   * @default '[brickwork]'
   */
  readonly subjectPrefix?: string;
  /** Limit of connecting and of each SMTP step, in milliseconds. @default 10000 */
  readonly timeoutMs?: number;
}

/** The parts of nodemailer the notifier uses. */
interface Transport {
  sendMail(message: Record<string, unknown>): Promise<unknown>;
  close(): void;
}

/**
 * Emails notifications over SMTP through nodemailer: subject from the title, a plain-text
 * and an HTML body. Recipients come from the job's policy (`notify.recipients`, which the
 * seed's `email_notifications.on_failure` lists become) or else from `to`.
 *
 * @example
 * ```ts
 * new EmailNotifier({ host: 'smtp.example.com', auth: { user, pass }, from: 'etl@example.com', to: 'data-team@example.com' })
 * ```
 */
export class EmailNotifier implements Notifier {
  readonly name: string;
  readonly #options: EmailNotifierOptions;
  #transport: Promise<Transport> | undefined;

  /** @throws {@link InvalidOptionsError} without `host`, `from` or `to`. */
  constructor(options: EmailNotifierOptions) {
    const to = [options.to ?? []].flat();
    if (!options.host || !options.from || to.length === 0) {
      throw new InvalidOptionsError('EmailNotifier needs host, from and at least one address in to');
    }
    this.name = options.name ?? 'email';
    this.#options = options;
  }

  /** Sends one email. */
  async send(notification: Notification): Promise<void> {
    const { from, to, subjectPrefix = '[brickwork]' } = this.#options;
    const transport = await this.#connect();
    try {
      await transport.sendMail({
        from,
        to: [...(notification.recipients ?? [to].flat())],
        subject: `${subjectPrefix} ${notification.title}`.trim(),
        text: notification.text,
        html: emailHtml(notification),
        headers: { 'X-Brickwork-Notification': notification.id },
      });
    } catch (error) {
      throw smtpError(error, this.name);
    }
  }

  /** Closes the SMTP connection, if one is open. */
  async close(): Promise<void> {
    const transport = await this.#transport?.catch(() => undefined);
    transport?.close();
    this.#transport = undefined;
  }

  #connect(): Promise<Transport> {
    this.#transport ??= import('nodemailer').then(({ createTransport }) => {
      const { host, secure = false, auth, tls, requireTLS = false, timeoutMs = 10_000 } = this.#options;
      return createTransport({
        host,
        port: this.#options.port ?? (secure ? 465 : 587),
        secure,
        requireTLS,
        ...(auth ? { auth: { user: auth.user, pass: auth.pass } } : {}),
        ...(tls ? { tls: { ...tls } } : {}),
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      }) as unknown as Transport;
    });
    return this.#transport;
  }
}

/** SMTP failures as a NotifyError: a 5xx answer or a refused login is not retried. */
function smtpError(error: unknown, name: string): NotifyError {
  const { code, responseCode, message } = error as { code?: string; responseCode?: number; message?: string };
  const permanent = code === 'EAUTH' || code === 'EENVELOPE' || (responseCode !== undefined && responseCode >= 500);
  const reason = code === 'EAUTH' ? 'the SMTP server refused the login' : (message ?? String(error));
  return new NotifyError(`email '${name}' could not be sent: ${reason}`, { retriable: !permanent });
}

/** The HTML body: the title, then a table of the facts. */
export function emailHtml(notification: Notification): string {
  const rows: [string, string][] = [
    ['Pipeline', notification.pipeline],
    ['Run', notification.runId],
  ];
  if (notification.job !== undefined) rows.push(['Job', notification.job]);
  if (notification.attempt !== undefined) {
    rows.push(['Attempt', attemptFraction(notification)]);
  }
  if (notification.error) rows.push(['Error', `${notification.error.class}: ${notification.error.message}`]);
  if (notification.failedJobs) rows.push(['Failed jobs', notification.failedJobs.join(', ')]);
  if (notification.durationMs !== undefined) rows.push(['Duration', durationText(notification.durationMs)]);
  if (notification.resumeCommand) rows.push(['Resume', notification.resumeCommand]);
  const color = { info: '#2563eb', warning: '#d97706', error: '#dc2626' }[notification.severity];
  const link = notification.runPageUrl
    ? `<p><a href="${escapeHtml(notification.runPageUrl)}">Open the Databricks run</a></p>`
    : '';
  const table = rows
    .map(
      ([label, value]) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0">${label}</th><td><code>${escapeHtml(value)}</code></td></tr>`,
    )
    .join('');
  return `<!doctype html><html><body style="font-family:sans-serif"><h2 style="color:${color}">${escapeHtml(notification.title)}</h2><table>${table}</table>${link}</body></html>`;
}
