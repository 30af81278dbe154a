import type { JobError } from '../builder/job-spec.js';
import type { RunResult } from './run-result.js';

/** Fields on every event payload. */
export interface EventBase {
  /** Pipeline name. */
  readonly pipeline: string;
  /** Run id. */
  readonly runId: string;
  /** When the event happened. */
  readonly time: Date;
}

/** Fields on every job event payload. */
export interface JobEventBase extends EventBase {
  /** The job's key. */
  readonly job: string;
}

/**
 * Every event the engine emits, by name, with its payload type.
 *
 * @example
 * ```ts
 * engine.on('job:failed', (e) => console.error(`${e.job} failed after ${e.attempts} attempts: ${e.error.message}`));
 * ```
 */
export interface EngineEvents {
  /** A run started. */
  'run:start': EventBase & { readonly jobs: number };
  /** A run finished; `result` equals what `engine.run` resolves to. */
  'run:finish': EventBase & { readonly result: RunResult };
  /** A job's dependencies are done and its `runIf` holds; it waits for a slot. */
  'job:queued': JobEventBase & { readonly priority: number };
  /** An attempt started. */
  'job:start': JobEventBase & { readonly attempt: number; readonly maxAttempts: number };
  /** An attempt failed; `willRetry` says whether another follows. */
  'job:attempt_failed': JobEventBase & {
    readonly attempt: number;
    readonly maxAttempts: number;
    readonly error: JobError;
    readonly willRetry: boolean;
  };
  /** A retry was scheduled after `delayMs`. `attempt` is the coming attempt. */
  'job:retry': JobEventBase & { readonly attempt: number; readonly maxAttempts: number; readonly delayMs: number };
  /** The job succeeded. */
  'job:success': JobEventBase & { readonly attempt: number; readonly durationMs: number };
  /** The job failed for good. */
  'job:failed': JobEventBase & { readonly attempts: number; readonly error: JobError };
  /** The job will not run: its `runIf` does not hold. */
  'job:skipped': JobEventBase & { readonly reason: string };
  /** The job was canceled, running or not. */
  'job:canceled': JobEventBase & { readonly reason: string };
  /** An attempt runs longer than `warnAfterSeconds`. */
  'job:duration_warning': JobEventBase & {
    readonly attempt: number;
    readonly elapsedSeconds: number;
    readonly warnAfterSeconds: number;
  };
  /** A listener threw or rejected; the run goes on. */
  'listener:error': EventBase & { readonly event: string; readonly error: unknown };
}

/** Name of an engine event. */
export type EngineEventName = keyof EngineEvents;

/** A listener of event `E`. */
export type EngineListener<E extends EngineEventName> = (event: EngineEvents[E]) => unknown;
