import type { JobContext } from '../builder/job-spec.js';
import type { AttemptInfo } from './attempt.js';

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

  constructor(
    run: { readonly pipeline: string; readonly runId: string },
    job: string,
    attempt: AttemptInfo,
    parameters: Readonly<Record<string, string>>,
    upstream: () => ReadonlyMap<string, unknown>,
  ) {
    this.signal = attempt.signal;
    this.attempt = attempt.attempt;
    this.maxAttempts = attempt.maxAttempts;
    this.runId = run.runId;
    this.pipeline = run.pipeline;
    this.job = job;
    this.parameters = parameters;
    this.#upstream = upstream;
    Object.freeze(this);
  }

  /** Values returned by the job's direct dependencies that succeeded, by key. */
  get upstream(): ReadonlyMap<string, unknown> {
    this.#built ??= this.#upstream();
    return this.#built;
  }
}
