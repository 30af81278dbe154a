/**
 * What notifiers receive, and the interface every notifier implements.
 * @module
 */
import type { FailureClass } from '../builder/job-spec.js';

/** What a notification is about. */
export type NotificationKind =
  | 'job_started'
  | 'job_succeeded'
  | 'job_retrying'
  | 'job_failed'
  | 'duration_warning'
  | 'check_failed'
  | 'rollback_failed'
  | 'pipeline_succeeded'
  | 'pipeline_failed'
  | 'recovered';

/** Every {@link NotificationKind}, in a stable order. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = Object.freeze([
  'job_started',
  'job_succeeded',
  'job_retrying',
  'job_failed',
  'duration_warning',
  'check_failed',
  'rollback_failed',
  'pipeline_succeeded',
  'pipeline_failed',
  'recovered',
]);

/** How urgent a notification is: `error` needs someone to act. */
export type NotificationSeverity = 'info' | 'warning' | 'error';

/**
 * One alert, with what a person needs to act on it. Frozen. Built by the engine; the same
 * object goes to every notifier it is routed to.
 */
export interface Notification {
  /** A stable id of this alert: the same for every delivery attempt and notifier. */
  readonly id: string;
  readonly kind: NotificationKind;
  readonly severity: NotificationSeverity;
  /** Pipeline name. */
  readonly pipeline: string;
  /** Run id. */
  readonly runId: string;
  /** The job's key, for job notifications. */
  readonly job?: string;
  /** The attempt the notification is about (1-based). */
  readonly attempt?: number;
  /** Attempts allowed, so that "attempt 3/3" can be said. */
  readonly maxAttempts?: number;
  /** What went wrong, for failures. The message is already free of secrets. */
  readonly error?: { readonly class: FailureClass; readonly message: string };
  /** Link to the Databricks run of the attempt. */
  readonly runPageUrl?: string;
  /** How long the job (or run) took, in milliseconds. */
  readonly durationMs?: number;
  /** The command that resumes the run, on failures. */
  readonly resumeCommand?: string;
  /** Failed jobs of the run, on `pipeline_failed`. */
  readonly failedJobs?: readonly string[];
  /** Where email goes, when the job's policy names recipients (the seed's `on_failure` lists). */
  readonly recipients?: readonly string[];
  /** One line saying what happened, e.g. `nightly › load failed (attempt 3/3)`. */
  readonly title: string;
  /** Plain text: the title's facts and what to do, one per line. */
  readonly text: string;
  /** When it happened. */
  readonly time: Date;
}

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
