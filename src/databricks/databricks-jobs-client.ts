import type { z } from 'zod';
import type { ActiveRunsPage, JobsApi, RequestOptions, RunState, TriggeredRun } from '../adapters/jobs-api.js';
import type { ApiTransport } from './api-transport.js';
import { DatabricksApiError } from './databricks-api-error.js';
import {
  emptySchema,
  jobListSchema,
  jobSchema,
  repairSchema,
  runListSchema,
  runOutputSchema,
  runSchema,
  type runTaskSchema,
  triggeredSchema,
} from './jobs-schemas.js';
import { type WorkspaceClientOptions, workspaceTransport } from './workspace-client-options.js';

/** Options of {@link DatabricksJobsClient}: credentials plus transport tuning. */
export type DatabricksJobsClientOptions = WorkspaceClientOptions;

const JOBS = '/api/2.2/jobs';

/**
 * The Databricks Jobs API 2.2 over HTTP (undici). Retries 429/500/502/503/504 and dropped
 * connections with jittered backoff honouring `Retry-After`; `run-now` and `runs/submit`
 * carry an idempotency token, so retrying them never starts a second run.
 *
 * @example
 * ```ts
 * const jobs = new DatabricksJobsClient({ host: 'dbc-123.cloud.databricks.com', token: process.env.DATABRICKS_TOKEN });
 * const { runId } = await jobs.runNow({ jobId: 42, idempotencyToken: 'nightly-2026-11-30-load-1' });
 * ```
 */
export class DatabricksJobsClient implements JobsApi {
  readonly #transport: ApiTransport;

  constructor(options: DatabricksJobsClientOptions = {}) {
    this.#transport = workspaceTransport(options);
  }

  /** The id of the one job named exactly `name` (case-insensitive, as `jobs/list` matches). */
  async resolveJobId(name: string, options: RequestOptions = {}): Promise<number> {
    const ids: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await this.#get('/list', jobListSchema, { name, limit: 100, page_token: pageToken }, options);
      for (const job of page.jobs ?? []) ids.push(job.job_id);
      pageToken = page.next_page_token || undefined;
    } while (pageToken);
    if (ids.length === 1) return ids[0] as number;
    const found = ids.length === 0 ? 'no job has' : `${ids.length} jobs (${ids.join(', ')}) have`;
    // Statuses as the API would give them: not found (404) or a conflict between jobs (409).
    throw new DatabricksApiError({
      status: ids.length === 0 ? 404 : 409,
      errorCode: ids.length === 0 ? 'JOB_NOT_FOUND' : 'JOB_NAME_AMBIGUOUS',
      message: `${found} the name '${name}'; use jobId instead`,
      endpoint: `GET ${JOBS}/list`,
    });
  }

  /** `jobs/get`: the job's name and settings. */
  async getJob(
    jobId: number,
    options: RequestOptions = {},
  ): Promise<{ jobId: number; name?: string; settings: Readonly<Record<string, unknown>> }> {
    const job = await this.#get('/get', jobSchema, { job_id: jobId }, options);
    const settings = job.settings ?? {};
    return { jobId: job.job_id, ...(typeof settings.name === 'string' ? { name: settings.name } : {}), settings };
  }

  /** The job parameters a job declares (`settings.parameters[].name`). */
  async jobParameterNames(jobId: number, options: RequestOptions = {}): Promise<readonly string[]> {
    const { settings } = await this.getJob(jobId, options);
    const declared = Array.isArray(settings.parameters) ? (settings.parameters as { name?: unknown }[]) : [];
    return declared.flatMap((parameter) => (typeof parameter.name === 'string' ? [parameter.name] : []));
  }

  /** `jobs/run-now` with job parameters and an idempotency token. */
  async runNow(
    request: {
      readonly jobId: number;
      readonly jobParameters?: Readonly<Record<string, string>>;
      readonly notebookParams?: Readonly<Record<string, string>>;
      readonly pythonParams?: readonly string[];
      readonly jarParams?: readonly string[];
      readonly idempotencyToken: string;
    },
    options: RequestOptions = {},
  ): Promise<TriggeredRun> {
    const body = {
      job_id: request.jobId,
      idempotency_token: request.idempotencyToken,
      ...(request.jobParameters && Object.keys(request.jobParameters).length > 0
        ? { job_parameters: request.jobParameters }
        : {}),
      ...(request.notebookParams ? { notebook_params: request.notebookParams } : {}),
      ...(request.pythonParams ? { python_params: request.pythonParams } : {}),
      ...(request.jarParams ? { jar_params: request.jarParams } : {}),
    };
    const answer = await this.#post('/run-now', triggeredSchema, body, options);
    return { runId: answer.run_id };
  }

  /** `jobs/runs/submit`: a one-time run. */
  async submitRun(
    request: { readonly payload: Readonly<Record<string, unknown>>; readonly idempotencyToken: string },
    options: RequestOptions = {},
  ): Promise<TriggeredRun> {
    const answer = await this.#post(
      '/runs/submit',
      triggeredSchema,
      { ...request.payload, idempotency_token: request.idempotencyToken },
      options,
    );
    return { runId: answer.run_id };
  }

  /** `jobs/runs/get`, reduced to what the engine reads. */
  async getRun(runId: number, options: RequestOptions = {}): Promise<RunState> {
    return runStateOf(await this.#get('/runs/get', runSchema, { run_id: runId }, options));
  }

  /** One page (25 runs) of `jobs/runs/list?active_only=true`. */
  async listActiveRuns(options: RequestOptions & { readonly pageToken?: string } = {}): Promise<ActiveRunsPage> {
    const page = await this.#get(
      '/runs/list',
      runListSchema,
      { active_only: 'true', limit: 25, page_token: options.pageToken },
      options,
    );
    return { runs: (page.runs ?? []).map(runStateOf), ...(page.next_page_token ? { nextPageToken: page.next_page_token } : {}) };
  }

  /**
   * `jobs/runs/repair`: the run's failed tasks and their dependents again. Not retried on an
   * ambiguous failure (no idempotency token): the caller reads `repair_history` to know.
   */
  async repairRun(
    request: { readonly runId: number; readonly latestRepairId?: number },
    options: RequestOptions = {},
  ): Promise<{ readonly repairId: number }> {
    const body = {
      run_id: request.runId,
      rerun_all_failed_tasks: true,
      rerun_dependent_tasks: true,
      ...(request.latestRepairId === undefined ? {} : { latest_repair_id: request.latestRepairId }),
    };
    const answer = await this.#post('/runs/repair', repairSchema, body, options, false);
    return { repairId: answer.repair_id };
  }

  /** `jobs/runs/cancel` (asynchronous: poll until the run is terminal). */
  async cancelRun(runId: number, options: RequestOptions = {}): Promise<void> {
    await this.#post('/runs/cancel', emptySchema, { run_id: runId }, options);
  }

  /**
   * The error text of a failed run: `jobs/runs/get-output` of the last attempt of each task
   * that failed (the API refuses the output of a job run itself), every task named when
   * the run has several. Follows the pages of `tasks` (100 a page in Jobs API 2.2).
   */
  async getRunError(runId: number, options: RequestOptions = {}): Promise<string | undefined> {
    const tasks: z.infer<typeof runTaskSchema>[] = [];
    let history: z.infer<typeof runSchema>['repair_history'];
    for (let pageToken: string | undefined, first = true; first || pageToken; first = false) {
      const run = await this.#get('/runs/get', runSchema, { run_id: runId, page_token: pageToken }, options);
      tasks.push(...(run.tasks ?? []));
      history ??= run.repair_history;
      pageToken = run.next_page_token;
    }
    const last = lastExecutions(tasks, history);
    const errors: string[] = [];
    for (const [key, task] of last) {
      if (!taskFailed(task)) continue;
      const output = await this.#get('/runs/get-output', runOutputSchema, { run_id: task.run_id }, options);
      if (output.error) errors.push(last.size > 1 ? `${key}: ${output.error}` : output.error);
    }
    return errors.length > 0 ? errors.join('\n') : undefined;
  }

  #get<S extends z.ZodType>(
    path: string,
    schema: S,
    query: Record<string, string | number | undefined>,
    options: RequestOptions,
  ) {
    return this.#transport.call('GET', `${JOBS}${path}`, schema, {
      query,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  #post<S extends z.ZodType>(path: string, schema: S, body: unknown, options: RequestOptions, idempotent = true) {
    return this.#transport.call('POST', `${JOBS}${path}`, schema, {
      body,
      idempotent,
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }
}

/** A `runs/get` or `runs/list` item, reduced to what the engine reads. */
/**
 * A run's state, read from `status` first — `state` is deprecated and may be absent — with
 * the legacy `state` filling in what `status` cannot say (INTERNAL_ERROR and SKIPPED life
 * cycles, the result state).
 */
function runStateOf(run: z.infer<typeof runSchema>): RunState {
  const details = run.status?.termination_details;
  const legacy = run.state;
  const lifeCycleState =
    run.status?.state === undefined || (run.status.state === 'TERMINATED' && TERMINAL_LEGACY.has(legacy?.life_cycle_state ?? ''))
      ? (legacy?.life_cycle_state ?? 'TERMINATED')
      : run.status.state === 'TERMINATED' && SKIPPED_CODES.has(details?.code ?? '')
        ? 'SKIPPED'
        : run.status.state;
  const resultState = legacy?.result_state ?? RESULT_OF_CODE[details?.code ?? ''];
  const stateMessage = legacy?.state_message || details?.message;
  const latestRepairId = run.repair_history?.filter((entry) => entry.type === 'REPAIR').at(-1)?.id;
  const workspaceRetries = retriesOfFailedTasks(run);
  return {
    runId: run.run_id,
    lifeCycleState,
    ...(run.job_id === undefined ? {} : { jobId: run.job_id }),
    ...(resultState === undefined ? {} : { resultState }),
    ...(stateMessage ? { stateMessage } : {}),
    ...(details?.code ? { terminationCode: details.code } : {}),
    ...(details?.type ? { terminationType: details.type } : {}),
    ...(run.run_page_url ? { runPageUrl: run.run_page_url } : {}),
    ...(run.start_time ? { startTime: new Date(run.start_time) } : {}),
    ...(run.end_time ? { endTime: new Date(run.end_time) } : {}),
    ...(latestRepairId === undefined ? {} : { latestRepairId }),
    ...(workspaceRetries > 0 ? { workspaceRetries } : {}),
  };
}

/**
 * The last execution of each task: of the latest execution of the run that ran it (the
 * original or a repair, from `repair_history`), its highest `attempt_number`.
 */
function lastExecutions(
  tasks: readonly z.infer<typeof runTaskSchema>[],
  history: z.infer<typeof runSchema>['repair_history'],
): Map<string, z.infer<typeof runTaskSchema>> {
  const segmentOf = new Map<number, number>();
  history?.forEach((entry, index) => {
    for (const id of entry.task_run_ids ?? []) segmentOf.set(id, index);
  });
  const rank = (task: z.infer<typeof runTaskSchema>) => (segmentOf.get(task.run_id) ?? 0) * 1e6 + (task.attempt_number ?? 0);
  const last = new Map<string, z.infer<typeof runTaskSchema>>();
  for (const task of tasks) {
    const seen = last.get(task.task_key);
    if (!seen || rank(task) >= rank(seen)) last.set(task.task_key, task);
  }
  return last;
}

/** How many times the workspace retried the failed tasks (their last executions' `attempt_number`). */
function retriesOfFailedTasks(run: z.infer<typeof runSchema>): number {
  const last = lastExecutions(run.tasks ?? [], run.repair_history);
  return Math.max(0, ...[...last.values()].filter(taskFailed).map((task) => task.attempt_number ?? 0));
}

/** Whether a task's execution failed, from its `status` first, else its legacy `state`. */
function taskFailed(task: z.infer<typeof runTaskSchema>): boolean {
  const code = task.status?.termination_details?.code;
  if (code !== undefined) return code !== 'SUCCESS' && code !== 'USER_CANCELED' && !SKIPPED_CODES.has(code);
  const result = task.state?.result_state;
  return result === 'FAILED' || result === 'TIMEDOUT' || task.state?.life_cycle_state === 'INTERNAL_ERROR';
}

/** Terminal legacy life cycles more precise than `status.state` TERMINATED. */
const TERMINAL_LEGACY = new Set(['INTERNAL_ERROR', 'SKIPPED']);

/** Termination codes of runs that never ran. */
const SKIPPED_CODES = new Set(['SKIPPED', 'MAX_CONCURRENT_RUNS_EXCEEDED']);

/** The result a termination code implies, for answers without the legacy `state`. */
const RESULT_OF_CODE: Readonly<Record<string, string>> = {
  SUCCESS: 'SUCCESS',
  USER_CANCELED: 'CANCELED',
  RUN_EXECUTION_ERROR: 'FAILED',
  // "Canceled during execution by the Databricks platform; for example, if the maximum run
  // duration was exceeded": a timeout, not a user's cancel.
  CANCELED: 'TIMEDOUT',
};
