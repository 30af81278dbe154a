import type { LogRecord } from '../../adapters/metadata-store.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import { internalsOf, type Pipeline } from '../../graph/pipeline.js';
import { type JobPlan, planResume, type ResumePlan } from './resume-plan.js';

/**
 * The one decision of what a resume does with each job of `pipeline`, given the run's
 * history: `engine.plan({ resume })` shows it and `engine.resume` follows it. It is the log's
 * plan (`planResume`) with one rule of the graph on top: a job that succeeded is kept only
 * if every job it depends on is kept too. When a dependency runs again (it failed, or was
 * skipped or canceled), the job's inputs change, so it runs again as a new attempt, with a
 * new idempotency token — as Databricks' repair does with `rerun_dependent_tasks`.
 */
export function settledResumePlan(pipeline: Pipeline, history: readonly LogRecord[]): ResumePlan {
  const plan = planResume(history);
  const { order, definitions, dependencies } = internalsOf(pipeline);
  const jobs = new Map(plan.jobs);
  const kept = new Uint8Array(definitions.length);
  for (const index of order) {
    const job = definitions[index] as JobDefinition;
    const own = jobs.get(job.key);
    if (own?.kind !== 'keep') continue;
    let upstreamKept = true;
    for (let e = dependencies.offsets[index] as number; e < (dependencies.offsets[index + 1] as number); e++) {
      if (kept[dependencies.targets[e] as number] === 0) upstreamKept = false;
    }
    if (upstreamKept) kept[index] = 1;
    else jobs.set(job.key, rerun(own));
  }
  return { ...plan, jobs };
}

/** A kept job that runs again: the next attempt, its earlier attempts kept in the result. */
function rerun(kept: Extract<JobPlan, { kind: 'keep' }>): JobPlan {
  const attempts = kept.result.attempts;
  return { kind: 'run', firstAttempt: (attempts.at(-1)?.attempt ?? 0) + 1, earlier: attempts };
}
