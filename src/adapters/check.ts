/**
 * Data-quality gates: what a check is and what it reports.
 * @module
 */
import type { SqlClient } from './sql-client.js';

/** `error` blocks: the job fails (class `check_failed`) and its tables are restored; `warn` only tells. */
export type CheckSeverity = 'error' | 'warn';

/** What a check may use. */
export interface CheckContext {
  /** The engine's SQL client (`createEngine({ sql })`), when it has one. */
  readonly sql: SqlClient | undefined;
  readonly pipeline: string;
  readonly runId: string;
  /** The job whose output is checked. */
  readonly job: string;
  /** The run's parameters (`engine.run(p, { parameters })`); `checks.sql` binds them to `:name` markers. */
  readonly parameters: Readonly<Record<string, string>>;
  /** The value an in-process job returned. */
  readonly output: unknown;
  /** Aborts when the run is canceled. */
  readonly signal: AbortSignal;
}

/** What a check found. */
export interface CheckVerdict {
  readonly passed: boolean;
  /** One line for people, e.g. `main.etl.orders has 0 rows, expected at least 1`. */
  readonly message: string;
  /** The measured value, for the log and reports. */
  readonly observed?: unknown;
}

/**
 * A gate that runs after its job succeeds and before any dependent starts. Make them with
 * `checks.rowCount`, `checks.schema`, `checks.sql` and `checks.custom`.
 */
export interface Check {
  /** Unique among the job's checks. */
  readonly name: string;
  readonly severity: CheckSeverity;
  /** Evaluates the check; a rejection counts as a failed check. */
  run(context: CheckContext): Promise<CheckVerdict>;
}

/** One check's result, in events, the log and `JobResult.checks`. */
export interface CheckResult extends CheckVerdict {
  readonly name: string;
  readonly severity: CheckSeverity;
  readonly durationMs: number;
}
