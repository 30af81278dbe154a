import type { NotificationKind } from './notification.js';

/**
 * When to notify, and whom. Set on the engine (`notify`), on a pipeline (`notify`) and on a
 * job (`notify`); each level overrides the one before it, field by field.
 *
 * @example
 * ```ts
 * .job('load', { databricks: { jobName: 'Data_Load_Job' }, notify: { onRetry: true, notifiers: ['oncall'] } })
 * ```
 */
export interface NotifyPolicy {
  /**
   * A job failed for good (after its last attempt), a blocking check failed, a rollback
   * failed, or the run failed without any job failure having been alerted.
   * @default true
   */
  readonly onFailure?: boolean;
  /**
   * A job's attempt failed and another will follow (once per job and run).
   * @default false
   */
  readonly onRetry?: boolean;
  /**
   * A job succeeded; for a pipeline, the run succeeded.
   * @default false
   */
  readonly onSuccess?: boolean;
  /**
   * A job's first attempt started.
   * @default false
   */
  readonly onStart?: boolean;
  /**
   * An attempt ran longer than the job's `warnAfterSeconds` (once per job and run).
   * @default true
   */
  readonly onDurationWarning?: boolean;
  /**
   * A resumed run succeeded after a failure of the same run had been alerted.
   * @default true
   */
  readonly onRecovered?: boolean;
  /**
   * Names of the notifiers to use; the others stay silent.
   * @default every notifier of the engine
   */
  readonly notifiers?: readonly string[];
  /**
   * Email addresses for this job's (or pipeline's) notifications, instead of the
   * `EmailNotifier`'s own `to`. Other notifiers ignore them.
   */
  readonly recipients?: readonly string[];
}

/** A policy with every switch decided. */
export type ResolvedNotifyPolicy = Required<Omit<NotifyPolicy, 'notifiers' | 'recipients'>> &
  Pick<NotifyPolicy, 'notifiers' | 'recipients'>;

const DEFAULT_POLICY: ResolvedNotifyPolicy = Object.freeze({
  onFailure: true,
  onRetry: false,
  onSuccess: false,
  onStart: false,
  onDurationWarning: true,
  onRecovered: true,
});

/** Merges policies, later ones overriding earlier ones field by field, over the defaults. */
export function resolveNotifyPolicy(...levels: readonly (NotifyPolicy | undefined)[]): ResolvedNotifyPolicy {
  const merged: { -readonly [K in keyof ResolvedNotifyPolicy]: ResolvedNotifyPolicy[K] } = { ...DEFAULT_POLICY };
  for (const level of levels) {
    if (!level) continue;
    for (const [field, value] of Object.entries(level)) {
      if (value !== undefined) (merged as Record<string, unknown>)[field] = value;
    }
  }
  return Object.freeze(merged);
}

const SWITCH: Readonly<Record<NotificationKind, keyof ResolvedNotifyPolicy>> = {
  job_started: 'onStart',
  job_succeeded: 'onSuccess',
  job_retrying: 'onRetry',
  job_failed: 'onFailure',
  duration_warning: 'onDurationWarning',
  check_failed: 'onFailure',
  rollback_failed: 'onFailure',
  rollback_raced: 'onFailure',
  pipeline_succeeded: 'onSuccess',
  pipeline_failed: 'onFailure',
  recovered: 'onRecovered',
};

/** Whether `policy` asks for notifications of `kind`. */
export function wants(policy: ResolvedNotifyPolicy, kind: NotificationKind): boolean {
  return policy[SWITCH[kind]] === true;
}
