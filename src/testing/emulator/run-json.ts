import { type EmulatedRun, type PlacedAttempt, phaseOf, placedAttempts, type RunPhase, type RunSegment } from './run-state.js';

/** Task entries per page of `runs/get`, as Jobs API 2.2 pages them. */
export const TASKS_PER_PAGE = 100;

/** How a run's answer is written. */
export interface RunJsonOptions {
  readonly baseUrl: string;
  /** Leave the deprecated `state` out. */
  readonly omitState?: boolean;
  /** The page of `tasks` (from `next_page_token`). */
  readonly pageToken?: string | null;
}

/** The `state` and `status` objects of a phase, legacy and new vocabulary agreeing. */
function stateOf(phase: Pick<RunPhase, 'lifeCycleState' | 'statusState' | 'resultState' | 'termination' | 'message'>) {
  const state = {
    life_cycle_state: phase.lifeCycleState,
    ...(phase.resultState ? { result_state: phase.resultState } : {}),
    state_message: phase.message,
    user_cancelled_or_timedout: phase.resultState === 'CANCELED' || phase.resultState === 'TIMEDOUT',
  };
  const status = {
    state: phase.statusState,
    ...(phase.termination ? { termination_details: phase.termination } : {}),
    ...(phase.statusState === 'QUEUED' ? { queue_details: { code: 'MAX_CONCURRENT_RUNS_REACHED', message: phase.message } } : {}),
  };
  return { state, status };
}

/** Where one task attempt is at `now`. */
function attemptPhase(placed: PlacedAttempt, now: number, message: string): RunPhase {
  const base = { startTime: placed.never ? 0 : placed.start, endTime: 0 };
  if (!placed.never && now < placed.start) return { ...base, lifeCycleState: 'PENDING', statusState: 'PENDING', message: '' };
  if (now < placed.end) {
    return placed.result === 'CANCELED'
      ? { ...base, lifeCycleState: 'TERMINATING', statusState: 'TERMINATING', message: 'Run is being canceled' }
      : { ...base, lifeCycleState: 'RUNNING', statusState: 'RUNNING', message: '' };
  }
  const result = placed.result;
  const internal = result === 'INTERNAL_ERROR';
  const resultState = internal ? 'FAILED' : (result as RunPhase['resultState']);
  const text = result === 'SUCCESS' ? '' : result === 'CANCELED' ? 'Run was canceled by a user' : message;
  return {
    ...base,
    endTime: placed.end,
    lifeCycleState: internal ? 'INTERNAL_ERROR' : 'TERMINATED',
    statusState: 'TERMINATED',
    ...(resultState ? { resultState } : {}),
    termination: {
      code:
        result === 'SUCCESS'
          ? 'SUCCESS'
          : result === 'CANCELED'
            ? 'USER_CANCELED'
            : internal
              ? 'INTERNAL_ERROR'
              : 'RUN_EXECUTION_ERROR',
      type: result === 'SUCCESS' || result === 'CANCELED' ? 'SUCCESS' : internal ? 'INTERNAL_ERROR' : 'CLIENT_ERROR',
      message: text,
    },
    message: text,
  };
}

/** Every task entry of a run at `now`: one per attempt made (retries and repairs each add one), then tasks not run. */
export function taskEntries(run: EmulatedRun, now: number, baseUrl: string): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  const page = (id: number) => `${baseUrl}/?o=0#job/${run.jobId ?? 0}/run/${id}`;
  run.segments.forEach((segment: RunSegment, index) => {
    for (const placed of placedAttempts(run, index)) {
      const { attempt } = placed;
      // Retries not started yet are not listed; a first attempt waiting for its dependencies is BLOCKED.
      if (attempt.attemptNumber > 0 && now < placed.start) continue;
      const task = run.tasks.find((t) => t.taskKey === attempt.taskKey);
      const phase = attemptPhase(placed, now, run.taskScripts.get(attempt.taskKey)?.errorMessage ?? 'Workload failed');
      const blocked = attempt.attemptNumber === 0 && now < placed.start && (task?.dependsOn.length ?? 0) > 0;
      const { state, status } = stateOf(blocked ? { ...phase, lifeCycleState: 'BLOCKED' as RunPhase['lifeCycleState'] } : phase);
      // `attempt_number` counts the workspace's retries within one execution of the run: a
      // repair's task runs start again at 0 (repair_history says which run is whose).
      const number = attempt.attemptNumber;
      entries.push({
        task_key: attempt.taskKey,
        run_id: attempt.runId,
        attempt_number: number,
        ...(task && task.dependsOn.length > 0
          ? { depends_on: task.dependsOn.map((key) => ({ task_key: key })), run_if: task.runIf }
          : {}),
        state,
        status,
        start_time: phase.startTime,
        end_time: phase.endTime,
        run_duration: phase.startTime === 0 ? 0 : (phase.endTime || now) - phase.startTime,
        run_page_url: page(attempt.runId),
      });
    }
    const base = segment.at ?? run.startAt + (run.script.pendingMs ?? 0);
    for (const skip of segment.plan.skips) {
      const decided = now >= base + skip.at;
      const canceled = run.canceledAt !== undefined && index === run.segments.length - 1 && run.canceledAt <= base + skip.at;
      const result = canceled ? 'CANCELED' : skip.result;
      const { state, status } = stateOf(
        decided || canceled
          ? {
              lifeCycleState: 'TERMINATED',
              statusState: 'TERMINATED',
              resultState: result as NonNullable<RunPhase['resultState']>,
              message: `Task skipped: ${result}`,
            }
          : { lifeCycleState: 'BLOCKED' as RunPhase['lifeCycleState'], statusState: 'PENDING', message: '' },
      );
      entries.push({
        task_key: skip.taskKey,
        run_id: skip.runId,
        attempt_number: 0,
        state,
        status,
        start_time: 0,
        end_time: 0,
        run_page_url: page(skip.runId),
      });
    }
  });
  return entries;
}

/** The `runs/get` JSON of a run, with consistent legacy `state` and new `status`, tasks paged. */
export function runJson(run: EmulatedRun, now: number, options: RunJsonOptions): Record<string, unknown> {
  const phase = phaseOf(run, now);
  const { state, status } = stateOf(phase);
  const duration = (phase.endTime || now) - phase.startTime;
  const tasks = taskEntries(run, now, options.baseUrl);
  const offset = options.pageToken ? Number(Buffer.from(options.pageToken, 'base64url').toString()) || 0 : 0;
  const more = offset + TASKS_PER_PAGE < tasks.length;
  const parameters = Object.entries(run.jobParameters).map(([name, value]) => ({ name, value }));
  const repairs = run.segments.slice(1);
  return {
    ...(run.jobId === undefined ? {} : { job_id: run.jobId }),
    run_id: run.runId,
    number_in_job: run.runId,
    original_attempt_run_id: run.runId,
    run_name: run.runName,
    run_type: run.runType,
    run_page_url: `${options.baseUrl}/?o=0#job/${run.jobId ?? 0}/run/${run.runId}`,
    trigger: 'ONE_TIME',
    attempt_number: 0,
    ...(options.omitState ? {} : { state }),
    status,
    start_time: phase.startTime,
    end_time: phase.endTime,
    setup_duration: 0,
    execution_duration: 0,
    cleanup_duration: 0,
    run_duration: duration,
    queue_duration: 0,
    ...(parameters.length > 0 ? { job_parameters: parameters } : {}),
    tasks: tasks.slice(offset, offset + TASKS_PER_PAGE),
    ...(more ? { next_page_token: Buffer.from(String(offset + TASKS_PER_PAGE)).toString('base64url') } : {}),
    ...(repairs.length > 0
      ? {
          repair_history: [
            {
              type: 'ORIGINAL',
              start_time: run.createdAt,
              task_run_ids: taskRunIds(run.segments[0]),
            },
            ...repairs.map((segment) => ({
              type: 'REPAIR',
              id: segment.plan.repairId,
              start_time: segment.at,
              task_run_ids: taskRunIds(segment),
            })),
          ],
        }
      : {}),
  };
}

/** The task runs of one execution of a run (its attempts and its skipped tasks). */
function taskRunIds(segment: RunSegment | undefined): number[] {
  return segment ? [...segment.plan.attempts, ...segment.plan.skips].map((entry) => entry.runId) : [];
}
