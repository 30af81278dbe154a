import { type ApiAnswer, apiError, page } from './api-answer.js';
import type { ScriptedJob } from './emulator-options.js';

/** A job of the emulated workspace. */
export interface EmulatedJob {
  readonly jobId: number;
  readonly createdTime: number;
  settings: Readonly<Record<string, unknown>>;
  readonly script: ScriptedJob;
  /** Executions of each task so far, which pick its next scripted outcome. */
  readonly executions: Map<string, number>;
}

const PAGE = 20;

/** The jobs of an emulated workspace: `jobs/create`, `get`, `reset`, `delete` and `list`. */
export class JobRegistry {
  readonly #jobs = new Map<number, EmulatedJob>();
  readonly #now: () => number;
  #nextId = 1;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The job with id `jobId`. */
  find(jobId: number): EmulatedJob | undefined {
    return this.#jobs.get(jobId);
  }

  /** Every job, in creation order. */
  all(): EmulatedJob[] {
    return [...this.#jobs.values()];
  }

  /** `jobs/create`. */
  create(settings: Readonly<Record<string, unknown>>, script?: ScriptedJob): ApiAnswer {
    if (typeof settings.name !== 'string' || settings.name === '') {
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'Job settings must include a name.');
    }
    const jobId = this.#nextId++;
    this.#jobs.set(jobId, {
      jobId,
      createdTime: this.#now(),
      settings: { max_concurrent_runs: 1, ...settings, format: 'MULTI_TASK' },
      script: script ?? { name: settings.name },
      executions: new Map(),
    });
    return { status: 200, body: { job_id: jobId } };
  }

  /** `jobs/get`. */
  get(query: URLSearchParams): ApiAnswer {
    const job = this.#jobs.get(Number(query.get('job_id')));
    if (!job) return apiError(400, 'INVALID_PARAMETER_VALUE', `Job ${query.get('job_id')} does not exist.`);
    return { status: 200, body: jobJson(job) };
  }

  /** `jobs/reset`: replaces the settings. */
  reset(body: Record<string, unknown>): ApiAnswer {
    const job = this.#jobs.get(Number(body.job_id));
    if (!job) return apiError(400, 'INVALID_PARAMETER_VALUE', `Job ${String(body.job_id)} does not exist.`);
    const settings = body.new_settings;
    if (typeof settings !== 'object' || settings === null)
      return apiError(400, 'INVALID_PARAMETER_VALUE', 'new_settings is required.');
    job.settings = { max_concurrent_runs: 1, ...(settings as Record<string, unknown>), format: 'MULTI_TASK' };
    return { status: 200, body: {} };
  }

  /** `jobs/delete`. */
  delete(body: Record<string, unknown>): ApiAnswer {
    if (!this.#jobs.delete(Number(body.job_id))) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', `Job ${String(body.job_id)} does not exist.`);
    }
    return { status: 200, body: {} };
  }

  /** `jobs/list`: exact case-insensitive `name` filter, `page_token` paging; `jobs` omitted when empty. */
  list(query: URLSearchParams): ApiAnswer {
    const name = query.get('name')?.toLowerCase();
    const limit = Number(query.get('limit') ?? PAGE);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return apiError(400, 'INVALID_PARAMETER_VALUE', `limit must be between 1 and 100, got ${query.get('limit')}`);
    }
    const all = [...this.#jobs.values()].filter((job) => name === undefined || String(job.settings.name).toLowerCase() === name);
    const jobs = all.map((job) => jobJson(job));
    return { status: 200, body: page('jobs', jobs, query.get('page_token'), limit) };
  }
}

function jobJson(job: EmulatedJob): Record<string, unknown> {
  return {
    job_id: job.jobId,
    created_time: job.createdTime,
    creator_user_name: 'emulator@example.com',
    settings: job.settings,
  };
}
