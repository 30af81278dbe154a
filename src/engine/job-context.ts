import type { JobContext } from '../builder/job-spec.js';

/** The frozen context of one in-process attempt; `upstream` is built on first read. */
export class AttemptContext implements JobContext {
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly runId: string;
  readonly pipeline: string;
  readonly job: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly #upstream: () => ReadonlyMap<string, unknown>;
  #built: ReadonlyMap<string, unknown> | undefined;

  constructor(fields: Omit<JobContext, 'upstream'>, upstream: () => ReadonlyMap<string, unknown>) {
    this.signal = fields.signal;
    this.attempt = fields.attempt;
    this.maxAttempts = fields.maxAttempts;
    this.runId = fields.runId;
    this.pipeline = fields.pipeline;
    this.job = fields.job;
    this.parameters = fields.parameters;
    this.#upstream = upstream;
    Object.freeze(this);
  }

  /** Values returned by the job's direct dependencies that succeeded, by key. */
  get upstream(): ReadonlyMap<string, unknown> {
    this.#built ??= this.#upstream();
    return this.#built;
  }
}
