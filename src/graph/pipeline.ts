import { UnknownJobError } from '../model/errors.js';
import type { JobOutputs } from '../model/job-outputs.js';
import { definitionHash } from './definition-hash.js';
import type { JobDefinition } from './job-definition.js';
import type { PipelineSettings } from './pipeline-options.js';
import { renderDot, renderMermaid } from './render.js';
import type { Topology } from './topology.js';

/** What the engine reads from a pipeline by index. Not part of the public API. */
export interface PipelineInternals extends Topology {
  /** Definitions by index, in insertion order. */
  readonly definitions: readonly JobDefinition[];
  /** Index of each key. */
  readonly indexOf: ReadonlyMap<string, number>;
}

const internals = new WeakMap<Pipeline, PipelineInternals>();

/** The index-based view of a pipeline, for the engine. */
export function internalsOf(pipeline: Pipeline): PipelineInternals {
  const found = internals.get(pipeline);
  if (!found) throw new TypeError('not a Pipeline built by pipeline().build()');
  return found;
}

/** JSON form of a pipeline definition (functions are shown as `"function"`). */
export interface PipelineJson {
  readonly name: string;
  readonly settings: PipelineSettings;
  readonly jobs: readonly Record<string, unknown>[];
}

/** Type-only key of the outputs a pipeline's jobs return. */
declare const outputTypes: unique symbol;

/**
 * A validated, immutable graph of jobs, made by `pipeline(...).build()`. Every collection
 * it returns is frozen. `Outputs` is the output type of each job, by key (see
 * {@link JobOutputs}); it exists for the type checker only.
 */
export class Pipeline<Outputs extends object = JobOutputs> {
  /** @internal The output type of each job; never set (types only). */
  declare readonly [outputTypes]?: Outputs;
  /** The pipeline's name. */
  readonly name: string;
  /** Pipeline-wide settings. */
  readonly settings: PipelineSettings;
  /** Jobs by key, in the order they were added. */
  readonly jobs: ReadonlyMap<string, JobDefinition>;
  /** Job keys in a topological order: every job comes after its dependencies. */
  readonly order: readonly string[];
  /** Jobs without dependencies. */
  readonly roots: readonly string[];
  /** Jobs nothing depends on. */
  readonly leaves: readonly string[];
  #hash: string | undefined;
  #json: PipelineJson | undefined;

  /** @internal Use `pipeline(name).job(...).build()`. */
  constructor(name: string, settings: PipelineSettings, graph: PipelineInternals) {
    this.name = name;
    this.settings = Object.freeze({ ...settings });
    internals.set(this, graph);
    const keys = graph.definitions.map((job) => job.key);
    this.jobs = new Map(graph.definitions.map((job) => [job.key, job]));
    const order = new Array<string>(keys.length);
    for (let i = 0; i < order.length; i++) order[i] = keys[graph.order[i] as number] as string;
    this.order = Object.freeze(order);
    this.roots = Object.freeze(keys.filter((_, i) => degree(graph.dependencies.offsets, i) === 0));
    this.leaves = Object.freeze(keys.filter((_, i) => degree(graph.dependents.offsets, i) === 0));
    Object.freeze(this);
  }

  /** Keys of the jobs that depend directly on `key`. Throws for an unknown key. */
  dependentsOf(key: string): readonly string[] {
    const graph = internalsOf(this);
    const index = graph.indexOf.get(key);
    if (index === undefined) throw new UnknownJobError(this.name, key);
    const { offsets, targets } = graph.dependents;
    const keys: string[] = [];
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      keys.push((graph.definitions[targets[e] as number] as JobDefinition).key);
    }
    return Object.freeze(keys);
  }

  /**
   * The longest chain of jobs by `estimatedDurationSeconds` (1 when unset): the jobs that
   * bound the run's duration, which the engine starts first.
   */
  criticalPath(): readonly string[] {
    const graph = internalsOf(this);
    const { remainingPath, dependents, definitions } = graph;
    let node = -1;
    for (const root of this.roots) {
      const index = graph.indexOf.get(root) as number;
      if (node === -1 || (remainingPath[index] as number) > (remainingPath[node] as number)) node = index;
    }
    const path: string[] = [];
    while (node !== -1) {
      path.push((definitions[node] as JobDefinition).key);
      let next = -1;
      for (let e = dependents.offsets[node] as number; e < (dependents.offsets[node + 1] as number); e++) {
        const candidate = dependents.targets[e] as number;
        if (next === -1 || (remainingPath[candidate] as number) > (remainingPath[next] as number)) next = candidate;
      }
      node = next;
    }
    return Object.freeze(path);
  }

  /** Stable SHA-256 (hex) of the definition: equal for equal definitions, across processes. */
  get hash(): string {
    this.#hash ??= definitionHash(this.name, this.settings, internalsOf(this).definitions);
    return this.#hash;
  }

  /** Mermaid flowchart text. */
  toMermaid(): string {
    return renderMermaid(this.jobs);
  }

  /** Graphviz DOT text. */
  toDot(): string {
    return renderDot(this.name, this.jobs);
  }

  /** A JSON-safe description of the definition. */
  toJSON(): PipelineJson {
    this.#json ??= Object.freeze({
      name: this.name,
      settings: this.settings,
      jobs: Object.freeze(Array.from(this.jobs.values(), jobJson)),
    });
    return this.#json;
  }
}

function degree(offsets: Int32Array, index: number): number {
  return (offsets[index + 1] as number) - (offsets[index] as number);
}

function jobJson(job: JobDefinition): Record<string, unknown> {
  const { run, retry, checks, ...rest } = job;
  const { retryIf, ...retryFields } = retry;
  return Object.freeze({
    ...rest,
    retry: retryIf ? { ...retryFields, retryIf: 'function' } : retryFields,
    checks: checks.map(({ name, severity }) => ({ name, severity })),
  });
}
