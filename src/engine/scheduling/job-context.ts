import type { JobStatus } from '../../adapters/metadata-store.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import type { JobContext } from '../../graph/job-spec.js';
import type { PipelineInternals } from '../../graph/pipeline.js';
import type { AttemptInfo } from '../attempts/attempt-work.js';

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

  constructor(source: ContextSource, job: string, attempt: AttemptInfo, parameters: Readonly<Record<string, string>>) {
    this.signal = attempt.signal;
    this.attempt = attempt.attempt;
    this.maxAttempts = attempt.maxAttempts;
    this.runId = source.runId;
    this.pipeline = source.pipeline;
    this.job = job;
    this.parameters = parameters;
    this.#source = source;
    this.#index = attempt.index;
    Object.freeze(this);
  }

  /** Values returned by the job's direct dependencies that succeeded, by key. */
  get upstream(): ReadonlyMap<string, unknown> {
    this.#upstream ??= this.#source.upstreamOf(this.#index);
    return this.#upstream;
  }
}

/** Outputs of the direct dependencies of job `index` that succeeded, by key. */
export function upstreamOutputs(
  graph: Pick<PipelineInternals, 'dependencies' | 'definitions'>,
  status: readonly JobStatus[],
  outputs: readonly unknown[],
  index: number,
): ReadonlyMap<string, unknown> {
  const { offsets, targets } = graph.dependencies;
  const upstream = new Map<string, unknown>();
  for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
    const dependency = targets[e] as number;
    if (status[dependency] === 'success') upstream.set((graph.definitions[dependency] as JobDefinition).key, outputs[dependency]);
  }
  return upstream;
}
