import type { JobDefinition } from '../graph/job-definition.js';
import type { DatabricksJobSpec, InProcessJobSpec, JobSpec } from '../graph/job-spec.js';
import { Pipeline } from '../graph/pipeline.js';
import type { PipelineOptions, PipelineSettings } from '../graph/pipeline-options.js';
import { validateGraph } from '../graph/validate-graph.js';
import type { ValidationProblem } from '../model/errors.js';
import { PipelineValidationError } from '../model/errors.js';
import type { DatabricksOutput } from '../model/job-outputs.js';
import { KEY_PATTERN } from '../model/names.js';
import { freezePolicy, resolveJob, retryResolver } from './resolve-job.js';
import { describeIssues, jobSpecSchema, pipelineOptionsSchema } from './spec-schema.js';

/** One call on the builder, linked to the calls before it (a persistent list: O(1) per call). */
type Step =
  | { readonly kind: 'job'; readonly key: string; readonly spec: JobSpec; readonly previous: Step | undefined }
  | { readonly kind: 'after'; readonly keys: readonly string[]; readonly previous: Step | undefined };

/** No jobs yet. */
export type NoOutputs = Record<never, never>;

/**
 * Fluent, immutable builder of a {@link Pipeline}. Every call returns a new builder and
 * leaves the one it was called on unchanged, so partial pipelines can be shared and extended.
 * `Outputs` tracks the jobs added so far and what each returns: `.after('typo')` fails to
 * compile (keys in `spec.after` are plain strings, checked when the pipeline is built), and
 * a later job's `context.upstream.get('extract')` has the type `extract`'s `run` resolves to.
 */
export class PipelineBuilder<Outputs extends object = NoOutputs> {
  readonly #name: string;
  readonly #options: PipelineOptions;
  readonly #last: Step | undefined;

  /** @internal Use {@link pipeline}. */
  constructor(name: string, options: PipelineOptions, last: Step | undefined) {
    this.#name = name;
    this.#options = options;
    this.#last = last;
    Object.freeze(this);
  }

  /**
   * Adds a job. `spec` has exactly one of `run` (an in-process function) or `databricks`.
   * @example
   * ```ts
   * pipeline('etl').job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
   * ```
   */
  job<Key extends string, Output>(
    key: Key,
    spec: InProcessJobSpec<Output, Outputs>,
  ): PipelineBuilder<Outputs & { readonly [K in Key]: Awaited<Output> }>;
  job<Key extends string>(
    key: Key,
    spec: DatabricksJobSpec,
  ): PipelineBuilder<Outputs & { readonly [K in Key]: DatabricksOutput }>;
  job<Key extends string>(key: Key, spec: JobSpec): PipelineBuilder<Outputs & { readonly [K in Key]: unknown }>;
  job(key: string, spec: JobSpec | InProcessJobSpec<unknown, Outputs>): PipelineBuilder<object> {
    return new PipelineBuilder(this.#name, this.#options, { kind: 'job', key, spec: spec as JobSpec, previous: this.#last });
  }

  /**
   * Makes the job added last depend on `keys`.
   * @example
   * ```ts
   * pipeline('etl').job('a', specA).job('b', specB).after('a')
   * ```
   */
  after(...keys: (keyof Outputs & string)[]): PipelineBuilder<Outputs> {
    return new PipelineBuilder(this.#name, this.#options, { kind: 'after', keys, previous: this.#last });
  }

  /**
   * Validates the whole definition and returns a frozen {@link Pipeline}.
   * @throws {@link PipelineValidationError} listing every problem found.
   */
  build(): Pipeline<Outputs> {
    const problems: ValidationProblem[] = [];
    if (!KEY_PATTERN.test(this.#name)) {
      problems.push({ path: 'pipeline', message: `name '${this.#name}' must match ${KEY_PATTERN}` });
    }
    const options = pipelineOptionsSchema.safeParse(this.#options);
    if (!options.success) problems.push(...describeIssues('pipeline', options.error));

    const { entries, declared } = collectJobs(this.#last, problems);
    const resolveRetry = retryResolver(options.success ? this.#options.defaults : undefined);
    const definitions: JobDefinition[] = [];
    for (const { key, spec, after } of entries) {
      const checked = isBareSpec(spec) ? undefined : jobSpecSchema.safeParse(spec);
      if (checked && !checked.success) {
        problems.push(...describeIssues(key, checked.error));
        continue;
      }
      if ((spec.run === undefined) === (spec.databricks === undefined)) {
        problems.push({ path: key, message: 'must have exactly one of `run` or `databricks`' });
        continue;
      }
      definitions.push(resolveJob(key, spec, after, this.#options.defaults, resolveRetry(spec), this.#options.rollback));
    }
    if (entries.length === 0) problems.push({ path: 'pipeline', message: 'has no jobs' });

    const graph = validateGraph(definitions, declared, problems);
    if (problems.length > 0 || !graph) throw new PipelineValidationError(this.#name, problems);
    return new Pipeline(this.#name, settingsOf(this.#options), graph);
  }
}

interface JobEntry {
  readonly key: string;
  readonly spec: JobSpec;
  readonly after: string[];
}

/** Replays the steps in call order; reports bad keys, duplicates and misplaced `after()`. */
function collectJobs(last: Step | undefined, problems: ValidationProblem[]): { entries: JobEntry[]; declared: Set<string> } {
  const steps: Step[] = [];
  for (let step = last; step; step = step.previous) steps.push(step);
  const entries: JobEntry[] = [];
  const seen = new Set<string>();
  let current: JobEntry | undefined;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i] as Step;
    if (step.kind === 'after') {
      if (current) current.after.push(...step.keys);
      else problems.push({ path: 'pipeline', message: `after(${step.keys.join(', ')}) was called before any job` });
      continue;
    }
    current = undefined;
    if (!KEY_PATTERN.test(step.key)) {
      problems.push({ path: `'${step.key}'`, message: `job key must match ${KEY_PATTERN}` });
    } else if (seen.has(step.key)) {
      problems.push({ path: step.key, message: 'duplicate job key' });
    } else {
      seen.add(step.key);
      const after = Array.isArray(step.spec?.after) ? step.spec.after.slice() : [];
      current = { key: step.key, spec: step.spec, after };
      entries.push(current);
    }
  }
  for (const entry of entries) if (entry.after.length > 1) dedupe(entry.after);
  return { entries, declared: seen };
}

/**
 * A spec with nothing but a function and dependency keys has nothing for the schema to
 * check; skipping it keeps building 100,000 such jobs well under a second.
 */
function isBareSpec(spec: JobSpec): boolean {
  for (const field in spec) if (field !== 'run' && field !== 'after') return false;
  const after: unknown = spec.after;
  return (
    typeof spec.run === 'function' &&
    (after === undefined || (Array.isArray(after) && after.every((key) => typeof key === 'string')))
  );
}

/** Removes repeated keys in place, keeping the first of each. */
function dedupe(keys: string[]): void {
  let kept = 0;
  for (const key of keys) {
    let seen = false;
    for (let j = 0; j < kept && !seen; j++) seen = keys[j] === key;
    if (!seen) keys[kept++] = key;
  }
  keys.length = kept;
}

function settingsOf(options: PipelineOptions): PipelineSettings {
  const { defaults: _defaults, notify, ...settings } = options;
  return notify ? { ...settings, notify: freezePolicy(notify) } : settings;
}

/**
 * Starts a pipeline definition.
 *
 * @example
 * ```ts
 * const nightly = pipeline('nightly-etl', { concurrency: 4, defaults: { retry: { maxRetries: 3 } } })
 *   .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
 *   .job('load', { databricks: { jobId: 42 } }).after('extract')
 *   .build();
 * ```
 */
export function pipeline(name: string, options: PipelineOptions = {}): PipelineBuilder {
  return new PipelineBuilder(name, options, undefined);
}
