import { createHash } from 'node:crypto';
import type { JobError } from '../../model/job-error.js';
import type { Notification, NotificationKind, NotificationSeverity } from '../../model/notification.js';
import { attemptFraction, durationText } from '../../model/notification-text.js';

/** The facts a notification is made of. */
export interface NotificationFacts {
  readonly kind: NotificationKind;
  readonly pipeline: string;
  readonly runId: string;
  readonly time: Date;
  readonly job?: string | undefined;
  readonly attempt?: number | undefined;
  readonly maxAttempts?: number | undefined;
  readonly error?: JobError | undefined;
  readonly runPageUrl?: string | undefined;
  readonly durationMs?: number | undefined;
  readonly failedJobs?: readonly string[] | undefined;
  readonly recipients?: readonly string[] | undefined;
  /** `pipeline_failed` of a run that was canceled rather than failed. */
  readonly canceled?: boolean | undefined;
  /** Instead of the kind's own severity (a `warn` check's failure is a warning). */
  readonly severity?: NotificationSeverity | undefined;
}

const SEVERITY: Readonly<Record<NotificationKind, NotificationSeverity>> = {
  job_started: 'info',
  job_succeeded: 'info',
  job_retrying: 'warning',
  job_failed: 'error',
  duration_warning: 'warning',
  check_failed: 'error',
  rollback_failed: 'error',
  rollback_raced: 'error',
  pipeline_succeeded: 'info',
  pipeline_failed: 'error',
  recovered: 'info',
};

/** Makes the frozen {@link Notification} of some facts, with its title and text. */
export function composeNotification(facts: NotificationFacts): Notification {
  const severity = facts.severity ?? SEVERITY[facts.kind];
  const resumeCommand = severity === 'error' ? `brickwork resume ${facts.runId}` : undefined;
  const notification: { -readonly [K in keyof Notification]: Notification[K] } = {
    id: notificationId(facts),
    kind: facts.kind,
    severity,
    pipeline: facts.pipeline,
    runId: facts.runId,
    title: titleOf(facts),
    text: '',
    time: facts.time,
  };
  if (facts.job !== undefined) notification.job = facts.job;
  if (facts.attempt !== undefined) notification.attempt = facts.attempt;
  if (facts.maxAttempts !== undefined) notification.maxAttempts = facts.maxAttempts;
  if (facts.error) notification.error = Object.freeze({ class: facts.error.class, message: facts.error.message });
  if (facts.runPageUrl !== undefined) notification.runPageUrl = facts.runPageUrl;
  if (facts.durationMs !== undefined) notification.durationMs = facts.durationMs;
  if (facts.failedJobs?.length) notification.failedJobs = Object.freeze([...facts.failedJobs]);
  if (facts.recipients?.length) notification.recipients = Object.freeze([...facts.recipients]);
  if (resumeCommand) notification.resumeCommand = resumeCommand;
  notification.text = textOf(notification);
  return Object.freeze(notification);
}

/** "attempt 3/3", or "" when the attempt is unknown. */
function attemptText(facts: Parameters<typeof attemptFraction>[0]): string {
  return facts.attempt === undefined ? '' : `attempt ${attemptFraction(facts)}`;
}

function titleOf(facts: NotificationFacts): string {
  const attempt = attemptText(facts);
  const where = `${facts.pipeline} › ${facts.job ?? ''}`;
  switch (facts.kind) {
    case 'job_started':
      return `${where} started (${attempt})`;
    case 'job_succeeded':
      return `${where} succeeded (${attempt})`;
    case 'job_retrying':
      return `${where} failed ${attempt}, retrying`;
    case 'job_failed':
      return `${where} failed (${attempt})`;
    case 'duration_warning':
      return `${where} still running after ${durationText(facts.durationMs ?? 0)} (${attempt})`;
    case 'check_failed':
      return facts.severity === 'warning' ? `${where}: a warning check failed` : `${where}: a blocking check failed`;
    case 'rollback_failed':
      return `${where}: rollback failed, tables need attention`;
    case 'rollback_raced':
      return `${where}: rollback undid a commit made while it ran, tables need attention`;
    case 'pipeline_succeeded':
      return `${facts.pipeline} succeeded`;
    case 'pipeline_failed':
      return `${facts.pipeline} ${facts.canceled ? 'was canceled' : 'failed'}`;
    case 'recovered':
      return `${facts.pipeline} recovered: the resumed run succeeded`;
  }
}

function textOf(notification: Notification): string {
  const lines = [notification.title, `Pipeline: ${notification.pipeline}`, `Run: ${notification.runId}`];
  if (notification.job !== undefined) lines.push(`Job: ${notification.job}`);
  if (notification.attempt !== undefined) lines.push(`Attempt: ${attemptFraction(notification)}`);
  if (notification.error) lines.push(`Error (${notification.error.class}): ${notification.error.message}`);
  if (notification.failedJobs) lines.push(`Failed jobs: ${notification.failedJobs.join(', ')}`);
  if (notification.durationMs !== undefined) lines.push(`Duration: ${durationText(notification.durationMs)}`);
  if (notification.runPageUrl) lines.push(`Databricks run: ${notification.runPageUrl}`);
  if (notification.resumeCommand) lines.push(`Resume: ${notification.resumeCommand}`);
  return lines.join('\n');
}

/** Same facts, same id: receivers can drop a delivery they already have. */
function notificationId(facts: NotificationFacts): string {
  const key = [facts.runId, facts.job ?? '', facts.kind, facts.attempt ?? 0].join('\u0001');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
