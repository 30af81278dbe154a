import { setTimeout as sleep } from 'node:timers/promises';
import { raceAbort } from '../engine/abortable.js';
import { NotifyError } from '../errors.js';
import type { Notification, NotificationKind, Notifier } from './notification.js';

/** How hard the engine tries to deliver one notification to one notifier. */
export interface DeliveryOptions {
  /**
   * Limit of one `send`, in milliseconds; its signal aborts and the attempt fails.
   * @default 10000
   */
  readonly timeoutMs?: number;
  /**
   * Further attempts after a failed one (errors with `retriable: false` are not retried).
   * @default 2
   */
  readonly retries?: number;
  /**
   * Wait before the first retry, doubled for each one after it, in milliseconds.
   * @default 1000
   */
  readonly retryDelayMs?: number;
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
export type ResolvedDeliveryOptions = Required<DeliveryOptions>;

/** Fills in the defaults of {@link DeliveryOptions}. */
export function resolveDeliveryOptions(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  return Object.freeze({ timeoutMs: 10_000, retries: 2, retryDelayMs: 1000, ...options });
}

/**
 * Sends `notification` through `notifier`, retrying failures and abandoning an attempt at
 * its timeout even when the notifier ignores the signal. Never rejects. The longest it can
 * take is `(retries + 1) × timeoutMs` plus the waits between attempts.
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
  let error = '';
  for (let attempt = 1; ; attempt++) {
    const controller = new AbortController();
    const timer = setTimeout(
      () => controller.abort(new NotifyError(`no answer within ${options.timeoutMs} ms`, { retriable: true })),
      options.timeoutMs,
    );
    try {
      await raceAbort(controller.signal, () => notifier.send(notification, { signal: controller.signal }));
      return Object.freeze({ ...base, status: 'sent', attempts: attempt });
    } catch (thrown) {
      error = withoutUrls(thrown instanceof Error ? thrown.message : String(thrown));
      const retriable = !(thrown instanceof NotifyError && !thrown.retriable);
      if (!retriable || attempt > options.retries) return Object.freeze({ ...base, status: 'failed', attempts: attempt, error });
    } finally {
      clearTimeout(timer);
    }
    await sleep(options.retryDelayMs * 2 ** (attempt - 1));
  }
}

/** Removes URLs (webhook URLs carry their secret in the path) from a message. */
export function withoutUrls(message: string): string {
  return message.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>');
}
