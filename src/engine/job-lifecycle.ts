import type { JobStatus } from '../adapters/metadata-store.js';
import type { JobDefinition } from '../graph/job-definition.js';
import type { JobEnding } from './job-ending.js';
import { type AttemptStart, type JobOutcome, type RunScope, runJobAttempts } from './job-runner.js';
import { runIdsOf, type TableGuard } from './table-guard.js';

/** How a job ended, and everything its result holds. */
export interface JobEnd {
  readonly status: JobStatus;
  readonly ending: JobEnding;
}

/**
 * One job from start to end: the snapshot of the tables it writes, its attempts, its checks
 * once it succeeds, and the restore of its tables when it fails for good (`rollback: 'job'`),
 * all before its dependents are released.
 */
export function runJob(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  start: AttemptStart,
  guard: TableGuard,
): Promise<JobEnd> {
  // Most jobs write no tables and have no checks: their end is their attempts' outcome.
  if (job.writes.length === 0 && job.checks.length === 0) return runJobAttempts(scope, index, job, start).then(endOf);
  return runGuardedJob(scope, index, job, start, guard);
}

function endOf(outcome: JobOutcome): JobEnd {
  return { status: statusOf(outcome), ending: outcome };
}

function statusOf(outcome: JobOutcome): JobEnd['status'] {
  return outcome.ok ? 'success' : outcome.error?.class === 'canceled' ? 'canceled' : 'failed';
}

async function runGuardedJob(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  start: AttemptStart,
  guard: TableGuard,
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
    // Only the log can fail here (strategies and checks report their own trouble).
    scope.fatal(error);
    return {
      status: 'failed',
      ending: { ok: false, attempts: start.earlier ?? [], error: { class: 'api', message: String(error), retriable: false } },
    };
  }
}
