import type { ScriptedJob, ScriptedTask } from './emulator-options.js';
import type { Segment, TaskAttempt, TaskPlan, TaskResult } from './task-graph.js';

/** One execution of a run's tasks: the original one, or a repair, with its own cancellation. */
export interface RunSegment {
  readonly plan: Segment;
  /** When a repair started (absolute); `undefined` for the original, which starts with the run. */
  readonly at: number | undefined;
  canceledAt: number | undefined;
}

/** One run in the emulated workspace: a graph of tasks, run once and repaired any number of times. */
export interface EmulatedRun {
  readonly runId: number;
  readonly jobId: number | undefined;
  readonly runName: string;
  readonly runType: 'JOB_RUN' | 'SUBMIT_RUN';
  readonly createdAt: number;
  readonly script: ScriptedJob;
  readonly tasks: readonly TaskPlan[];
  /** Each task's script (errors, outputs, writes), by key. */
  readonly taskScripts: ReadonlyMap<string, ScriptedTask>;
  readonly jobParameters: Readonly<Record<string, string>>;
  /** The original execution and its repairs, in order. */
  readonly segments: RunSegment[];
  /** When the latest segment was canceled. */
  canceledAt: number | undefined;
  /** When the run leaves the queue (its creation, unless `max_concurrent_runs` held it). */
  startAt: number;
  /** Ended SKIPPED at once: its job was at `max_concurrent_runs` with queueing off. */
  readonly skipped?: boolean;
  /** Task runs whose scripted `writes` are in the tables. */
  readonly written: Set<number>;
}

/** Emulated milliseconds a canceled run spends TERMINATING. */
const CANCEL_MS = 200;

/** An attempt as it happened (or will), in absolute time, a cancellation applied. */
export interface PlacedAttempt {
  readonly attempt: TaskAttempt;
  readonly start: number;
  readonly end: number;
  /** Its outcome, or CANCELED when the run was canceled while it ran. */
  readonly result: TaskResult;
  /** Canceled before it started: it never ran. */
  readonly never: boolean;
}

/** Where segment `index` starts, in absolute emulated time. */
function startOf(run: EmulatedRun, index: number): number {
  const segment = run.segments[index] as RunSegment;
  return segment.at ?? run.startAt + (run.script.pendingMs ?? 0);
}

/** The attempts of segment `index`, placed in time, its cancellation applied. */
export function placedAttempts(run: EmulatedRun, index: number): PlacedAttempt[] {
  const segment = run.segments[index] as RunSegment;
  const base = startOf(run, index);
  const canceled = segment.canceledAt ?? (index === run.segments.length - 1 ? run.canceledAt : undefined);
  return segment.plan.attempts.flatMap((attempt): PlacedAttempt[] => {
    const start = base + attempt.start;
    const end = base + attempt.end;
    if (canceled === undefined || canceled >= end) return [{ attempt, start, end, result: attempt.outcome, never: false }];
    if (canceled > start) return [{ attempt, start, end: canceled + CANCEL_MS, result: 'CANCELED' as const, never: false }];
    // Canceled before it started: a first attempt shows as canceled, a retry never happens.
    return attempt.attemptNumber === 0 ? [{ attempt, start: canceled, end: canceled, result: 'CANCELED', never: true }] : [];
  });
}

/** When segment `index` ends (its last task), a cancellation applied. */
function endOf(run: EmulatedRun, index: number): number {
  const segment = run.segments[index] as RunSegment;
  const canceled = segment.canceledAt ?? (index === run.segments.length - 1 ? run.canceledAt : undefined);
  const natural = startOf(run, index) + segment.plan.length;
  if (canceled === undefined || canceled >= natural) return natural;
  return Math.max(canceled, ...placedAttempts(run, index).map((placed) => placed.end));
}

/** Each task's latest result at the end of the run so far (repairs override what they rerun). */
export function taskResults(run: EmulatedRun): Map<string, TaskResult> {
  const results = new Map<string, TaskResult>();
  run.segments.forEach((segment, index) => {
    const canceled = segment.canceledAt ?? (index === run.segments.length - 1 ? run.canceledAt : undefined);
    const base = startOf(run, index);
    for (const skip of segment.plan.skips) {
      results.set(skip.taskKey, canceled !== undefined && canceled <= base + skip.at ? 'CANCELED' : skip.result);
    }
    for (const placed of placedAttempts(run, index)) results.set(placed.attempt.taskKey, placed.result);
  });
  return results;
}

/** When a run stops holding a slot of its job (ignoring its own queueing). */
function slotEnd(run: EmulatedRun): number {
  if (run.canceledAt !== undefined && run.canceledAt < run.startAt) return run.canceledAt;
  return endOf(run, run.segments.length - 1) + (run.script.terminatingMs ?? 0);
}

/**
 * Sets `startAt` of a job's runs (in creation order) so that at most `max` hold a slot at
 * once: a run starts at its creation, or when enough earlier runs have ended.
 */
export function scheduleRuns(runs: readonly EmulatedRun[], max: number): void {
  const scheduled: EmulatedRun[] = [];
  for (const run of runs) {
    if (run.skipped) continue;
    const candidates = [run.createdAt, ...scheduled.map(slotEnd).filter((end) => end > run.createdAt)].sort((a, b) => a - b);
    const busyAt = (t: number) =>
      scheduled.filter(
        (other) =>
          other.startAt <= t && slotEnd(other) > t && !(other.canceledAt !== undefined && other.canceledAt < other.startAt),
      ).length;
    run.startAt = candidates.find((t) => busyAt(t) < max) ?? run.createdAt;
    if (run.canceledAt !== undefined && run.canceledAt < run.startAt) run.startAt = Number.POSITIVE_INFINITY;
    scheduled.push(run);
  }
}

/** Whether the run holds a slot of its job at `now` (it started and has not ended). */
export function holdsSlot(run: EmulatedRun, now: number): boolean {
  return !run.skipped && run.startAt <= now && slotEnd(run) > now;
}

/** Where a run is at emulated time `now`, in both the legacy and the new vocabulary. */
export interface RunPhase {
  readonly lifeCycleState: 'QUEUED' | 'PENDING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED' | 'INTERNAL_ERROR' | 'SKIPPED';
  readonly statusState: 'QUEUED' | 'PENDING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED';
  readonly resultState?: 'SUCCESS' | 'FAILED' | 'TIMEDOUT' | 'CANCELED' | 'SUCCESS_WITH_FAILURES';
  readonly termination?: { readonly code: string; readonly type: string; readonly message: string };
  readonly startTime: number;
  /** 0 until terminal, as the API does. */
  readonly endTime: number;
  readonly message: string;
}

const CANCELED = {
  lifeCycleState: 'TERMINATED',
  statusState: 'TERMINATED',
  resultState: 'CANCELED',
  termination: { code: 'USER_CANCELED', type: 'SUCCESS', message: 'Run was canceled by a user' },
  message: 'Run was canceled by a user',
} as const;

/** Computes a run's phase from its segments and the clock (nothing is stored per tick). */
export function phaseOf(run: EmulatedRun, now: number): RunPhase {
  const base = { startTime: run.createdAt, endTime: 0 };
  if (run.skipped) {
    const message = `Skipping this run because the limit of ${Number(run.script.maxConcurrentRuns ?? 1)} maximum concurrent runs has been reached.`;
    return {
      ...base,
      endTime: run.createdAt,
      lifeCycleState: 'SKIPPED',
      statusState: 'TERMINATED',
      termination: { code: 'MAX_CONCURRENT_RUNS_EXCEEDED', type: 'CLIENT_ERROR', message },
      message,
    };
  }
  const last = run.segments.length - 1;
  if (run.canceledAt !== undefined && run.canceledAt < run.startAt && now >= run.canceledAt) {
    return { ...base, endTime: run.canceledAt, ...CANCELED }; // canceled while queued
  }
  if (now < run.startAt) {
    const message = 'Queued: the maximum number of concurrent runs is reached';
    return { ...base, lifeCycleState: 'QUEUED', statusState: 'QUEUED', message };
  }
  if (now < startOf(run, 0))
    return { ...base, lifeCycleState: 'PENDING', statusState: 'PENDING', message: 'Waiting for cluster' };
  const end = endOf(run, last);
  const canceled =
    run.canceledAt !== undefined && run.canceledAt < startOf(run, last) + (run.segments[last] as RunSegment).plan.length;
  if (now < end) {
    if (canceled && now >= (run.canceledAt as number))
      return { ...base, lifeCycleState: 'TERMINATING', statusState: 'TERMINATING', message: 'Run is being canceled' };
    return { ...base, lifeCycleState: 'RUNNING', statusState: 'RUNNING', message: '' };
  }
  if (canceled) return { ...base, endTime: end, ...CANCELED };
  const cleanedUp = end + (run.script.terminatingMs ?? 0);
  if (now < cleanedUp) return { ...base, lifeCycleState: 'TERMINATING', statusState: 'TERMINATING', message: 'Cleaning up' };
  return { ...base, endTime: cleanedUp, ...outcomeOf(run) };
}

/** A terminal phase: the result, the termination code and type, and the message. */
function ended(
  resultState: NonNullable<RunPhase['resultState']>,
  code: string,
  type: string,
  message: string,
  lifeCycleState: RunPhase['lifeCycleState'] = 'TERMINATED',
): Omit<RunPhase, 'startTime' | 'endTime'> {
  return { lifeCycleState, statusState: 'TERMINATED', resultState, termination: { code, type, message }, message };
}

/** The run's result from its tasks' results, as Databricks computes it. */
function outcomeOf(run: EmulatedRun): Omit<RunPhase, 'startTime' | 'endTime'> {
  const results = taskResults(run);
  const leaves = run.tasks.filter((task) => !run.tasks.some((other) => other.dependsOn.includes(task.taskKey)));
  const failedTask = run.tasks.find((task) => ['FAILED', 'TIMEDOUT', 'INTERNAL_ERROR'].includes(results.get(task.taskKey) ?? ''));
  const failedLeaf = leaves.some((task) => !['SUCCESS', 'EXCLUDED'].includes(results.get(task.taskKey) ?? 'SUCCESS'));
  if (!failedTask && !failedLeaf) return ended('SUCCESS', 'SUCCESS', 'SUCCESS', '');
  if (!failedLeaf) return ended('SUCCESS_WITH_FAILURES', 'SUCCESS', 'SUCCESS', 'Some tasks failed; every leaf task succeeded');
  const key = failedTask?.taskKey ?? 'main';
  const result = results.get(key);
  if (result === 'INTERNAL_ERROR') return ended('FAILED', 'INTERNAL_ERROR', 'INTERNAL_ERROR', 'Internal error', 'INTERNAL_ERROR');
  if (result === 'TIMEDOUT') return ended('TIMEDOUT', 'CANCELED', 'CLIENT_ERROR', 'Run timed out');
  const error = run.taskScripts.get(key)?.errorMessage ?? 'Job failed';
  const message =
    run.tasks.length === 1
      ? error
      : `Task ${key} failed with message: ${error}. This caused all downstream tasks to get skipped.`;
  return ended('FAILED', 'RUN_EXECUTION_ERROR', 'CLIENT_ERROR', message);
}

/** Whether the run has reached a terminal state at `now`. */
export function isTerminal(run: EmulatedRun, now: number): boolean {
  return phaseOf(run, now).endTime !== 0;
}
