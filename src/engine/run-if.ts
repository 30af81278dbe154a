import type { RunIf } from '../builder/job-spec.js';

/** Tally of a job's dependencies' final statuses; a skipped one is neither success nor failure. */
export interface DependencyOutcomes {
  readonly total: number;
  readonly succeeded: number;
  /** Failed or canceled. */
  readonly failed: number;
}

/** Whether a job with rule `rule` runs, given its dependencies' outcomes (always, for roots). */
export function runIfHolds(rule: RunIf, { total, succeeded, failed }: DependencyOutcomes): boolean {
  if (total === 0) return true;
  switch (rule) {
    case 'all_success':
      return succeeded === total;
    case 'all_done':
      return true;
    case 'none_failed':
      return failed === 0 && succeeded > 0;
    case 'at_least_one_success':
      return succeeded > 0;
    case 'at_least_one_failed':
      return failed > 0;
    case 'all_failed':
      return failed === total;
  }
}
