import type { JobContext } from '../builder/job-spec.js';
import type { AttemptInfo } from './attempt.js';

/** The run an attempt belongs to, as its context sees it. */
export interface ContextSource {
  readonly pipeline: string;
  readonly runId: string;
  /** Outputs of the direct dependencies of job `index` that succeeded. */
  upstreamOf(index: number): ReadonlyMap<string, unknown>;
}

/**
 * The frozen context of one in-process attempt; `upstream` is built on first read.
 * (A class: a frozen object literal with a getter costs about thirty times more to make.)
 */
export class AttemptContext implements JobContext {
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly runId: string;
  readonly pipeline: string;
  readonly job: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly #source: ContextSource;
  readonly #index: number;
  #upstream: ReadonlyMap<string, unknown> | undefined;

  constructor(
    source: ContextSource,
    index: number,
    job: string,
    attempt: AttemptInfo,
    parameters: Readonly<Record<string, string>>,
  ) {
    this.signal = attempt.signal;
    this.attempt = attempt.attempt;
    this.maxAttempts = attempt.maxAttempts;
    this.runId = source.runId;
    this.pipeline = source.pipeline;
    this.job = job;
    this.parameters = parameters;
    this.#source = source;
    this.#index = index;
    Object.freeze(this);
  }

  /** Values returned by the job's direct dependencies that succeeded, by key. */
  get upstream(): ReadonlyMap<string, unknown> {
    this.#upstream ??= this.#source.upstreamOf(this.#index);
    return this.#upstream;
  }
}
