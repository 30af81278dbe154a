import type { ScriptedJob, ScriptedOutcome } from './emulator-options.js';

/** One run in the emulated workspace (always a single task, `main`). */
export interface EmulatedRun {
  readonly runId: number;
  readonly taskRunId: number;
  readonly jobId: number | undefined;
  readonly runName: string;
  readonly runType: 'JOB_RUN' | 'SUBMIT_RUN';
  readonly createdAt: number;
  readonly script: ScriptedJob;
  readonly outcome: ScriptedOutcome;
  readonly jobParameters: Readonly<Record<string, string>>;
  canceledAt: number | undefined;
  /** When the run leaves the queue (its creation, unless `max_concurrent_runs` held it). */
  startAt: number;
  /** Whether its scripted `writes` are in the tables. */
  wrote?: boolean;
}

/** When a run's scripted writes land: the end of its RUNNING time, unless canceled before. */
export function writeTime(run: EmulatedRun): number | undefined {
  const end = run.startAt + (run.script.pendingMs ?? 0) + (run.script.durationMs ?? 1000);
  return run.canceledAt !== undefined && run.canceledAt < end ? undefined : end;
}

/** Emulated milliseconds a canceled run spends TERMINATING. */
const CANCEL_MS = 200;

const CANCELED = {
  lifeCycleState: 'TERMINATED',
  statusState: 'TERMINATED',
  resultState: 'CANCELED',
  termination: { code: 'USER_CANCELED', type: 'SUCCESS', message: 'Run was canceled by a user' },
  message: 'Run was canceled by a user',
} as const;

/** When a run stops holding a slot of its job (ignoring its own queueing). */
function slotEnd(run: EmulatedRun): number {
  const naturalEnd =
    run.startAt + (run.script.pendingMs ?? 0) + (run.script.durationMs ?? 1000) + (run.script.terminatingMs ?? 0);
  if (run.canceledAt === undefined || run.canceledAt >= naturalEnd) return naturalEnd;
  return run.canceledAt < run.startAt ? run.canceledAt : run.canceledAt + CANCEL_MS;
}

/**
 * Sets `startAt` of a job's runs (in creation order) so that at most `max` hold a slot at
 * once: a run starts at its creation, or when enough earlier runs have ended.
 */
export function scheduleRuns(runs: readonly EmulatedRun[], max: number): void {
  const scheduled: EmulatedRun[] = [];
  for (const run of runs) {
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

/** Where a run is at emulated time `now`, in both the legacy and the new vocabulary. */
export interface RunPhase {
  readonly lifeCycleState: 'QUEUED' | 'PENDING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED' | 'INTERNAL_ERROR';
  readonly statusState: 'QUEUED' | 'PENDING' | 'RUNNING' | 'TERMINATING' | 'TERMINATED';
  readonly resultState?: 'SUCCESS' | 'FAILED' | 'TIMEDOUT' | 'CANCELED';
  readonly termination?: { readonly code: string; readonly type: string; readonly message: string };
  readonly startTime: number;
  /** 0 until terminal, as the API does. */
  readonly endTime: number;
  readonly message: string;
}

/** Computes a run's phase from its script and the clock (nothing is stored per tick). */
export function phaseOf(run: EmulatedRun, now: number): RunPhase {
  const started = run.startAt + (run.script.pendingMs ?? 0);
  const naturalEnd = started + (run.script.durationMs ?? 1000);
  const canceled = run.canceledAt !== undefined && run.canceledAt < naturalEnd ? run.canceledAt : undefined;
  const base = { startTime: run.createdAt, endTime: 0 };
  if (canceled !== undefined && canceled < run.startAt) {
    // Canceled while queued: it never held a slot.
    if (now >= canceled) return { ...base, endTime: canceled, ...CANCELED };
  } else if (canceled !== undefined) {
    if (now < canceled + CANCEL_MS)
      return { ...base, lifeCycleState: 'TERMINATING', statusState: 'TERMINATING', message: 'Run is being canceled' };
    return { ...base, endTime: canceled + CANCEL_MS, ...CANCELED };
  }
  if (now < run.startAt) {
    return {
      ...base,
      lifeCycleState: 'QUEUED',
      statusState: 'QUEUED',
      message: 'Queued: the maximum number of concurrent runs is reached',
    };
  }
  if (now < started) return { ...base, lifeCycleState: 'PENDING', statusState: 'PENDING', message: 'Waiting for cluster' };
  if (now < naturalEnd) return { ...base, lifeCycleState: 'RUNNING', statusState: 'RUNNING', message: '' };
  const cleanedUp = naturalEnd + (run.script.terminatingMs ?? 0);
  if (now < cleanedUp) return { ...base, lifeCycleState: 'TERMINATING', statusState: 'TERMINATING', message: 'Cleaning up' };
  return { ...base, endTime: cleanedUp, ...terminal(run) };
}

/** How each scripted outcome ends, in both vocabularies. */
const ENDINGS = {
  SUCCESS: { lifeCycleState: 'TERMINATED', resultState: 'SUCCESS', code: 'SUCCESS', type: 'SUCCESS', message: '' },
  FAILED: {
    lifeCycleState: 'TERMINATED',
    resultState: 'FAILED',
    code: 'RUN_EXECUTION_ERROR',
    type: 'CLIENT_ERROR',
    message: undefined,
  },
  TIMEDOUT: {
    lifeCycleState: 'TERMINATED',
    resultState: 'TIMEDOUT',
    code: 'CANCELED',
    type: 'CLIENT_ERROR',
    message: 'Run timed out',
  },
  INTERNAL_ERROR: {
    lifeCycleState: 'INTERNAL_ERROR',
    resultState: 'FAILED',
    code: 'INTERNAL_ERROR',
    type: 'INTERNAL_ERROR',
    message: 'Internal error',
  },
} as const;

function terminal(run: EmulatedRun): Omit<RunPhase, 'startTime' | 'endTime'> {
  const ending = ENDINGS[run.outcome];
  // A failed run says what its script says went wrong.
  const message = ending.message ?? run.script.errorMessage ?? 'Job failed';
  return {
    lifeCycleState: ending.lifeCycleState,
    statusState: 'TERMINATED',
    resultState: ending.resultState,
    termination: { code: ending.code, type: ending.type, message },
    message,
  };
}

/** Whether the run has reached a terminal state at `now`. */
export function isTerminal(run: EmulatedRun, now: number): boolean {
  return phaseOf(run, now).endTime !== 0;
}

/** The `runs/get` JSON of a run, with consistent legacy `state` and new `status`. */
export function runJson(run: EmulatedRun, now: number, baseUrl: string): Record<string, unknown> {
  const phase = phaseOf(run, now);
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
  const duration = (phase.endTime || now) - phase.startTime;
  const url = `${baseUrl}/?o=0#job/${run.jobId ?? 0}/run/${run.runId}`;
  const task = {
    task_key: 'main',
    run_id: run.taskRunId,
    attempt_number: 0,
    state,
    status,
    start_time: phase.startTime,
    end_time: phase.endTime,
    run_duration: duration,
    run_page_url: `${baseUrl}/?o=0#job/${run.jobId ?? 0}/run/${run.taskRunId}`,
  };
  const parameters = Object.entries(run.jobParameters).map(([name, value]) => ({ name, value }));
  return {
    ...(run.jobId === undefined ? {} : { job_id: run.jobId }),
    run_id: run.runId,
    number_in_job: run.runId,
    original_attempt_run_id: run.runId,
    run_name: run.runName,
    run_type: run.runType,
    run_page_url: url,
    trigger: 'ONE_TIME',
    attempt_number: 0,
    state,
    status,
    start_time: phase.startTime,
    end_time: phase.endTime,
    setup_duration: 0,
    execution_duration: 0,
    cleanup_duration: 0,
    run_duration: duration,
    queue_duration: 0,
    ...(parameters.length > 0 ? { job_parameters: parameters } : {}),
    tasks: [task],
  };
}
