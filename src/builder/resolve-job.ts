import type { Check } from '../adapters/check.js';
import type { JobDefinition, ResolvedRetryPolicy } from '../graph/job-definition.js';
import { DEFAULT_RETRY } from '../graph/job-definition.js';
import type { JobPolicy, JobSpec, RollbackScope } from '../graph/job-spec.js';
import type { NotifyPolicy } from '../model/notify-policy.js';

const EMPTY: readonly string[] = Object.freeze([]);
const NO_TAGS: Readonly<Record<string, string>> = Object.freeze({});
const NO_CHECKS: readonly Check[] = Object.freeze([]);

/** Merges pipeline defaults into retry policies, sharing one frozen object when a job sets none. */
export function retryResolver(defaults: JobPolicy | undefined): (spec: JobSpec) => ResolvedRetryPolicy {
  const base: ResolvedRetryPolicy = Object.freeze({ ...DEFAULT_RETRY, ...defaults?.retry });
  return (spec) => (spec.retry ? Object.freeze({ ...base, ...spec.retry }) : base);
}

/** Builds the frozen {@link JobDefinition} of one spec. */
export function resolveJob(
  key: string,
  spec: JobSpec,
  after: readonly string[],
  defaults: JobPolicy | undefined,
  retry: ResolvedRetryPolicy,
  pipelineRollback: RollbackScope = 'job',
): JobDefinition {
  const definition: { -readonly [K in keyof JobDefinition]: JobDefinition[K] } = {
    key,
    after: after.length === 0 ? EMPTY : Object.freeze(after),
    kind: spec.databricks ? 'databricks' : 'in-process',
    retry,
    runIf: spec.runIf ?? defaults?.runIf ?? 'all_success',
    writes: spec.writes ? Object.freeze([...spec.writes]) : EMPTY,
    tags: spec.tags ? Object.freeze({ ...spec.tags }) : NO_TAGS,
    checks: spec.checks ? Object.freeze([...spec.checks]) : NO_CHECKS,
    rollback: spec.rollback ?? defaults?.rollback ?? pipelineRollback,
  };
  if (spec.run) definition.run = spec.run;
  if (spec.databricks) definition.databricks = deepFreeze(structuredClone(spec.databricks));
  const timeoutSeconds = spec.timeoutSeconds ?? defaults?.timeoutSeconds;
  if (timeoutSeconds !== undefined) definition.timeoutSeconds = timeoutSeconds;
  const warnAfterSeconds = spec.warnAfterSeconds ?? defaults?.warnAfterSeconds;
  if (warnAfterSeconds !== undefined) definition.warnAfterSeconds = warnAfterSeconds;
  const notify = spec.notify && defaults?.notify ? { ...defaults.notify, ...spec.notify } : (spec.notify ?? defaults?.notify);
  if (notify) definition.notify = freezePolicy(notify);
  if (spec.estimatedDurationSeconds !== undefined) definition.estimatedDurationSeconds = spec.estimatedDurationSeconds;
  return Object.freeze(definition);
}

/** A frozen copy of a notification policy (its lists copied too). */
export function freezePolicy(policy: NotifyPolicy): NotifyPolicy {
  return deepFreeze(structuredClone(policy));
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
