import type { JobStatus } from '../adapters/metadata-store.js';
import type { JobDefinition } from '../graph/job-definition.js';
import type { JobEnding } from './job-ending.js';
import {
  type AttemptStart,
  type AttemptsEnded,
  attemptsOf,
  type JobOutcome,
  type RunScope,
  runJobAttempts,
} from './job-runner.js';
import { runIdsOf, type TableGuard } from './table-guard.js';

/** How a guarded job ended, and everything its result holds. */
interface JobEnd {
  readonly status: JobStatus;
  readonly ending: JobEnding;
}

/** Receives how job `index` ended. */
export type JobEnded = (index: number, status: JobStatus, ending: JobEnding) => void;

/**
 * How the jobs of a run go from start to end: the snapshot of the tables a job writes, its
 * attempts, its checks once it succeeds, and the restore of its tables when it fails for good
 * (`rollback: 'job'`), all before `onEnd` hears of its end (and releases its dependents).
 */
export class JobLifecycle {
  readonly #scope: RunScope;
  readonly #guard: TableGuard;
  readonly #onEnd: JobEnded;
  readonly #attemptsEnded: AttemptsEnded = (index, outcome) => this.#end(index, statusOf(outcome), outcome);

  constructor(scope: RunScope, guard: TableGuard, onEnd: JobEnded) {
    this.#scope = scope;
    this.#guard = guard;
    this.#onEnd = onEnd;
  }

  /** Runs job `index` from `start`; `onEnd` is called once it has ended. */
  run(index: number, job: JobDefinition, start: AttemptStart): void {
    // Most jobs write no tables and have no checks: their end is their attempts' outcome.
    if (job.writes.length === 0 && job.checks.length === 0) {
      runJobAttempts(this.#scope, index, job, start, this.#attemptsEnded);
    } else {
      void runGuardedJob(this.#scope, index, job, start, this.#guard).then(({ status, ending }) =>
        this.#end(index, status, ending),
      );
    }
  }

  /** Hands a job's end over; the run stops if it cannot take it (ends arrive in callbacks, where a throw would be lost). */
  #end(index: number, status: JobStatus, ending: JobEnding): void {
    try {
      this.#onEnd(index, status, ending);
    } catch (error) {
      this.#scope.fatal(error);
    }
  }
}

function statusOf(outcome: JobOutcome): JobStatus {
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
    let outcome: JobOutcome = await attemptsOf(scope, index, job, start);
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
