/**
 * What notifiers receive, and the interface every notifier implements.
 * @module
 */
import type { FailureClass } from './job-error.js';

/** What a notification is about. */
export type NotificationKind =
  | 'job_started'
  | 'job_succeeded'
  | 'job_retrying'
  | 'job_failed'
  | 'duration_warning'
  | 'check_failed'
  | 'rollback_failed'
  | 'rollback_raced'
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
  'rollback_raced',
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
