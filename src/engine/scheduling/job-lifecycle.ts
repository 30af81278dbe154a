import type { JobStatus } from '../../adapters/metadata-store.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import { classifyError } from '../attempts/classify-error.js';
import { runJobAttempts } from '../attempts/job-attempts.js';
import { runIdsOf, type TableGuard } from '../tables/table-guard.js';
import type { JobEnding } from './job-ending.js';
import type { AttemptStart, JobOutcome, RunScope } from './run-scope.js';

/** How a job ended, and everything its result holds. */
export interface JobEnd {
  readonly status: JobStatus;
  readonly ending: JobEnding;
}

/**
 * A job from start to end: the snapshot of the tables it writes, its attempts, its checks
 * once it succeeds, and the restore of its tables when it fails for good (`rollback: 'job'`).
 * Never rejects: when the log fails the run stops (`scope.fatal`) and the job ends failed.
 */
export async function runJob(
  scope: RunScope,
  guard: TableGuard,
  index: number,
  job: JobDefinition,
  start: AttemptStart,
): Promise<JobEnd> {
  try {
    if (job.writes.length > 0) {
      const failure = await guard.snapshot(index, job);
      if (failure) return { status: 'failed', ending: { ok: false, attempts: start.earlier ?? [], error: failure } };
    }
    let outcome: JobOutcome = await runJobAttempts(scope, index, job, start);
    let checks: JobEnding['checks'];
    if (outcome.ok && job.checks.length > 0) {
      const verdict = await guard.check(index, job, outcome.value, outcome.attempts.at(-1)?.attempt ?? 0);
      checks = verdict.results;
      if (verdict.failure) outcome = { ...outcome, ok: false, error: verdict.failure };
    }
    const status = statusOf(outcome);
    const ending: JobEnding = checks ? { ...outcome, checks } : outcome;
    // A canceled attempt may have written too; a job that never started has nothing to undo.
    const undo = job.rollback === 'job' && (status === 'failed' || (status === 'canceled' && outcome.attempts.length > 0));
    if (!undo || job.writes.length === 0) return { status, ending };
    const attempt = outcome.attempts.at(-1)?.attempt ?? 0;
    const rollback = await guard.restore(index, job, status, 'job', runIdsOf(outcome.attempts), attempt);
    return { status, ending: rollback ? { ...ending, rollback } : ending };
  } catch (error) {
    // Only the log (or a broken invariant) fails here: strategies and checks report their own trouble.
    scope.fatal(error);
    return { status: 'failed', ending: { ok: false, attempts: start.earlier ?? [], error: classifyError(error) } };
  }
}

function statusOf(outcome: JobOutcome): JobStatus {
  return outcome.ok ? 'success' : outcome.error?.class === 'canceled' ? 'canceled' : 'failed';
}
