import type { ScriptedOutcome, ScriptedTaskRunIf } from './emulator-options.js';

/** A task of an emulated run, its script normalized. */
export interface TaskPlan {
  readonly taskKey: string;
  readonly dependsOn: readonly string[];
  readonly runIf: ScriptedTaskRunIf;
  readonly durationMs: number;
  readonly maxRetries: number;
  readonly minRetryIntervalMs: number;
  readonly retryOnTimeout: boolean;
}

/** How a task ended, as `tasks[].state.result_state` says (INTERNAL_ERROR is a life-cycle state). */
export type TaskResult = ScriptedOutcome | 'CANCELED' | 'UPSTREAM_FAILED' | 'UPSTREAM_CANCELED' | 'EXCLUDED';

/** One execution of a task: its own task run id and `attempt_number`. */
export interface TaskAttempt {
  readonly taskKey: string;
  readonly attemptNumber: number;
  readonly runId: number;
  /** Start and end, relative to the segment's start. */
  readonly start: number;
  readonly end: number;
  readonly outcome: ScriptedOutcome;
}

/** A task a segment did not run: its `run_if` did not hold. */
export interface TaskSkip {
  readonly taskKey: string;
  readonly runId: number;
  /** When it was decided, relative to the segment's start. */
  readonly at: number;
  readonly result: 'UPSTREAM_FAILED' | 'UPSTREAM_CANCELED' | 'EXCLUDED';
}

/** The original execution of a run, or one repair of it. */
export interface Segment {
  /** 0 for the original run, else the repair id. */
  readonly repairId: number;
  /** The task keys it (re)ran. */
  readonly tasks: readonly string[];
  readonly attempts: readonly TaskAttempt[];
  readonly skips: readonly TaskSkip[];
  /** When its last task ended, relative to its start. */
  readonly length: number;
}

/** What drives a segment's plan: the next outcome of a task (its job's counter), and fresh ids. */
export interface SegmentSource {
  nextOutcome(taskKey: string): ScriptedOutcome;
  nextRunId(): number;
}

const FAILED = new Set<TaskResult>(['FAILED', 'TIMEDOUT', 'INTERNAL_ERROR', 'UPSTREAM_FAILED']);

/** Whether a task whose dependencies ended with `results` runs, by its `run_if` (Databricks' rules). */
export function runIfHolds(runIf: ScriptedTaskRunIf, results: readonly TaskResult[]): boolean {
  const succeeded = results.filter((r) => r === 'SUCCESS').length;
  const failed = results.filter((r) => FAILED.has(r)).length;
  switch (runIf) {
    case 'ALL_SUCCESS':
      return succeeded === results.length;
    case 'AT_LEAST_ONE_SUCCESS':
      return results.length === 0 || succeeded > 0;
    case 'NONE_FAILED':
      return failed === 0 && !results.includes('CANCELED') && !results.includes('UPSTREAM_CANCELED');
    case 'ALL_DONE':
      return true;
    case 'AT_LEAST_ONE_FAILED':
      return failed > 0;
    case 'ALL_FAILED':
      return results.length > 0 && failed === results.length;
  }
}

/**
 * Plans a segment: the tasks of `rerun`, in dependency order from time 0, each after its
 * dependencies ended — run with the workspace's own retries (`max_retries`, the retry
 * interval, `retry_on_timeout`), or skipped when its `run_if` does not hold. Dependencies
 * outside `rerun` count with their result in `prior`.
 */
export function planSegment(
  tasks: readonly TaskPlan[],
  rerun: ReadonlySet<string>,
  prior: ReadonlyMap<string, TaskResult>,
  source: SegmentSource,
  repairId: number,
): Segment {
  const ended = new Map<string, { at: number; result: TaskResult }>();
  const attempts: TaskAttempt[] = [];
  const skips: TaskSkip[] = [];
  for (const task of topological(tasks)) {
    if (!rerun.has(task.taskKey)) continue;
    const deps = task.dependsOn.map((key) => ended.get(key) ?? { at: 0, result: prior.get(key) ?? 'SUCCESS' });
    const ready = Math.max(0, ...deps.map((dep) => dep.at));
    const results = deps.map((dep) => dep.result);
    if (!runIfHolds(task.runIf, results)) {
      const result =
        task.runIf === 'ALL_SUCCESS' && results.some((r) => FAILED.has(r))
          ? 'UPSTREAM_FAILED'
          : results.some((r) => r === 'CANCELED' || r === 'UPSTREAM_CANCELED')
            ? 'UPSTREAM_CANCELED'
            : 'EXCLUDED';
      skips.push({ taskKey: task.taskKey, runId: source.nextRunId(), at: ready, result });
      ended.set(task.taskKey, { at: ready, result });
      continue;
    }
    let start = ready;
    for (let attemptNumber = 0; ; attemptNumber++) {
      const outcome = source.nextOutcome(task.taskKey);
      const end = start + task.durationMs;
      attempts.push({ taskKey: task.taskKey, attemptNumber, runId: source.nextRunId(), start, end, outcome });
      const retriable = outcome === 'FAILED' || outcome === 'INTERNAL_ERROR' || (outcome === 'TIMEDOUT' && task.retryOnTimeout);
      if (!retriable || attemptNumber >= task.maxRetries) {
        ended.set(task.taskKey, { at: end, result: outcome });
        break;
      }
      start = end + task.minRetryIntervalMs;
    }
  }
  const length = Math.max(0, ...[...ended.values()].map((end) => end.at));
  return { repairId, tasks: [...rerun], attempts, skips, length };
}

/** Tasks in an order where each comes after those it depends on (the job's order among equals). */
function topological(tasks: readonly TaskPlan[]): TaskPlan[] {
  const done = new Set<string>();
  const order: TaskPlan[] = [];
  const visit = (task: TaskPlan, path: Set<string>) => {
    if (done.has(task.taskKey)) return;
    if (path.has(task.taskKey)) throw new Error(`task ${task.taskKey} depends on itself`);
    path.add(task.taskKey);
    for (const key of task.dependsOn) {
      const dependency = tasks.find((candidate) => candidate.taskKey === key);
      if (dependency) visit(dependency, path);
    }
    done.add(task.taskKey);
    order.push(task);
  };
  for (const task of tasks) visit(task, new Set());
  return order;
}

/** The tasks `rerun_dependent_tasks` adds: every task downstream of one in `keys`. */
export function withDependents(tasks: readonly TaskPlan[], keys: Iterable<string>): Set<string> {
  const all = new Set(keys);
  for (let grew = true; grew; ) {
    grew = false;
    for (const task of tasks) {
      if (!all.has(task.taskKey) && task.dependsOn.some((key) => all.has(key))) {
        all.add(task.taskKey);
        grew = true;
      }
    }
  }
  return all;
}
