/**
 * Every error brickwork throws extends {@link BrickworkError} and carries a stable
 * {@link BrickworkErrorCode}, so callers can branch on `error.code` instead of messages.
 */

/** Stable string codes of brickwork's errors. */
export const ErrorCode = {
  /** A pipeline definition is invalid; see {@link PipelineValidationError.problems}. */
  PipelineInvalid: 'PIPELINE_INVALID',
  /** Engine or run options are invalid, or the engine lacks an adapter a job needs. */
  InvalidOptions: 'INVALID_OPTIONS',
  /** Thrown by a job to say that retrying cannot help. */
  NonRetriable: 'NON_RETRIABLE',
  /** Thrown by a job to ask for its next attempt after a given delay. */
  RetryAfter: 'RETRY_AFTER',
  /** A job attempt exceeded its `timeoutSeconds`. */
  JobTimeout: 'JOB_TIMEOUT',
  /** The run exceeded its `deadlineSeconds`. */
  RunDeadline: 'RUN_DEADLINE',
  /** The run was canceled through its `signal`. */
  RunCanceled: 'RUN_CANCELED',
  /** The metadata store failed, so the run could not be recorded safely. */
  StoreFailed: 'STORE_FAILED',
  /** Another process holds the lease of this run. */
  LeaseHeld: 'LEASE_HELD',
  /** A job key that the pipeline does not have. */
  UnknownJob: 'UNKNOWN_JOB',
  /** A run id that the metadata store does not have. */
  UnknownRun: 'UNKNOWN_RUN',
  /** A run is resumed with a pipeline whose definition changed since it started. */
  PipelineChanged: 'PIPELINE_CHANGED',
  /** A Databricks API call failed; see `DatabricksApiError`. */
  DatabricksApi: 'DATABRICKS_API',
  /** Databricks credentials or host are missing or conflicting. */
  DatabricksConfig: 'DATABRICKS_CONFIG',
  /** A SQL statement failed on the warehouse; see `SqlStatementError`. */
  SqlFailed: 'SQL_FAILED',
  /** A job's run ended without success; see `JobRunError.failureClass`. */
  JobRunFailed: 'JOB_RUN_FAILED',
  /** A notifier could not deliver a notification; see `NotifyError`. */
  NotifyFailed: 'NOTIFY_FAILED',
  /** A pipeline file is invalid; see `ConfigError.problems`. */
  ConfigInvalid: 'CONFIG_INVALID',
} as const;

/** One of the values of {@link ErrorCode}. */
export type BrickworkErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const brand = Symbol.for('brickwork.error');

/** Names of the error classes from `type` up to {@link BrickworkError}, stored on each instance. */
function lineage(type: abstract new (...args: never[]) => unknown): readonly string[] {
  const names: string[] = [];
  for (
    let current: unknown = type;
    typeof current === 'function' && current !== Error;
    current = Object.getPrototypeOf(current)
  ) {
    names.push((current as { name: string }).name);
  }
  return Object.freeze(names);
}

/**
 * Base class of all brickwork errors. `instanceof` works across two copies of the package
 * (ESM and CJS, or two versions) for this class and every subclass, through a
 * `Symbol.for` brand that lists the class names of the error.
 *
 * @example
 * ```ts
 * if (error instanceof BrickworkError && error.code === ErrorCode.PipelineInvalid) { … }
 * ```
 */
export class BrickworkError extends Error {
  /** Stable machine-readable code. */
  readonly code: BrickworkErrorCode;

  constructor(code: BrickworkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
    Object.defineProperty(this, brand, { value: lineage(new.target) });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    const names = (value as { [brand]?: unknown } | null | undefined)?.[brand];
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof`.
    return Array.isArray(names) && names.includes(this.name);
  }
}
