/**
 * When a job with dependencies runs, evaluated once all of them are finished
 * (Databricks `run_if` names in snake case):
 *
 * - `all_success`: every dependency succeeded (default);
 * - `all_done`: every dependency finished, whatever the outcome (cleanup jobs);
 * - `none_failed`: no dependency failed or was canceled, and at least one succeeded;
 * - `at_least_one_success`: one or more dependencies succeeded;
 * - `at_least_one_failed`: one or more dependencies failed or were canceled;
 * - `all_failed`: every dependency failed or was canceled.
 *
 * A job whose rule does not hold is `skipped`, and its own dependents are evaluated in turn.
 * A skipped dependency counts as neither success nor failure.
 */
export type RunIf = 'all_success' | 'all_done' | 'none_failed' | 'at_least_one_success' | 'at_least_one_failed' | 'all_failed';

/** Every {@link RunIf} rule. */
export const RUN_IF_RULES: readonly RunIf[] = Object.freeze([
  'all_success',
  'all_done',
  'none_failed',
  'at_least_one_success',
  'at_least_one_failed',
  'all_failed',
]);
