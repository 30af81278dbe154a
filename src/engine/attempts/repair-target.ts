import type { JobDefinition } from '../../graph/job-definition.js';
import type { JobError } from '../../model/job-error.js';
import type { AttemptResult } from '../run-result.js';
import type { AttemptStart } from '../scheduling/run-scope.js';
import type { RepairTarget, TriggeredRunInfo } from './attempt-work.js';

/**
 * Whether the next attempt of `job` repairs the Databricks run of an attempt that ended
 * with `error`: the job runs on Databricks and did not ask for `repair: 'new_run'`, and the
 * run ended with failed tasks (`run_failed`, `timeout`). A run that never got to its tasks
 * (SKIPPED, INTERNAL_ERROR before any task, a cluster that could not start), a canceled run
 * and a refused one are triggered anew.
 */
export function repairs(
  job: JobDefinition,
  error: JobError | undefined,
  run: TriggeredRunInfo | undefined,
): run is TriggeredRunInfo {
  if (!run || job.kind !== 'databricks' || job.databricks?.repair === 'new_run') return false;
  return error?.class === 'run_failed' || error?.class === 'timeout';
}

/**
 * The run the first attempt of `start` repairs, if it does: the one a resumed attempt was
 * repairing, or that of the last earlier attempt when it failed in its tasks. One decision
 * for what `plan` shows and what `resume` does.
 */
export function firstRepairOf(job: JobDefinition, start: AttemptStart): RepairTarget | undefined {
  if (start.reattach) return undefined;
  if (start.repair) return start.repair;
  const last: AttemptResult | undefined = start.earlier?.at(-1);
  const run = last?.databricksRunId === undefined ? undefined : { runId: last.databricksRunId };
  return repairs(job, last?.error, run) ? { run } : undefined;
}
