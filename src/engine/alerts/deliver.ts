import type { Notifier } from '../../adapters/notifier.js';
import { backoffDelayMs, type ResolvedRetryOptions, type RetryOptions } from '../../model/backoff.js';
import { NotifyError } from '../../model/errors.js';
import type { Notification, NotificationKind } from '../../model/notification.js';
import { raceAbort } from '../../util/abortable.js';
import { withRetries } from '../../util/with-retries.js';

/** How hard the engine tries to deliver one notification to one notifier. */
export interface DeliveryOptions {
  /**
   * Limit of one `send`, in milliseconds; its signal aborts and the attempt fails.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Retries of a failed send (errors with `retriable: false` are not retried).
   * @default { maxRetries: 2, minIntervalMs: 1000, backoffFactor: 2, maxIntervalMs: 30000, jitter: 'none' }
   */
  readonly retry?: RetryOptions;
}

/** How one notification went to one notifier; kept in `RunResult.notifications`. */
export interface NotificationDelivery {
  /** The notifier's name. */
  readonly notifier: string;
  /** {@link Notification.id}. */
  readonly notificationId: string;
  readonly kind: NotificationKind;
  /** The job, for job notifications. */
  readonly job?: string;
  readonly status: 'sent' | 'failed';
  /** Attempts made. */
  readonly attempts: number;
  /** Why the last attempt failed (URLs removed). */
  readonly error?: string;
}

/** Delivery options with every default filled in. */
export interface ResolvedDeliveryOptions {
  readonly timeoutMs: number;
  readonly retry: ResolvedRetryOptions;
}

/** The defaults of {@link DeliveryOptions.retry}. */
export const DEFAULT_DELIVERY_RETRY: ResolvedRetryOptions = Object.freeze({
  maxRetries: 2,
  minIntervalMs: 1000,
  backoffFactor: 2,
  maxIntervalMs: 30_000,
  jitter: 'none',
});

/**
 * Sends `notification` through `notifier`, retrying failures and abandoning an attempt at
 * its timeout even when the notifier ignores the signal. Never rejects. The longest it can
 * take is `(maxRetries + 1) × timeoutMs` plus the waits between attempts.
 */
export async function deliver(
  notifier: Notifier,
  notification: Notification,
  options: ResolvedDeliveryOptions,
): Promise<NotificationDelivery> {
  const base = {
    notifier: notifier.name,
    notificationId: notification.id,
    kind: notification.kind,
    ...(notification.job === undefined ? {} : { job: notification.job }),
  };
  let attempts = 0;
  try {
    await withRetries(
      async (attempt) => {
        attempts = attempt;
        await sendOnce(notifier, notification, options.timeoutMs);
      },
      {
        maxRetries: options.retry.maxRetries,
        delayMs: (error, retry) =>
          error instanceof NotifyError && !error.retriable ? undefined : backoffDelayMs(options.retry, retry, Math.random),
      },
    );
    return Object.freeze({ ...base, status: 'sent', attempts });
  } catch (thrown) {
    const error = withoutUrls(thrown instanceof Error ? thrown.message : String(thrown));
    return Object.freeze({ ...base, status: 'failed', attempts, error });
  }
}

/** One send, abandoned at `timeoutMs` even when the notifier ignores its signal. */
async function sendOnce(notifier: Notifier, notification: Notification, timeoutMs: number): Promise<void> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new NotifyError(`no answer within ${timeoutMs} ms`, { retriable: true })),
    timeoutMs,
  );
  try {
    await raceAbort(controller.signal, () => notifier.send(notification, { signal: controller.signal }));
  } finally {
    clearTimeout(timer);
  }
}

/** Removes URLs (webhook URLs carry their secret in the path) from a message. */
export function withoutUrls(message: string): string {
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>');
}
