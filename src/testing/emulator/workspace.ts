import { type ApiAnswer, apiError, page } from './api-answer.js';
import type { ScriptedJob } from './emulator-options.js';
import { JobRegistry } from './job-registry.js';
import { type JobTasks, jobTasks, settingsTasksOf } from './job-tasks.js';
import { runJson } from './run-json.js';
import { repairTarget } from './run-repair.js';
import { type EmulatedRun, holdsSlot, isTerminal, placedAttempts, scheduleRuns } from './run-state.js';
import { planSegment } from './task-graph.js';
import { taskOutput } from './task-output.js';

/** Run-now fields that Databricks refuses beside `job_parameters`. */
const LEGACY_PARAMETERS = [
  'notebook_params',
  'jar_params',
  'python_params',
  'python_named_params',
  'spark_submit_params',
  'sql_params',
  'dbt_commands',
  'pipeline_params',
];

/** The state of an emulated workspace: jobs, runs of task graphs and idempotency tokens, against a clock. */
export class Workspace {
  readonly #jobs: JobRegistry;
  readonly #runs = new Map<number, EmulatedRun>();
  readonly #tokens = new Map<string, number>();
  readonly #now: () => number;
  readonly #baseUrl: () => string;
  readonly #omitState: boolean;
  #nextRunId = 1001;
  #nextRepairId = 1;

  constructor(now: () => number, baseUrl: () => string, jobs: readonly ScriptedJob[], omitState = false) {
    this.#now = now;
    this.#baseUrl = baseUrl;
    this.#omitState = omitState;
    this.#jobs = new JobRegistry(now);
    for (const script of jobs) {
      const settings = { name: script.name, max_concurrent_runs: script.maxConcurrentRuns ?? 1, tasks: settingsTasksOf(script) };
      const queue = script.queue === false ? { queue: { enabled: false } } : {};
      const parameters = script.parameters ? { parameters: script.parameters } : {};
      this.#jobs.create({ ...settings, ...queue, ...parameters }, script);
    }
  }

  /** The workspace's jobs. */
  get jobs(): JobRegistry {
    return this.#jobs;
  }

  /** Every run so far, oldest first. */
  runs(): readonly EmulatedRun[] {
    return [...this.#runs.values()];
  }

  /** Task attempts whose scripted writes are due by now and not yet made, in time order; marks them made. */
  dueWrites(): { run: EmulatedRun; taskRunId: number; writes: NonNullable<ScriptedJob['writes']> }[] {
    const now = this.#now();
    const due: { run: EmulatedRun; taskRunId: number; at: number; writes: NonNullable<ScriptedJob['writes']> }[] = [];
    for (const run of this.#runs.values()) {
      run.segments.forEach((_, index) => {
        for (const placed of placedAttempts(run, index)) {
          const writes = run.taskScripts.get(placed.attempt.taskKey)?.writes;
          // Writes land when the RUNNING time ends, whatever the outcome; a canceled attempt makes none.
          if (!writes || placed.result === 'CANCELED' || placed.end > now || run.written.has(placed.attempt.runId)) continue;
          run.written.add(placed.attempt.runId);
          due.push({ run, taskRunId: placed.attempt.runId, at: placed.end, writes });
        }
      });
    }
    return due.sort((a, b) => a.at - b.at);
  }

  /** `jobs/run-now`: the same idempotency token always gives the same run. */
  runNow(body: Record<string, unknown>): ApiAnswer {
    const job = this.#jobs.find(Number(body.job_id));
    if (!job) return apiError(400, 'INVALID_PARAMETER_VALUE', `Job ${String(body.job_id)} does not exist.`);
    if (job.script.forbidden) {
      return apiError(403, 'PERMISSION_DENIED', `User does not have permission to run job ${job.jobId}.`);
    }
    const parameters = body.job_parameters ?? {};
    if (typeof parameters !== 'object' || parameters === null || Object.values(parameters).some((v) => typeof v !== 'string')) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'job_parameters must be a map of strings.');
    }
    const legacy = LEGACY_PARAMETERS.find((field) => body[field] !== undefined);
    if (body.job_parameters !== undefined && legacy) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', `job_parameters cannot be used together with ${legacy}.`);
    }
    const queue = (job.settings.queue as { enabled?: unknown } | undefined)?.enabled !== false;
    const max = Number(job.settings.max_concurrent_runs ?? 1);
    const now = this.#now();
    const busy = [...this.#runs.values()].filter((run) => run.jobId === job.jobId && holdsSlot(run, now)).length;
    return this.#start(body.idempotency_token, job, jobTasks(job.settings.tasks, job.script), {
      jobId: job.jobId,
      runName: String(job.settings.name),
      runType: 'JOB_RUN',
      jobParameters: parameters as Record<string, string>,
      skipped: !queue && busy >= max,
    });
  }

  /** `jobs/runs/submit`: a one-time run of its tasks; a scripted job whose name is `run_name` sets their behaviour. */
  submit(body: Record<string, unknown>): ApiAnswer {
    if (!Array.isArray(body.tasks) || body.tasks.length === 0)
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'At least one task is required.');
    const runName = typeof body.run_name === 'string' ? body.run_name : 'Untitled';
    const scripted = this.#jobs.all().find((job) => job.settings.name === runName);
    const job = scripted ?? { script: { name: runName }, executions: new Map<string, number>() };
    return this.#start(body.idempotency_token, job, jobTasks(body.tasks, job.script), {
      jobId: undefined,
      runName,
      runType: 'SUBMIT_RUN',
      jobParameters: {},
      skipped: false,
    });
  }

  /** `jobs/runs/get`: unknown runs are HTTP 400, as the real API answers; `tasks` paged at 100. */
  getRun(query: URLSearchParams): ApiAnswer {
    const run = this.#runs.get(Number(query.get('run_id')));
    if (!run) return apiError(400, 'INVALID_PARAMETER_VALUE', `Run ${query.get('run_id')} does not exist.`);
    return {
      status: 200,
      body: runJson(run, this.#now(), {
        baseUrl: this.#baseUrl(),
        omitState: this.#omitState,
        pageToken: query.get('page_token'),
      }),
    };
  }

  /** `jobs/runs/cancel`: asynchronous; a finished run keeps its outcome. */
  cancelRun(body: Record<string, unknown>): ApiAnswer {
    const run = this.#runs.get(Number(body.run_id));
    if (!run) return apiError(400, 'INVALID_PARAMETER_VALUE', `Run ${String(body.run_id)} does not exist.`);
    if (!isTerminal(run, this.#now())) {
      run.canceledAt ??= this.#now();
      this.#schedule(run.jobId);
    }
    return { status: 200, body: {} };
  }

  /**
   * `jobs/runs/repair`: reruns the given tasks (or every failed one), and their dependents
   * when asked, as a new segment of the same run. Refused for a run still active and for a
   * `latest_repair_id` that is not the run's latest repair.
   */
  repairRun(body: Record<string, unknown>): ApiAnswer {
    const run = this.#runs.get(Number(body.run_id));
    if (!run) return apiError(400, 'INVALID_PARAMETER_VALUE', `Run ${String(body.run_id)} does not exist.`);
    const now = this.#now();
    if (!isTerminal(run, now)) return apiError(400, 'INVALID_STATE', `Run ${run.runId} is still active and cannot be repaired.`);
    const target = repairTarget(run, body);
    if ('error' in target) return target.error;
    const { rerun, results } = target;
    const repairId = this.#nextRepairId++;
    const job = run.jobId === undefined ? undefined : this.#jobs.find(run.jobId);
    const executions = job?.executions ?? new Map<string, number>();
    const segment = run.segments.at(-1);
    if (segment) segment.canceledAt = run.canceledAt;
    run.canceledAt = undefined;
    const plan = planSegment(run.tasks, rerun, results, this.#source(run.taskScripts, executions), repairId);
    run.segments.push({ plan, at: now, canceledAt: undefined });
    return { status: 200, body: { repair_id: repairId } };
  }

  /**
   * `jobs/runs/get-output` of a task run. The parent run of a job is refused, as Databricks
   * refuses it for every run in the multi-task format, even one with a single task.
   */
  getRunOutput(query: URLSearchParams): ApiAnswer {
    const id = Number(query.get('run_id'));
    if (this.#runs.has(id)) {
      return apiError(
        400,
        'INVALID_PARAMETER_VALUE',
        'Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.',
      );
    }
    for (const run of this.#runs.values()) {
      for (let index = 0; index < run.segments.length; index++) {
        const placed = placedAttempts(run, index).find((candidate) => candidate.attempt.runId === id);
        if (!placed) continue;
        return { status: 200, body: taskOutput(run, placed, this.#now()) };
      }
    }
    return apiError(400, 'INVALID_PARAMETER_VALUE', `Run ${query.get('run_id')} does not exist.`);
  }

  /**
   * `jobs/runs/list`: newest first (by start time); `start_time_from`/`start_time_to` are
   * inclusive epoch milliseconds; `runs` omitted when empty; a limit above 25 refused.
   */
  listRuns(query: URLSearchParams): ApiAnswer {
    const jobId = query.get('job_id');
    const activeOnly = query.get('active_only') === 'true';
    const completedOnly = query.get('completed_only') === 'true';
    if (activeOnly && completedOnly)
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'active_only and completed_only cannot both be true.');
    const limit = Number(query.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1 || limit > 25) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', `Invalid limit ${query.get('limit')}: it has to be between 1 and 25.`);
    }
    const from = epochMillis(query, 'start_time_from');
    const to = epochMillis(query, 'start_time_to');
    if (typeof from === 'string') return apiError(400, 'INVALID_PARAMETER_VALUE', from);
    if (typeof to === 'string') return apiError(400, 'INVALID_PARAMETER_VALUE', to);
    const now = this.#now();
    const options = { baseUrl: this.#baseUrl(), omitState: this.#omitState };
    const runs = [...this.#runs.values()]
      .filter((run) => jobId === null || run.jobId === Number(jobId))
      .filter((run) => (from === undefined || run.createdAt >= from) && (to === undefined || run.createdAt <= to))
      .filter((run) => (activeOnly ? !isTerminal(run, now) : completedOnly ? isTerminal(run, now) : true))
      .reverse()
      .map((run) => runJson(run, now, options));
    return { status: 200, body: page('runs', runs, query.get('page_token'), limit) };
  }

  #start(
    token: unknown,
    job: { readonly script: ScriptedJob; readonly executions: Map<string, number> },
    tasks: JobTasks,
    fields: Pick<EmulatedRun, 'jobId' | 'runName' | 'runType' | 'jobParameters'> & { skipped: boolean },
  ): ApiAnswer {
    if (token !== undefined && (typeof token !== 'string' || token.length > 64)) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'idempotency_token must be a string of at most 64 characters.');
    }
    const existing = token === undefined ? undefined : this.#tokens.get(token);
    if (existing !== undefined) return { status: 200, body: { run_id: existing, number_in_job: existing } };
    const runId = this.#nextRunId++;
    const createdAt = this.#now();
    const keys = new Set(tasks.plans.map((task) => task.taskKey));
    const plan = fields.skipped
      ? { repairId: 0, tasks: [], attempts: [], skips: [], length: 0 }
      : planSegment(tasks.plans, keys, new Map(), this.#source(tasks.scripts, job.executions), 0);
    const run: EmulatedRun = {
      ...fields,
      runId,
      createdAt,
      script: job.script,
      tasks: tasks.plans,
      taskScripts: tasks.scripts,
      segments: [{ plan, at: undefined, canceledAt: undefined }],
      canceledAt: undefined,
      startAt: createdAt,
      written: new Set(),
      ...(fields.skipped ? { skipped: true } : {}),
    };
    this.#runs.set(runId, run);
    if (token !== undefined) this.#tokens.set(token, runId);
    this.#schedule(run.jobId);
    return { status: 200, body: { run_id: runId, number_in_job: runId } };
  }

  /** Outcomes from the job's per-task counters; task run ids from the workspace's. */
  #source(scripts: JobTasks['scripts'], executions: Map<string, number>) {
    return {
      nextOutcome: (taskKey: string) => {
        const outcomes = scripts.get(taskKey)?.outcomes ?? ['SUCCESS'];
        const n = executions.get(taskKey) ?? 0;
        executions.set(taskKey, n + 1);
        return outcomes[Math.min(n, outcomes.length - 1)] ?? 'SUCCESS';
      },
      nextRunId: () => this.#nextRunId++,
    };
  }

  /** Queues runs of a job past its `max_concurrent_runs` (only cancellations move ends). */
  #schedule(jobId: number | undefined): void {
    const limit = jobId === undefined ? undefined : this.#jobs.find(jobId)?.settings.max_concurrent_runs;
    if (typeof limit !== 'number' || limit < 1) return;
    scheduleRuns(
      [...this.#runs.values()].filter((run) => run.jobId === jobId),
      limit,
    );
  }
}

/** An epoch-milliseconds query parameter: its value, undefined when absent, or what is wrong with it. */
function epochMillis(query: URLSearchParams, name: string): number | undefined | string {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value >= 0 ? value : `Invalid ${name} ${raw}: it has to be epoch milliseconds.`;
}
