import { type ApiAnswer, apiError } from './api-answer.js';
import { type EmulatedRun, taskResults } from './run-state.js';
import { type TaskResult, withDependents } from './task-graph.js';

/**
 * What a `runs/repair` request reruns — the given tasks, or every one that did not succeed,
 * with their dependents when `rerun_dependent_tasks` — or why Databricks refuses it: a
 * `latest_repair_id` that is not the run's latest repair (or missing after a first repair,
 * or set before one), an unknown task, nothing to rerun.
 */
export function repairTarget(
  run: EmulatedRun,
  body: Record<string, unknown>,
): { error: ApiAnswer } | { rerun: Set<string>; results: Map<string, TaskResult> } {
  const latest = run.segments.at(-1)?.plan.repairId ?? 0;
  const given = body.latest_repair_id === undefined ? 0 : Number(body.latest_repair_id);
  if (given !== latest) {
    const message =
      latest === 0
        ? `Run ${run.runId} has not been repaired yet; latest_repair_id must not be set.`
        : `The latest repair of run ${run.runId} is ${latest}, not ${String(body.latest_repair_id ?? 'unset')}: it was repaired meanwhile.`;
    return { error: apiError(400, 'INVALID_PARAMETER_VALUE', message) };
  }
  const results = taskResults(run);
  const keys = Array.isArray(body.rerun_tasks)
    ? body.rerun_tasks.map(String)
    : body.rerun_all_failed_tasks === true
      ? run.tasks.filter((task) => !['SUCCESS', 'EXCLUDED'].includes(results.get(task.taskKey) ?? '')).map((t) => t.taskKey)
      : [];
  const unknown = keys.find((key) => !run.tasks.some((task) => task.taskKey === key));
  if (unknown !== undefined) {
    return { error: apiError(400, 'INVALID_PARAMETER_VALUE', `Task ${unknown} is not a task of run ${run.runId}.`) };
  }
  if (keys.length === 0) {
    return { error: apiError(400, 'INVALID_PARAMETER_VALUE', 'Nothing to repair: give rerun_tasks or rerun_all_failed_tasks.') };
  }
  return { rerun: body.rerun_dependent_tasks === true ? withDependents(run.tasks, keys) : new Set(keys), results };
}
