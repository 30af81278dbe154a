import type { ScriptedJob } from './emulator-options.js';
import { type EmulatedRun, isTerminal, phaseOf, runJson, scheduleRuns, writeTime } from './run-state.js';

/** An answer of the emulated API. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

interface EmulatedJob {
  readonly jobId: number;
  readonly createdTime: number;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly script: ScriptedJob;
  runs: number;
}

const PAGE = 20;

/** The Databricks error body and status. */
export function apiError(status: number, errorCode: string, message: string): ApiAnswer {
  return { status, body: { error_code: errorCode, message } };
}

/** The state of an emulated workspace: jobs, runs and idempotency tokens, against a clock. */
export class Workspace {
  readonly #jobs = new Map<number, EmulatedJob>();
  readonly #runs = new Map<number, EmulatedRun>();
  readonly #tokens = new Map<string, number>();
  readonly #now: () => number;
  readonly #baseUrl: () => string;
  #nextId = 1;
  #nextRunId = 1001;

  constructor(now: () => number, baseUrl: () => string, jobs: readonly ScriptedJob[]) {
    this.#now = now;
    this.#baseUrl = baseUrl;
    for (const script of jobs) this.createJob({ name: script.name, max_concurrent_runs: script.maxConcurrentRuns ?? 1 }, script);
  }

  /** Every run so far, oldest first. */
  runs(): readonly EmulatedRun[] {
    return [...this.#runs.values()];
  }

  /** Runs whose scripted writes are due by now and not yet made, in time order; marks them made. */
  dueWrites(): EmulatedRun[] {
    const now = this.#now();
    const due = [...this.#runs.values()].filter((run) => {
      const at = run.script.writes && !run.wrote ? writeTime(run) : undefined;
      return at !== undefined && at <= now;
    });
    for (const run of due) run.wrote = true;
    return due.sort((a, b) => (writeTime(a) as number) - (writeTime(b) as number));
  }

  /** `jobs/create`. */
  createJob(settings: Readonly<Record<string, unknown>>, script?: ScriptedJob): ApiAnswer {
    if (typeof settings.name !== 'string' || settings.name === '') {
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'Job settings must include a name.');
    }
    const jobId = this.#nextId++;
    const behaviour = script ?? { name: settings.name };
    this.#jobs.set(jobId, {
      jobId,
      createdTime: this.#now(),
      settings: { max_concurrent_runs: 1, ...settings, format: 'MULTI_TASK' },
      script: behaviour,
      runs: 0,
    });
    return { status: 200, body: { job_id: jobId } };
  }

  /** `jobs/get`. */
  getJob(query: URLSearchParams): ApiAnswer {
    const job = this.#jobs.get(Number(query.get('job_id')));
    if (!job) return apiError(400, 'INVALID_PARAMETER_VALUE', `Job ${query.get('job_id')} does not exist.`);
    return { status: 200, body: this.#jobJson(job) };
  }

  /** `jobs/list`: exact case-insensitive `name` filter, `page_token` paging; `jobs` omitted when empty. */
  listJobs(query: URLSearchParams): ApiAnswer {
    const name = query.get('name')?.toLowerCase();
    const limit = Number(query.get('limit') ?? PAGE);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', `limit must be between 1 and 100, got ${query.get('limit')}`);
    }
    const all = [...this.#jobs.values()].filter((job) => name === undefined || String(job.settings.name).toLowerCase() === name);
    return {
      status: 200,
      body: page(
        'jobs',
        all.map((job) => this.#jobJson(job)),
        query.get('page_token'),
        limit,
      ),
    };
  }

  /** `jobs/run-now`: the same idempotency token always gives the same run. */
  runNow(body: Record<string, unknown>): ApiAnswer {
    const job = this.#jobs.get(Number(body.job_id));
    if (!job) return apiError(400, 'INVALID_PARAMETER_VALUE', `Job ${String(body.job_id)} does not exist.`);
    if (job.script.forbidden) {
      return apiError(403, 'PERMISSION_DENIED', `User does not have permission to run job ${job.jobId}.`);
    }
    const parameters = body.job_parameters ?? {};
    if (typeof parameters !== 'object' || parameters === null || Object.values(parameters).some((v) => typeof v !== 'string')) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'job_parameters must be a map of strings.');
    }
    return this.#start(body.idempotency_token, () => {
      const outcomes = job.script.outcomes ?? ['SUCCESS'];
      const outcome = outcomes[Math.min(job.runs, outcomes.length - 1)] ?? 'SUCCESS';
      job.runs++;
      const name = String(job.settings.name);
      return {
        jobId: job.jobId,
        runName: name,
        runType: 'JOB_RUN',
        script: job.script,
        outcome,
        jobParameters: parameters as Record<string, string>,
      };
    });
  }

  /** `jobs/runs/submit`: a one-time run; a scripted job whose name is `run_name` sets its behaviour. */
  submit(body: Record<string, unknown>): ApiAnswer {
    if (!Array.isArray(body.tasks) || body.tasks.length === 0)
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'At least one task is required.');
    const runName = typeof body.run_name === 'string' ? body.run_name : 'Untitled';
    const script = [...this.#jobs.values()].find((job) => job.settings.name === runName)?.script ?? { name: runName };
    return this.#start(body.idempotency_token, () => ({
      jobId: undefined,
      runName,
      runType: 'SUBMIT_RUN',
      script,
      outcome: script.outcomes?.[0] ?? 'SUCCESS',
      jobParameters: {},
    }));
  }

  /** `jobs/runs/get`: unknown runs are HTTP 400, as the real API answers. */
  getRun(query: URLSearchParams): ApiAnswer {
    const run = this.#runs.get(Number(query.get('run_id')));
    if (!run) return apiError(400, 'INVALID_PARAMETER_VALUE', `Run ${query.get('run_id')} does not exist.`);
    return { status: 200, body: runJson(run, this.#now(), this.#baseUrl()) };
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

  /** `jobs/runs/get-output` of a task run (the parent run id works too: every run has one task). */
  getRunOutput(query: URLSearchParams): ApiAnswer {
    const id = Number(query.get('run_id'));
    const run = [...this.#runs.values()].find((candidate) => candidate.taskRunId === id || candidate.runId === id);
    if (!run) return apiError(400, 'INVALID_PARAMETER_VALUE', `Run ${query.get('run_id')} does not exist.`);
    const now = this.#now();
    const phase = phaseOf(run, now);
    const output: Record<string, unknown> = { metadata: runJson(run, now, this.#baseUrl()) };
    if (phase.resultState === 'SUCCESS' && run.script.notebookOutput !== undefined) {
      output.notebook_output = { result: run.script.notebookOutput, truncated: false };
    }
    if (phase.resultState === 'FAILED' || phase.resultState === 'TIMEDOUT') {
      output.error = run.script.errorMessage ?? phase.message;
      output.error_trace = `Traceback (most recent call last):\n  ${output.error}`;
    }
    return { status: 200, body: output };
  }

  /** `jobs/runs/list`: newest first; `runs` omitted when empty. */
  listRuns(query: URLSearchParams): ApiAnswer {
    const jobId = query.get('job_id');
    const activeOnly = query.get('active_only') === 'true';
    const completedOnly = query.get('completed_only') === 'true';
    if (activeOnly && completedOnly)
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'active_only and completed_only cannot both be true.');
    const limit = Number(query.get('limit') ?? PAGE) || 25;
    const now = this.#now();
    const runs = [...this.#runs.values()]
      .filter((run) => jobId === null || run.jobId === Number(jobId))
      .filter((run) => (activeOnly ? !isTerminal(run, now) : completedOnly ? isTerminal(run, now) : true))
      .reverse()
      .map((run) => runJson(run, now, this.#baseUrl()));
    return { status: 200, body: page('runs', runs, query.get('page_token'), Math.min(limit, 25)) };
  }

  #start(
    token: unknown,
    make: () => Omit<EmulatedRun, 'runId' | 'taskRunId' | 'createdAt' | 'canceledAt' | 'startAt'>,
  ): ApiAnswer {
    if (token !== undefined && (typeof token !== 'string' || token.length > 64)) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'idempotency_token must be a string of at most 64 characters.');
    }
    const existing = token === undefined ? undefined : this.#tokens.get(token);
    if (existing !== undefined) return { status: 200, body: { run_id: existing, number_in_job: existing } };
    const runId = this.#nextRunId;
    this.#nextRunId += 2;
    const createdAt = this.#now();
    const run: EmulatedRun = { ...make(), runId, taskRunId: runId + 1, createdAt, canceledAt: undefined, startAt: createdAt };
    this.#runs.set(runId, run);
    if (token !== undefined) this.#tokens.set(token, runId);
    this.#schedule(run.jobId);
    return { status: 200, body: { run_id: runId, number_in_job: runId } };
  }

  /** Queues runs of a job past its `max_concurrent_runs` (only cancellations move ends). */
  #schedule(jobId: number | undefined): void {
    const limit = jobId === undefined ? undefined : this.#jobs.get(jobId)?.settings.max_concurrent_runs;
    if (typeof limit !== 'number' || limit < 1) return;
    scheduleRuns(
      [...this.#runs.values()].filter((run) => run.jobId === jobId),
      limit,
    );
  }

  #jobJson(job: EmulatedJob): Record<string, unknown> {
    return {
      job_id: job.jobId,
      created_time: job.createdTime,
      creator_user_name: 'emulator@example.com',
      settings: job.settings,
    };
  }
}

/** One page of a list answer, with an opaque token for the next. */
function page(field: string, items: readonly unknown[], token: string | null, limit: number): Record<string, unknown> {
  const offset = token ? Number(Buffer.from(token, 'base64url').toString()) || 0 : 0;
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return {
    ...(slice.length > 0 ? { [field]: slice } : {}),
    has_more: more,
    ...(more ? { next_page_token: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
  };
}
