import { BrickworkError, ErrorCode } from './brickwork-error.js';
import type { FailureClass } from './job-error.js';

/** One problem found while validating a pipeline. */
export interface ValidationProblem {
  /** Where the problem is: a job key, `pipeline`, or a dotted path such as `load.retry.maxRetries`. */
  readonly path: string;
  /** What is wrong, in one sentence. */
  readonly message: string;
}

/** A pipeline definition is invalid. Lists every problem found, not just the first. */
export class PipelineValidationError extends BrickworkError {
  /** Every problem found. */
  readonly problems: readonly ValidationProblem[];

  constructor(pipelineName: string, problems: readonly ValidationProblem[]) {
    const lines = problems.map((p) => `  - ${p.path}: ${p.message}`);
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(ErrorCode.PipelineInvalid, `pipeline '${pipelineName}' is invalid (${count}):\n${lines.join('\n')}`);
    this.problems = Object.freeze([...problems]);
  }
}

/** Engine options, run options or adapters do not fit the pipeline. */
export class InvalidOptionsError extends BrickworkError {
  constructor(message: string) {
    super(ErrorCode.InvalidOptions, message);
  }
}

/**
 * Throw this from a job to fail it at once, without further retries.
 *
 * @example
 * ```ts
 * .job('load', { run: async () => { if (!config) throw new NonRetriableError('no config'); } })
 * ```
 */
export class NonRetriableError extends BrickworkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.NonRetriable, message, options);
  }
}

/**
 * Throw this from a job to ask for its next attempt after `delayMs` instead of the retry
 * policy's backoff (for example what a rate-limited service said). The attempt counts as a
 * retriable failure; attempts still end at `maxRetries`, and `retryIf` still decides.
 *
 * @example
 * ```ts
 * throw new RetryAfterError('quota exhausted', { delayMs: 60_000 });
 * ```
 */
export class RetryAfterError extends BrickworkError {
  /** Milliseconds to wait before the next attempt. */
  readonly delayMs: number;

  constructor(message: string, options: { delayMs: number; cause?: unknown }) {
    if (!Number.isFinite(options.delayMs) || options.delayMs < 0) {
      throw new TypeError(`RetryAfterError: delayMs must be a finite number >= 0, got ${String(options.delayMs)}`);
    }
    super(ErrorCode.RetryAfter, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.delayMs = options.delayMs;
  }
}

/** A job attempt ran longer than its `timeoutSeconds`. */
export class JobTimeoutError extends BrickworkError {
  /** The job whose attempt timed out. */
  readonly job: string;
  /** The limit it passed. */
  readonly timeoutSeconds: number;

  constructor(job: string, timeoutSeconds: number) {
    super(ErrorCode.JobTimeout, `job '${job}' timed out after ${timeoutSeconds}s`);
    this.job = job;
    this.timeoutSeconds = timeoutSeconds;
  }
}

/** The run ran longer than its `deadlineSeconds`; in-flight jobs were stopped. */
export class RunDeadlineError extends BrickworkError {
  /** The deadline that passed. */
  readonly deadlineSeconds: number;

  constructor(deadlineSeconds: number) {
    super(ErrorCode.RunDeadline, `run deadline of ${deadlineSeconds}s exceeded`);
    this.deadlineSeconds = deadlineSeconds;
  }
}

/** The run was canceled through the `signal` given to `engine.run`. */
export class RunCanceledError extends BrickworkError {
  constructor(reason?: unknown) {
    const detail = reason instanceof Error ? `: ${reason.message}` : '';
    super(ErrorCode.RunCanceled, `run canceled${detail}`, { cause: reason });
  }
}

/** The metadata store failed; the run stopped rather than act without a record. */
export class StoreError extends BrickworkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.StoreFailed, message, options);
  }
}

/** Another owner holds the lease of the run. */
export class LeaseHeldError extends BrickworkError {
  /** The run whose lease is held. */
  readonly runId: string;
  /** The owner holding it (host, process id and a random part by default). */
  readonly holder: string;
  /** When the lease expires unless its holder renews it. */
  readonly expiresAt: Date;

  constructor(runId: string, holder: string, expiresAt: Date) {
    super(ErrorCode.LeaseHeld, `run '${runId}' is held by '${holder}' until ${expiresAt.toISOString()}`);
    this.runId = runId;
    this.holder = holder;
    this.expiresAt = new Date(expiresAt.getTime());
  }
}

/**
 * This drive of a run lost its lease: another owner took it over (or it was released), so
 * the drive stops without writing or changing anything in Databricks.
 */
export class LeaseLostError extends StoreError {
  /** The run whose lease was lost. */
  readonly runId: string;

  constructor(runId: string, detail = 'another owner took it over') {
    super(`lost the lease of run '${runId}': ${detail}`);
    this.runId = runId;
  }
}

/** A job key that the pipeline does not have was asked for. */
export class UnknownJobError extends BrickworkError {
  /** The pipeline asked. */
  readonly pipeline: string;
  /** The key it does not have. */
  readonly job: string;

  constructor(pipeline: string, key: string) {
    super(ErrorCode.UnknownJob, `pipeline '${pipeline}' has no job '${key}'`);
    this.pipeline = pipeline;
    this.job = key;
  }
}

/**
 * A job's external run (for example on Databricks) ended without success. Executors throw it
 * with the failure class that decides retries; users can throw it from in-process jobs too.
 */
export class JobRunError extends BrickworkError {
  /** Why the run failed. */
  readonly failureClass: FailureClass;
  /** Whether another attempt could succeed. */
  readonly retriable: boolean;

  constructor(failureClass: FailureClass, message: string, retriable: boolean) {
    super(ErrorCode.JobRunFailed, message);
    this.failureClass = failureClass;
    this.retriable = retriable;
  }
}

/** The metadata store has no run with this id. */
export class UnknownRunError extends BrickworkError {
  /** The run id asked for. */
  readonly runId: string;

  constructor(runId: string) {
    super(ErrorCode.UnknownRun, `the metadata store has no run '${runId}'`);
    this.runId = runId;
  }
}

/** A run is resumed with a pipeline whose definition is not the one it started with. */
export class PipelineChangedError extends BrickworkError {
  /** The pipeline's name. */
  readonly pipeline: string;
  /** The run being resumed. */
  readonly runId: string;
  /** `Pipeline.hash` recorded when the run started (`null` when the log has none). */
  readonly recordedHash: string | null;
  /** `Pipeline.hash` of the pipeline given now. */
  readonly currentHash: string;

  constructor(pipeline: string, runId: string, recorded: string | null, current: string, detail?: string) {
    super(
      ErrorCode.PipelineChanged,
      `pipeline '${pipeline}' changed since run '${runId}' started (hash ${recorded?.slice(0, 12) ?? 'unknown'}… is now ${current.slice(0, 12)}…)${detail ? `: ${detail}` : ''}; pass { allowChanged: true } to resume it anyway`,
    );
    this.pipeline = pipeline;
    this.runId = runId;
    this.recordedHash = recorded;
    this.currentHash = current;
  }
}

/**
 * A notifier could not deliver a notification. Notifiers throw it with `retriable: false`
 * when trying again cannot help (for example HTTP 400 or 404); any other error is retried.
 */
export class NotifyError extends BrickworkError {
  /** Whether another delivery attempt could succeed. */
  readonly retriable: boolean;

  constructor(message: string, options: { retriable: boolean; cause?: unknown }) {
    super(ErrorCode.NotifyFailed, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable;
  }
}

/** One problem in a pipeline file, with where it is. */
export interface ConfigFileProblem {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
  /** Dotted path of the value, e.g. `jobs.load.retries.max_retries`. */
  readonly path: string;
  readonly message: string;
}

/**
 * Pipeline files (brickwork YAML, the seed's job files, Databricks bundles) that cannot be
 * loaded; `problems` lists every problem found, each with `file:line:column`.
 */
export class ConfigError extends BrickworkError {
  readonly problems: readonly ConfigFileProblem[];

  constructor(problems: readonly ConfigFileProblem[]) {
    const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.column}  ${p.path ? `${p.path}: ` : ''}${p.message}`);
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(ErrorCode.ConfigInvalid, `pipeline file is invalid (${count}):\n${lines.join('\n')}`);
    this.problems = Object.freeze([...problems]);
  }
}
