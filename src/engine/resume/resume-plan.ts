import type { JobStatus, LogRecord } from '../../adapters/metadata-store.js';
import type { RollbackSnapshot, TableRestore } from '../../adapters/rollback-strategy.js';
import type { FailureClass, JobError } from '../../model/job-error.js';
import type { RepairTarget, TriggeredRunInfo } from '../attempts/attempt-work.js';
import type { AttemptResult, JobResult, RollbackTrigger } from '../run-result.js';
import { jobResultOf } from '../scheduling/job-ending.js';
import type { AttemptStart } from '../scheduling/run-scope.js';

/** What a resumed run does with one job, decided from its rows in the log. */
export type JobPlan =
  /** It succeeded: keep its result, never run it again. */
  | { readonly kind: 'keep'; readonly result: JobResult }
  /** Its attempt started a Databricks run that may still be running: watch that run. */
  | {
      readonly kind: 'reattach';
      readonly attempt: number;
      readonly run: TriggeredRunInfo;
      readonly earlier: readonly AttemptResult[];
    }
  /**
   * Its attempt started but no run was recorded: make the same attempt again (same token),
   * or finish the repair it recorded it was making.
   */
  | {
      readonly kind: 'repeat';
      readonly attempt: number;
      readonly earlier: readonly AttemptResult[];
      readonly repair?: RepairTarget;
    }
  /** Run it again from attempt `firstAttempt`, with a fresh retry budget. */
  | { readonly kind: 'run'; readonly firstAttempt: number; readonly earlier: readonly AttemptResult[] };

/**
 * A restore whose intent (`rollback_started`) is recorded but whose end is not: its process
 * died between the two. A resume finishes it first, before any job runs.
 */
export interface InterruptedRestore {
  /** The job whose tables were being restored. */
  readonly job: string;
  readonly scope: RollbackTrigger;
  /** The job's status when the restore began. */
  readonly status: JobStatus;
  readonly attempt: number;
  /** Databricks runs whose commits were the pipeline's own for that restore. */
  readonly ownRunIds: readonly number[];
}

/** The plan of a resumed run. */
export interface ResumePlan {
  /** Plans by job key (jobs the log never mentions are absent: they run from attempt 1). */
  readonly jobs: ReadonlyMap<string, JobPlan>;
  /** Highest `seq` so far: the resumed run's rows continue after it. */
  readonly lastSeq: number;
  /** `Pipeline.hash` the run started with. */
  readonly pipelineHash: string | null;
  /** The format of that hash (`HASH_FORMAT`); `null` for runs recorded before formats were recorded. */
  readonly hashFormat: string | null;
  /** Parameters the run started with. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Whether a failure alert of the run reached a notifier (a success is then `recovered`). */
  readonly failureAlerted: boolean;
  /** The newest snapshot of each job's tables: a resumed job restores to it, not to a new one. */
  readonly snapshots: ReadonlyMap<string, RollbackSnapshot>;
  /** Table versions made by the run's own restores, which later restores must not refuse. */
  readonly ownVersions: ReadonlyMap<string, ReadonlySet<number>>;
  /** Restores begun but never recorded as ended, in the order they began. */
  readonly interruptedRestores: readonly InterruptedRestore[];
}

interface OpenAttempt {
  attempt: number;
  startedAt: Date;
  run?: TriggeredRunInfo;
  repair?: RepairTarget;
  ended?: AttemptResult;
}

/** Reads a run's history (ordered by `seq`) into a plan, following the resume rules. */
export function planResume(history: readonly LogRecord[]): ResumePlan {
  const attempts = new Map<string, OpenAttempt[]>();
  const finalRows = new Map<string, LogRecord>();
  let pipelineHash: string | null = null;
  let hashFormat: string | null = null;
  let parameters: Record<string, string> = {};
  let lastSeq = 0;
  let failureAlerted = false;
  const snapshots = new Map<string, RollbackSnapshot>();
  // Jobs whose tables were restored after they succeeded: their work is gone, so they run again.
  const undone = new Set<string>();
  const ownVersions = new Map<string, Set<number>>();
  const interrupted = new Map<string, InterruptedRestore>();
  for (const row of history) {
    lastSeq = Math.max(lastSeq, row.seq);
    if (row.jobName === null) {
      // A resume (possibly with allowChanged) records the definition it continued with.
      if ((row.event === 'run_started' || row.event === 'run_resumed') && row.details) {
        ({
          pipelineHash = null,
          hashFormat = null,
          parameters = {},
        } = JSON.parse(row.details) as {
          pipelineHash?: string;
          hashFormat?: string;
          parameters?: Record<string, string>;
        });
      }
      if (row.event === 'notified' && row.details) failureAlerted ||= isDeliveredFailureAlert(row.details);
      continue;
    }
    const list = attempts.get(row.jobName) ?? [];
    attempts.set(row.jobName, list);
    const open = list[list.length - 1];
    switch (row.event) {
      case 'started':
        list.push({ attempt: row.attempt, startedAt: row.startTime ?? row.eventTime });
        break;
      case 'triggered':
      case 'reattached':
        if (open && row.databricksRunId !== null) open.run = triggeredOf(row);
        break;
      case 'repairing':
        if (open && row.databricksRunId !== null) {
          const { latestRepairId = null } = (row.details ? JSON.parse(row.details) : {}) as { latestRepairId?: number | null };
          open.repair = { run: triggeredOf(row), recordedLatestRepairId: latestRepairId };
        }
        break;
      case 'attempt_failed':
        if (open) open.ended = ended(open, row, 'failed');
        break;
      case 'succeeded':
        if (open) open.ended = ended(open, row, 'success');
        finalRows.set(row.jobName, row);
        undone.delete(row.jobName);
        break;
      case 'failed':
      case 'canceled':
      case 'skipped':
        // An attempt that succeeded and then failed a blocking check ends with the job.
        if (open && !open.ended && row.event !== 'skipped') open.ended = ended(open, row, row.event);
        finalRows.set(row.jobName, row);
        break;
      case 'snapshot':
        if (row.details) snapshots.set(row.jobName, { tables: (JSON.parse(row.details) as RollbackSnapshot).tables });
        break;
      case 'rollback_started': {
        const { scope = 'job', ownRunIds = [] } = (row.details ? JSON.parse(row.details) : {}) as Partial<InterruptedRestore>;
        interrupted.set(row.jobName, {
          job: row.jobName,
          scope,
          status: row.status as JobStatus,
          attempt: row.attempt,
          ownRunIds,
        });
        break;
      }
      case 'rollback_succeeded':
      case 'rollback_failed':
      case 'rollback_raced': {
        interrupted.delete(row.jobName);
        const restored = restoredTables(row.details);
        if (row.status === 'success' && restored.length > 0) undone.add(row.jobName);
        for (const { table, restoredVersion } of restored) {
          if (restoredVersion !== undefined) ownVersions.set(table, (ownVersions.get(table) ?? new Set()).add(restoredVersion));
        }
        break;
      }
      case 'queued':
        finalRows.delete(row.jobName);
        break;
    }
  }
  // A succeeded job whose restore was interrupted is undone once the resume finishes it.
  for (const restore of interrupted.values()) if (restore.status === 'success') undone.add(restore.job);
  const jobs = new Map<string, JobPlan>();
  for (const [key, list] of attempts) jobs.set(key, planOf(key, list, undone.has(key) ? undefined : finalRows.get(key)));
  const interruptedRestores = [...interrupted.values()];
  return { jobs, lastSeq, pipelineHash, hashFormat, parameters, failureAlerted, snapshots, ownVersions, interruptedRestores };
}

function restoredTables(details: string | null): TableRestore[] {
  const { tables = [] } = (details ? JSON.parse(details) : {}) as { tables?: TableRestore[] };
  return tables.filter((table) => table.status === 'restored' || table.status === 'raced');
}

function isDeliveredFailureAlert(details: string): boolean {
  const { severity, sent } = JSON.parse(details) as { severity?: string; sent?: unknown[] };
  return severity === 'error' && Array.isArray(sent) && sent.length > 0;
}

function planOf(key: string, list: readonly OpenAttempt[], final: LogRecord | undefined): JobPlan {
  const earlier = list.flatMap((open) => (open.ended ? [open.ended] : []));
  const last = list[list.length - 1];
  if (final?.status === 'success') return { kind: 'keep', result: jobResultOf(key, 'success', { attempts: earlier }) };
  if (last && !last.ended && !final) {
    return last.run
      ? { kind: 'reattach', attempt: last.attempt, run: last.run, earlier }
      : { kind: 'repeat', attempt: last.attempt, earlier, ...(last.repair ? { repair: last.repair } : {}) };
  }
  return { kind: 'run', firstAttempt: (last?.attempt ?? 0) + 1, earlier };
}

function triggeredOf(row: LogRecord): TriggeredRunInfo {
  return {
    runId: row.databricksRunId as number,
    ...(row.databricksJobId === null ? {} : { jobId: row.databricksJobId }),
    ...(row.runPageUrl === null ? {} : { runPageUrl: row.runPageUrl }),
  };
}

function ended(open: OpenAttempt, row: LogRecord, status: AttemptResult['status']): AttemptResult {
  const result: { -readonly [K in keyof AttemptResult]: AttemptResult[K] } = {
    attempt: open.attempt,
    status,
    startedAt: open.startedAt,
    endedAt: row.endTime ?? row.eventTime,
  };
  if (status !== 'success') result.error = errorOf(row);
  if (open.run) {
    result.databricksRunId = open.run.runId;
    if (open.run.runPageUrl) result.runPageUrl = open.run.runPageUrl;
  }
  return Object.freeze(result);
}

function errorOf(row: LogRecord): JobError {
  const details = row.details ? (JSON.parse(row.details) as { errorClass?: FailureClass }) : {};
  return { class: details.errorClass ?? 'run_failed', message: row.errorMessage ?? '', retriable: true };
}

const FROM_SCRATCH: AttemptStart = Object.freeze({});

/** Where a job's attempts start, given its plan (none: a fresh start). */
export function attemptStartOf(plan: JobPlan | undefined): AttemptStart {
  if (!plan || plan.kind === 'keep') return FROM_SCRATCH;
  if (plan.kind === 'run') return { firstAttempt: plan.firstAttempt, earlier: plan.earlier };
  if (plan.kind === 'repeat') {
    return {
      firstAttempt: plan.attempt,
      earlier: plan.earlier,
      continues: true,
      ...(plan.repair ? { repair: plan.repair } : {}),
    };
  }
  return { firstAttempt: plan.attempt, earlier: plan.earlier, reattach: plan.run, continues: true };
}
