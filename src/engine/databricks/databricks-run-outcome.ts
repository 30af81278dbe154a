import type { RunState } from '../../adapters/jobs-api.js';
import type { FailureClass } from '../../model/job-error.js';

/** Life-cycle states after which a run never changes. */
const TERMINAL = new Set(['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR']);

/** Termination codes that mean the job is misconfigured: retrying cannot help. */
const CONFIGURATION = new Set([
  'INVALID_CLUSTER_REQUEST',
  'UNAUTHORIZED_ERROR',
  'RESOURCE_NOT_FOUND',
  'INVALID_RUN_CONFIGURATION',
  'FEATURE_DISABLED',
  'REPOSITORY_CHECKOUT_FAILED',
  'LIBRARY_INSTALLATION_ERROR',
  'DISABLED',
  'BUDGET_POLICY_LIMIT_EXCEEDED',
  'BREAKING_CHANGE',
]);

/** Termination codes of platform, cloud and capacity trouble: worth another attempt. */
const INFRASTRUCTURE = new Set([
  'INTERNAL_ERROR',
  'DRIVER_ERROR',
  'CLUSTER_ERROR',
  'CLOUD_FAILURE',
  'STORAGE_ACCESS_ERROR',
  'WORKSPACE_RUN_LIMIT_EXCEEDED',
  'MAX_CONCURRENT_RUNS_EXCEEDED',
  'CLUSTER_REQUEST_LIMIT_EXCEEDED',
  'MAX_SPARK_CONTEXTS_EXCEEDED',
  'MAX_JOB_QUEUE_SIZE_EXCEEDED',
  'CLUSTER_TERMINATED_BY_USER',
]);

/** Whether a run has ended (TERMINATED is not success: read the outcome). */
export function isTerminalRun(state: RunState): boolean {
  return TERMINAL.has(state.lifeCycleState);
}

/** How a terminal run ended, classified for retries. */
export type RunOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly failureClass: FailureClass; readonly retriable: boolean };

/**
 * Classifies a terminal run from `result_state` and `status.termination_details`: user
 * cancellations and configuration errors are not retried; platform, cloud and capacity
 * failures are; task failures are retried as `run_failed`.
 */
export function runOutcome(state: RunState): RunOutcome {
  const { resultState, terminationCode = '', terminationType = '' } = state;
  if (state.lifeCycleState !== 'INTERNAL_ERROR' && (resultState === 'SUCCESS' || resultState === 'SUCCESS_WITH_FAILURES'))
    return { ok: true };
  if (resultState === 'TIMEDOUT') return { ok: false, failureClass: 'timeout', retriable: true };
  if (resultState === 'CANCELED' || terminationCode === 'USER_CANCELED')
    return { ok: false, failureClass: 'canceled', retriable: false };
  if (CONFIGURATION.has(terminationCode)) return { ok: false, failureClass: 'configuration', retriable: false };
  if (
    state.lifeCycleState === 'INTERNAL_ERROR' ||
    state.lifeCycleState === 'SKIPPED' ||
    INFRASTRUCTURE.has(terminationCode) ||
    terminationType === 'INTERNAL_ERROR' ||
    terminationType === 'CLOUD_FAILURE'
  ) {
    return { ok: false, failureClass: 'infrastructure', retriable: true };
  }
  return { ok: false, failureClass: 'run_failed', retriable: true };
}
