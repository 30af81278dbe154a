import type { Notifier, SendOptions } from '../adapters/notifier.js';
import type { Notification } from '../model/notification.js';
import { checkWebhookUrl, postJson } from './post-json.js';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature.js';

/** Options of {@link WebhookNotifier}. */
export interface WebhookNotifierOptions {
  /** Where to POST. A secret: never logged. */
  readonly url: string;
  /**
   * Shared secret: when set, every request carries `x-brickwork-timestamp` and
   * `x-brickwork-signature` so that the receiver can verify it and reject replays.
   */
  readonly secret?: string;
  /**
   * Name that policies route by.
   * @default 'webhook'
   */
  readonly name?: string;
  /** Extra request headers, such as an API key of the receiver. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The clock, in milliseconds, for tests. @default Date.now */
  readonly now?: () => number;
}

/** The `schema` of {@link WebhookPayload}; a new version gets a new name. */
export const WEBHOOK_SCHEMA = 'brickwork.notification/v1';

/**
 * The JSON body of a webhook delivery (schema `brickwork.notification/v1`): the
 * {@link Notification}, with `time` as ISO 8601 text. Optional fields are left out when unknown.
 */
export type WebhookPayload = { readonly schema: typeof WEBHOOK_SCHEMA; readonly time: string } & Omit<Notification, 'time'>;

/**
 * POSTs each notification as JSON to a URL of your own, optionally signed with HMAC-SHA256
 * (verify with {@link verifyWebhookSignature}). `x-brickwork-delivery` carries the
 * notification id, the same on every retry, so receivers can drop duplicates.
 *
 * @example
 * ```ts
 * new WebhookNotifier({ url: 'https://ops.example.com/hooks/brickwork', secret: process.env.HOOK_SECRET })
 * ```
 */
export class WebhookNotifier implements Notifier {
  readonly name: string;
  readonly #url: URL;
  readonly #secret: string | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #now: () => number;

  /** @throws {@link InvalidOptionsError} when `url` is not an http(s) URL. */
  constructor(options: WebhookNotifierOptions) {
    this.name = options.name ?? 'webhook';
    this.#url = checkWebhookUrl(options.url, 'WebhookNotifier url');
    this.#secret = options.secret;
    this.#headers = { ...options.headers };
    this.#now = options.now ?? Date.now;
  }

  /** Posts one notification. */
  send(notification: Notification, { signal }: SendOptions): Promise<void> {
    const body = JSON.stringify(webhookPayload(notification));
    const headers: Record<string, string> = {
      ...this.#headers,
      'x-brickwork-kind': notification.kind,
      'x-brickwork-delivery': notification.id,
    };
    if (this.#secret !== undefined) {
      const timestamp = Math.floor(this.#now() / 1000);
      headers[TIMESTAMP_HEADER] = String(timestamp);
      headers[SIGNATURE_HEADER] = signWebhook(this.#secret, timestamp, body);
    }
    return postJson(this.#url, body, headers, signal, `webhook '${this.name}'`);
  }
}

/** The body a {@link WebhookNotifier} sends for a notification. */
export function webhookPayload(notification: Notification): WebhookPayload {
  return { schema: WEBHOOK_SCHEMA, ...notification, time: notification.time.toISOString() };
}
