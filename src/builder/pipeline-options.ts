import type { JobPolicy } from './job-spec.js';

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
}
