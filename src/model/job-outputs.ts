/**
 * The output type of each job of a pipeline, by key (`{ extract: number; load: DatabricksOutput }`),
 * as the builder infers it from each job's `run` (or {@link DatabricksOutput} for a
 * Databricks job). `Pipeline<Outputs>` and `RunResult<Outputs>` carry it, so that reading an
 * output needs no cast. `JobOutputs` itself stands for "outputs not known": every pipeline
 * is a `Pipeline<JobOutputs>`.
 */
export type JobOutputs = object;

/** What a successful Databricks job returns as its output. */
export interface DatabricksOutput {
  /** The Databricks run that succeeded. */
  readonly runId: number;
  /** Its page in the workspace. */
  readonly runPageUrl?: string;
  /** The run's `result_state` (`SUCCESS`). */
  readonly resultState?: string;
}

/**
 * The outputs of a job's direct dependencies that succeeded (`context.upstream`): a
 * `ReadonlyMap` whose `get` knows the output type of every job added before this one.
 */
export interface UpstreamOutputs<Outputs extends object = JobOutputs> extends ReadonlyMap<string, unknown> {
  /** The output of dependency `key`; `undefined` when it is not a direct dependency that succeeded. */
  get<Key extends keyof Outputs & string>(key: Key): Outputs[Key] | undefined;
  /** The output of dependency `key`. */
  get(key: string): unknown;
}
