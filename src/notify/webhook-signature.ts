import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the Unix time (seconds) the webhook body was signed at. */
export const TIMESTAMP_HEADER = 'x-brickwork-timestamp';
/** Header with the signature: `v1=` and the hex HMAC-SHA256 of `<timestamp>.<body>`. */
export const SIGNATURE_HEADER = 'x-brickwork-signature';

/** The `x-brickwork-signature` value of `body` signed at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver checks; see {@link verifyWebhookSignature}. */
export interface WebhookVerification {
  /** The shared secret given to `WebhookNotifier`. */
  readonly secret: string;
  /** The raw request body, exactly as received (before parsing JSON). */
  readonly body: string;
  /** The `x-brickwork-timestamp` header. */
  readonly timestamp: string | null | undefined;
  /** The `x-brickwork-signature` header. */
  readonly signature: string | null | undefined;
  /**
   * How old (or how far in the future) a timestamp may be, in seconds; older ones are replays.
   * @default 300
   */
  readonly toleranceSeconds?: number;
  /** The current time in milliseconds, for tests. @default Date.now() */
  readonly now?: number;
}

/**
 * Whether a webhook delivery is authentic and fresh: the signature matches the body and the
 * timestamp (compared in constant time), and the timestamp is within the tolerance.
 *
 * @example
 * ```ts
 * const ok = verifyWebhookSignature({
 *   secret: process.env.BRICKWORK_WEBHOOK_SECRET!,
 *   body: rawBody,
 *   timestamp: req.headers['x-brickwork-timestamp'],
 *   signature: req.headers['x-brickwork-signature'],
 * });
 * if (!ok) return res.writeHead(401).end();
 * ```
 */
export function verifyWebhookSignature(check: WebhookVerification): boolean {
  const { secret, body, timestamp, signature, toleranceSeconds = 300, now = Date.now() } = check;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
