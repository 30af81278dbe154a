import type { Notification } from '../model/notification.js';

/** What the engine passes to {@link Notifier.send} besides the notification. */
export interface SendOptions {
  /** Aborts when the delivery attempt times out: stop sending and reject. */
  readonly signal: AbortSignal;
}

/**
 * Delivers notifications somewhere. `send` rejects when delivery failed; the engine retries
 * it a bounded number of times, each under a timeout, and never lets it stall a run.
 *
 * @example
 * ```ts
 * const pager: Notifier = {
 *   name: 'pager',
 *   async send(notification, { signal }) {
 *     if (notification.severity !== 'error') return;
 *     await fetch('https://pager.example.com/alerts', { method: 'POST', body: notification.title, signal });
 *   },
 * };
 * ```
 */
export interface Notifier {
  /** Unique among the engine's notifiers; policies route jobs to notifiers by it. */
  readonly name: string;
  /** Delivers one notification; should honour `options.signal`. */
  send(notification: Notification, options: SendOptions): Promise<void>;
}
