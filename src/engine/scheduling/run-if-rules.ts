import type { JobStatus } from '../../adapters/metadata-store.js';
import type { Adjacency } from '../../graph/topology.js';
import type { RunIf } from '../../model/run-if.js';

/** Tally of a job's dependencies' final statuses; a skipped one is neither success nor failure. */
export interface DependencyOutcomes {
  readonly total: number;
  readonly succeeded: number;
  /** Failed or canceled. */
  readonly failed: number;
}

/** Tallies the statuses of job `index`'s dependencies; canceled counts as failed. */
export function tally(dependencies: Adjacency, statuses: readonly JobStatus[], index: number): DependencyOutcomes {
  const { offsets, targets } = dependencies;
  const from = offsets[index] as number;
  const to = offsets[index + 1] as number;
  let succeeded = 0;
  let failed = 0;
  for (let e = from; e < to; e++) {
    const status = statuses[targets[e] as number];
    if (status === 'success') succeeded++;
    else if (status === 'failed' || status === 'canceled') failed++;
  }
  return { total: to - from, succeeded, failed };
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
