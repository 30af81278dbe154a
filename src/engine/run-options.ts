import { randomBytes } from 'node:crypto';
import { Pipeline } from '../graph/pipeline.js';
import { InvalidOptionsError } from '../model/errors.js';
import { KEY_PATTERN } from '../model/names.js';

/** Options of one `engine.run`. */
export interface RunOptions {
  /**
   * Id of the run, used in the log and for resume. Must be new.
   * @default a sortable id such as `20261130T101500Z-3fa9c1`
   */
  readonly runId?: string;
  /** Parameters handed to every job (in-process `context.parameters`, Databricks `job_parameters`). */
  readonly parameters?: Readonly<Record<string, string>>;
  /** Aborting it cancels the run: in-flight jobs are stopped, the rest recorded `canceled`. */
  readonly signal?: AbortSignal;
  /**
   * Limit of the whole run, in seconds.
   * @default the pipeline's `deadlineSeconds`
   */
  readonly deadlineSeconds?: number;
  /**
   * Free-form facts about where the run came from (the CLI records its pipeline files),
   * kept in the `run_started` row's `details.annotations`. Not for secrets.
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Options of `engine.resume`. */
export interface ResumeOptions extends Omit<RunOptions, 'runId' | 'parameters' | 'annotations'> {
  /**
   * Resume even though the pipeline's definition (its `hash`) changed since the run started.
   * @default false
   */
  readonly allowChanged?: boolean;
  /**
   * Parameters for the jobs that run again.
   * @default the parameters the run started with
   */
  readonly parameters?: Readonly<Record<string, string>>;
  /**
   * While a live process holds the run's lease: `false` refuses at once
   * (`LeaseHeldError`), `true` waits until it is released or expires, a number waits at most
   * that many milliseconds. The logger says who holds it and until when.
   * @default false
   */
  readonly waitForLease?: boolean | number;
}

/** A new run id: UTC time to the second, then random hex, e.g. `20261130T101500Z-3fa9c1`. */
export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Checks run options against the pipeline; throws {@link InvalidOptionsError} listing every problem. */
export function checkRunOptions(pipeline: Pipeline, options: RunOptions & Pick<ResumeOptions, 'waitForLease'>): void {
  const problems: string[] = [];
  if (options.runId !== undefined && !KEY_PATTERN.test(options.runId))
    problems.push(`runId '${options.runId}' must match ${KEY_PATTERN}`);
  for (const [name, value] of Object.entries(options.parameters ?? {})) {
    if (typeof value !== 'string') problems.push(`parameter '${name}' must be a string, got ${typeof value}`);
  }
  for (const [name, value] of Object.entries(options.annotations ?? {})) {
    if (typeof value !== 'string') problems.push(`annotation '${name}' must be a string, got ${typeof value}`);
  }
  const wait = options.waitForLease;
  if (wait !== undefined && typeof wait !== 'boolean' && !(Number.isFinite(wait) && wait >= 0)) {
    problems.push(`waitForLease must be true, false or a number of milliseconds >= 0, got ${String(wait)}`);
  }
  const deadline = options.deadlineSeconds;
  if (deadline !== undefined && !(Number.isFinite(deadline) && deadline > 0)) {
    problems.push(`deadlineSeconds must be a positive number, got ${deadline}`);
  }
  if (problems.length > 0) {
    throw new InvalidOptionsError(`cannot run pipeline '${pipeline.name}':\n  - ${problems.join('\n  - ')}`);
  }
}

/** Refuses anything but a built `Pipeline`, naming the engine method it was given to. */
export function expectPipeline(method: string, pipeline: unknown): asserts pipeline is Pipeline {
  if (!(pipeline instanceof Pipeline))
    throw new InvalidOptionsError(`engine.${method} expects a Pipeline from pipeline(...).build()`);
}
