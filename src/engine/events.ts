import type { CheckResult } from '../adapters/check.js';
import type { TableRestore, TableVersion } from '../adapters/rollback-strategy.js';
import type { JobError } from '../model/job-error.js';
import type { NotificationKind } from '../model/notification.js';
import type { RollbackTrigger, RunResult } from './run-result.js';

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

/** Fields of the `notify:*` events. */
export interface NotifyEventFields {
  /** The notifier's name. */
  readonly notifier: string;
  readonly kind: NotificationKind;
  /** The job, for job notifications. */
  readonly job?: string | undefined;
  /** `Notification.id`. */
  readonly notificationId: string;
  /** Delivery attempts made. */
  readonly attempts: number;
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
  /** `engine.recover` resumed an unfinished run to its end; `result` is that resume's. */
  'run:recovered': EventBase & { readonly result: RunResult };
  /** A job's dependencies are done and its `runIf` holds; it waits for a slot. */
  'job:queued': JobEventBase & { readonly priority: number };
  /** An attempt started. */
  'job:start': JobEventBase & { readonly attempt: number; readonly maxAttempts: number };
  /** An attempt started a Databricks run (its `triggered` row is durable). */
  'job:triggered': JobEventBase & { readonly attempt: number; readonly databricksRunId: number; readonly runPageUrl?: string };
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
  /** The job failed for good. `attempt` is its last attempt, of `maxAttempts`. */
  'job:failed': JobEventBase & {
    readonly attempts: number;
    readonly attempt: number;
    readonly maxAttempts: number;
    readonly error: JobError;
    readonly durationMs?: number;
    readonly runPageUrl?: string;
  };
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
  /** The versions of the job's tables were recorded before its first attempt. */
  'job:snapshot': JobEventBase & { readonly strategy: string; readonly tables: readonly TableVersion[] };
  /** A data-quality check of the job ran. */
  'job:check': JobEventBase & { readonly result: CheckResult };
  /** Restoring a job's tables started (`scope` says why: the job, the pipeline, or `engine.rollback`). */
  'rollback:started': JobEventBase & { readonly scope: RollbackTrigger; readonly tables: readonly TableVersion[] };
  /** Every table of the job is back (or was unchanged). */
  'rollback:succeeded': JobEventBase & { readonly scope: RollbackTrigger; readonly tables: readonly TableRestore[] };
  /** Some table could not be restored; the job's own failure stays what it was. */
  'rollback:failed': JobEventBase & {
    readonly scope: RollbackTrigger;
    readonly tables: readonly TableRestore[];
    readonly error: string;
  };
  /**
   * The tables are back, but a restore undid commits that landed between its check and its
   * RESTORE (`TableRestore.racedVersions`); `error` names them.
   */
  'rollback:raced': JobEventBase & {
    readonly scope: RollbackTrigger;
    readonly tables: readonly TableRestore[];
    readonly error: string;
  };
  /** A notification reached a notifier. */
  'notify:sent': EventBase & NotifyEventFields;
  /** A notifier could not deliver a notification after its retries; the run goes on. */
  'notify:failed': EventBase & NotifyEventFields & { readonly error: string };
  /** A listener threw or rejected; the run goes on. */
  'listener:error': EventBase & { readonly event: string; readonly error: unknown };
}

/** Name of an engine event. */
export type EngineEventName = keyof EngineEvents;

/** A listener of event `E`. */
export type EngineListener<E extends EngineEventName> = (event: EngineEvents[E]) => unknown;
