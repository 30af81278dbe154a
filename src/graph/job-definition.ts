import type { Check } from '../adapters/check.js';
import type { NotifyPolicy } from '../model/notify-policy.js';
import type { RunIf } from '../model/run-if.js';
import type { DatabricksTarget, JobFunction, RetryPolicy, RollbackScope } from './job-spec.js';

/** A retry policy with every default filled in. */
export type ResolvedRetryPolicy = Required<Omit<RetryPolicy, 'retryIf'>> & Pick<RetryPolicy, 'retryIf'>;

/** One job of a built pipeline: the spec with the pipeline defaults applied. Frozen. */
export interface JobDefinition {
  /** The job's key, unique in its pipeline. */
  readonly key: string;
  /** Keys of the jobs it depends on, in the order given. */
  readonly after: readonly string[];
  /** How the job runs. */
  readonly kind: 'in-process' | 'databricks';
  /** The function of an in-process job. */
  readonly run?: JobFunction;
  /** The Databricks job or run of a Databricks job. */
  readonly databricks?: DatabricksTarget;
  /** Retry policy, defaults applied. */
  readonly retry: ResolvedRetryPolicy;
  /** Limit of one attempt, in seconds. */
  readonly timeoutSeconds?: number;
  /** Duration warning threshold, in seconds. */
  readonly warnAfterSeconds?: number;
  /** When the job runs, given its dependencies' outcomes. */
  readonly runIf: RunIf;
  /** Tables the job writes. */
  readonly writes: readonly string[];
  /** Scheduling hint, in seconds. */
  readonly estimatedDurationSeconds?: number;
  /** Free-form labels. */
  readonly tags: Readonly<Record<string, string>>;
  /** The job's notification policy, pipeline defaults applied (not part of the hash). */
  readonly notify?: NotifyPolicy;
  /** Data-quality gates (not part of the hash). */
  readonly checks: readonly Check[];
  /** When its tables are restored (not part of the hash). */
  readonly rollback: RollbackScope;
}

/** The retry policy used where neither job nor pipeline sets a field. */
export const DEFAULT_RETRY: ResolvedRetryPolicy = Object.freeze({
  maxRetries: 0,
  minIntervalMs: 1000,
  backoffFactor: 2,
  maxIntervalMs: 300_000,
  jitter: 'full',
  retryOnTimeout: false,
  afterWorkspaceRetries: false,
});
