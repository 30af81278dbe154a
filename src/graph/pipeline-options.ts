import type { NotifyPolicy } from '../model/notify-policy.js';
import type { JobPolicy, RollbackScope } from './job-spec.js';

/** Options of a pipeline, given to {@link pipeline}. */
export interface PipelineOptions {
  /**
   * Jobs running at once. Falls back to the engine's `concurrency`.
   * @example 4
   */
  readonly concurrency?: number;
  /** Policy filling the gaps of every job's own policy (retry fields merge one by one). */
  readonly defaults?: JobPolicy;
  /** Limit of the whole run, in seconds: when it passes, in-flight jobs fail with `timeout`. */
  readonly deadlineSeconds?: number;
  /** One line saying what the pipeline does. */
  readonly description?: string;
  /**
   * When to notify, and whom, about the run itself (`pipeline_failed`, `pipeline_succeeded`,
   * `recovered`); merges over the engine's `notify` field by field. Jobs take theirs from
   * `defaults.notify` and their own `notify`. Not part of `Pipeline.hash`.
   */
  readonly notify?: NotifyPolicy;
  /**
   * When the tables jobs write are restored (jobs may override it, see `JobPolicy.rollback`).
   * @default 'job'
   */
  readonly rollback?: RollbackScope;
}

/** Pipeline-wide settings kept on a built {@link Pipeline}. */
export interface PipelineSettings {
  /** Jobs running at once; the engine's `concurrency` applies when absent. */
  readonly concurrency?: number;
  /** Limit of the whole run, in seconds. */
  readonly deadlineSeconds?: number;
  /** One line saying what the pipeline does. */
  readonly description?: string;
  /** Notification policy of the run itself. */
  readonly notify?: NotifyPolicy;
  /** When tables are restored, unless a job says otherwise. */
  readonly rollback?: RollbackScope;
}
