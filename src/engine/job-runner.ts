import type { JobError } from '../builder/job-spec.js';
import type { JobDefinition } from '../graph/job-definition.js';
import type { AbortCallbacks } from './abortable.js';
import type { JobExecutor, TriggeredRunInfo } from './attempt.js';
import { AttemptLoop } from './attempt-loop.js';
import type { EventBus } from './event-bus.js';
import type { RunClock } from './run-clock.js';
import type { RunLog } from './run-log.js';
import type { AttemptResult } from './run-result.js';
import type { RunRows } from './run-rows.js';

/** What the attempt loop needs from the run it belongs to. */
export interface RunScope {
  readonly pipeline: string;
  readonly runId: string;
  readonly signal: AbortSignal;
  /** Calls back attempts to abandon when `signal` aborts. */
  readonly aborts: AbortCallbacks;
  /** The time, as dates shared by everything that happens in the same millisecond. */
  readonly clock: RunClock;
  readonly bus: EventBus;
  readonly log: RunLog;
  readonly rows: RunRows;
  readonly random: () => number;
  /** The executor of a job, by its kind. */
  executorFor(job: JobDefinition): JobExecutor;
  /** Reports a store failure; the run stops. */
  fatal(error: unknown): void;
}

/** Where a job's attempts start: from a resumed run's plan, or from scratch. */
export interface AttemptStart {
  /** Number of the first attempt made now. @default 1 */
  readonly firstAttempt?: number;
  /** Attempts already made in earlier processes, kept in the result. */
  readonly earlier?: readonly AttemptResult[];
  /** A Databricks run the first attempt already started: watch it instead of triggering. */
  readonly reattach?: TriggeredRunInfo;
}

/** How a job's attempts ended. */
export interface JobOutcome {
  readonly ok: boolean;
  /** Attempts allowed in this execution of the run (the last one's number). */
  readonly maxAttempts: number;
  readonly attempts: readonly AttemptResult[];
  readonly value?: unknown;
  readonly error?: JobError;
}

/** Receives how the attempts of job `index` ended. */
export type AttemptsEnded = (index: number, outcome: JobOutcome) => void;

/**
 * Runs the attempts of job `index` until one succeeds, a failure is not retried, or the run
 * stops, then calls `onEnd` (once). Before each attempt its intent (`started`, attempt N) is
 * durable in the log.
 */
export function runJobAttempts(
  scope: RunScope,
  index: number,
  job: JobDefinition,
  start: AttemptStart,
  onEnd: AttemptsEnded,
): void {
  new AttemptLoop(scope, index, job, start, onEnd).begin(start.firstAttempt ?? 1);
}

/** {@link runJobAttempts} as a promise of the outcome. */
export function attemptsOf(scope: RunScope, index: number, job: JobDefinition, start: AttemptStart): Promise<JobOutcome> {
  return new Promise((resolve) => runJobAttempts(scope, index, job, start, (_, outcome) => resolve(outcome)));
}
