import type { TableVersion } from '../../adapters/rollback-strategy.js';
import type { Pipeline } from '../../graph/pipeline.js';
import { firstRepairOf } from '../attempts/repair-target.js';
import { attemptStartOf, type ResumePlan } from './resume-plan.js';

/** What a run would do with one job. */
export interface PlannedJob {
  /**
   * `run`: run it (from `attempt`); `keep`: it succeeded, keep its result; `reattach`: watch
   * the Databricks run its attempt started; `repeat`: make the same attempt again (same
   * idempotency token); `repair`: repair the Databricks run an earlier attempt left with
   * failed tasks (`databricksRunId`), rerunning those and their dependents.
   */
  readonly action: 'run' | 'keep' | 'reattach' | 'repeat' | 'repair';
  /** The attempt it would start with (or re-attach to). */
  readonly attempt: number;
  /** The Databricks run a `reattach` watches, or a `repair` repairs. */
  readonly databricksRunId?: number;
  /** Tables and versions it would be restored to if it fails (its snapshot), when taken. */
  readonly restoresTo?: readonly TableVersion[];
  /** Jobs it waits for. */
  readonly after: readonly string[];
}

/** What `engine.run` or `engine.resume` would do, job by job, in topological order. */
export interface RunPlan {
  readonly pipeline: string;
  /** The run being resumed, if any. */
  readonly runId?: string;
  readonly jobs: ReadonlyMap<string, PlannedJob>;
  /** Jobs whose restore a crash interrupted: the resume finishes those first, in this order. */
  readonly finishesRestores: readonly string[];
}

/** The plan of a pipeline, fresh or resuming `resume`. */
export function planRun(pipeline: Pipeline, resume?: { readonly runId: string; readonly plan: ResumePlan }): RunPlan {
  const jobs = new Map<string, PlannedJob>();
  for (const key of pipeline.order) {
    const job = pipeline.jobs.get(key);
    const plan = resume?.plan.jobs.get(key);
    const snapshot = resume?.plan.snapshots.get(key);
    const base = { after: job?.after ?? [], ...(snapshot ? { restoresTo: snapshot.tables } : {}) };
    const repair = job && plan ? firstRepairOf(job, attemptStartOf(plan)) : undefined;
    if (!plan) jobs.set(key, Object.freeze({ action: 'run', attempt: 1, ...base }));
    else if (repair && plan.kind !== 'keep') {
      const attempt = plan.kind === 'run' ? plan.firstAttempt : plan.attempt;
      jobs.set(key, Object.freeze({ action: 'repair', attempt, databricksRunId: repair.run.runId, ...base }));
    } else if (plan.kind === 'keep')
      jobs.set(key, Object.freeze({ action: 'keep', attempt: plan.result.attempts.at(-1)?.attempt ?? 1, ...base }));
    else if (plan.kind === 'reattach') {
      jobs.set(key, Object.freeze({ action: 'reattach', attempt: plan.attempt, databricksRunId: plan.run.runId, ...base }));
    } else if (plan.kind === 'repeat') jobs.set(key, Object.freeze({ action: 'repeat', attempt: plan.attempt, ...base }));
    else jobs.set(key, Object.freeze({ action: 'run', attempt: plan.firstAttempt, ...base }));
  }
  const finishesRestores = Object.freeze((resume?.plan.interruptedRestores ?? []).map((restore) => restore.job));
  return Object.freeze({ pipeline: pipeline.name, ...(resume ? { runId: resume.runId } : {}), jobs, finishesRestores });
}
