import type { CheckResult } from '../../adapters/check.js';
import type { JobStatus } from '../../adapters/metadata-store.js';
import type { RollbackJob, RollbackSnapshot, RollbackStrategy } from '../../adapters/rollback-strategy.js';
import type { SqlClient } from '../../adapters/sql-client.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import type { JobError } from '../../model/job-error.js';
import type { EngineEvents, EventBase } from '../events.js';
import type { InterruptedRestore, ResumePlan } from '../resume/resume-plan.js';
import type { AttemptResult, JobResult, RollbackTrigger, TableRollback } from '../run-result.js';
import type { RunScope } from '../scheduling/run-scope.js';

/** Events the guard emits. */
type GuardEvent = 'job:snapshot' | 'job:check' | 'rollback:started' | 'rollback:succeeded' | 'rollback:failed' | 'rollback:raced';

/** The run a guard belongs to. */
export type GuardScope = Pick<RunScope, 'pipeline' | 'runId' | 'parameters' | 'signal' | 'bus' | 'log' | 'rows' | 'lease'>;

/**
 * The data safety of one run: snapshots of the tables a job writes before its first attempt,
 * its checks after it succeeds, and the restores of its tables when it (or the run) fails.
 * Every step is a row in the log and an event.
 */
export class TableGuard {
  readonly #scope: GuardScope;
  readonly #strategy: RollbackStrategy | undefined;
  readonly #sql: SqlClient | undefined;
  readonly #snapshots = new Map<string, RollbackSnapshot>();
  readonly #ownVersions = new Map<string, Set<number>>();
  readonly #rollbacks: TableRollback[] = [];

  /** @param earlier what earlier executions of the run recorded (a resume reuses their snapshots). */
  constructor(
    scope: GuardScope,
    strategy: RollbackStrategy | undefined,
    sql: SqlClient | undefined,
    earlier?: Pick<ResumePlan, 'snapshots' | 'ownVersions'>,
  ) {
    this.#scope = scope;
    this.#strategy = strategy;
    this.#sql = sql;
    for (const [job, snapshot] of earlier?.snapshots ?? []) this.#snapshots.set(job, snapshot);
    for (const [table, versions] of earlier?.ownVersions ?? []) this.#ownVersions.set(table, new Set(versions));
  }

  /** Every restore so far, in order. */
  get rollbacks(): readonly TableRollback[] {
    return this.#rollbacks;
  }

  /**
   * Records the versions of the job's tables before its first attempt, durably, unless an
   * earlier execution of the run already did. Resolves to the job's failure when it cannot.
   */
  async snapshot(index: number, job: JobDefinition): Promise<JobError | undefined> {
    const strategy = this.#strategy;
    if (!strategy || job.rollback === 'none' || job.writes.length === 0 || this.#snapshots.has(job.key)) return undefined;
    let snapshot: RollbackSnapshot;
    try {
      snapshot = await strategy.snapshot(job, this.#context(new Set(), false));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { class: 'api', message: `could not snapshot ${job.writes.join(', ')} before running: ${reason}`, retriable: false };
    }
    this.#snapshots.set(job.key, snapshot);
    const row = this.#scope.rows.job(index, job.key, 'in_progress', 'snapshot', 0, new Date());
    row.details = JSON.stringify({ strategy: strategy.name, tables: snapshot.tables });
    await this.#scope.log.write(row);
    this.#emit('job:snapshot', { job: job.key, strategy: strategy.name, tables: snapshot.tables });
    return undefined;
  }

  /** Runs the job's checks in order; the first failed `error` check is the job's failure. */
  async check(
    index: number,
    job: JobDefinition,
    output: unknown,
    attempt: number,
  ): Promise<{
    results: CheckResult[];
    failure?: JobError;
  }> {
    const { pipeline, runId, signal, parameters } = this.#scope;
    const results: CheckResult[] = [];
    let failure: JobError | undefined;
    for (const check of job.checks) {
      const started = performance.now();
      let verdict: { passed: boolean; message: string; observed?: unknown };
      try {
        verdict = await check.run({ sql: this.#sql, pipeline, runId, job: job.key, output, signal, parameters });
      } catch (error) {
        verdict = {
          passed: false,
          message: `${check.name} could not run: ${error instanceof Error ? error.message : String(error)}`,
        };
      }
      const result: CheckResult = Object.freeze({
        name: check.name,
        severity: check.severity,
        ...verdict,
        durationMs: Math.round(performance.now() - started),
      });
      results.push(result);
      const row = this.#scope.rows.job(
        index,
        job.key,
        'in_progress',
        result.passed ? 'check_passed' : 'check_failed',
        attempt,
        new Date(),
      );
      row.details = JSON.stringify(result);
      if (!result.passed) row.errorMessage = result.message;
      await this.#scope.log.write(row);
      this.#emit('job:check', { job: job.key, result });
      if (!result.passed && check.severity === 'error' && !failure) {
        failure = { class: 'check_failed', message: `check ${check.name} failed: ${result.message}`, retriable: false };
      }
    }
    return failure ? { results, failure } : { results };
  }

  /**
   * Finishes the restores a process died in the middle of, in the order they began, before
   * any job runs: the strategy reads each table's history and does not restore twice. A job
   * the pipeline no longer has is skipped (its tables are left to `engine.rollback`).
   */
  async finishInterrupted(restores: readonly InterruptedRestore[], indexOf: ReadonlyMap<string, number>): Promise<void> {
    for (const restore of restores) {
      const index = indexOf.get(restore.job);
      const snapshot = this.#snapshots.get(restore.job);
      if (index === undefined || !snapshot) continue;
      const job = { key: restore.job, writes: snapshot.tables.map((t) => t.table) };
      await this.restore(index, job, restore.status, restore.scope, new Set(restore.ownRunIds), restore.attempt);
    }
  }

  /**
   * After a failed run: restores the tables of every job with `rollback: 'pipeline'`, in
   * reverse topological order; any Databricks run of the run counts as the pipeline's own.
   */
  async restoreRun(
    order: ArrayLike<number>,
    definitions: readonly JobDefinition[],
    results: readonly (JobResult | undefined)[],
  ): Promise<void> {
    const ownRunIds = runIdsOf(results.flatMap((result) => result?.attempts ?? []));
    for (let i = order.length - 1; i >= 0; i--) {
      const index = order[i] as number;
      const job = definitions[index] as JobDefinition;
      const result = results[index];
      if (job.rollback !== 'pipeline' || !result) continue;
      await this.restore(index, job, result.status, 'pipeline', ownRunIds, result.attempts.at(-1)?.attempt ?? 0);
    }
  }

  /**
   * Restores the tables of `job`, which ended with `status`, to its snapshot; commits of
   * `ownRunIds` are the pipeline's own. Never throws for a table's trouble: that is in the
   * outcome, and the job's own failure stays what it was.
   */
  async restore(
    index: number,
    job: RollbackJob,
    status: JobStatus,
    scope: RollbackTrigger,
    ownRunIds: ReadonlySet<number>,
    attempt: number,
    force = false,
  ): Promise<TableRollback | undefined> {
    const strategy = this.#strategy;
    const snapshot = this.#snapshots.get(job.key);
    if (!strategy || !snapshot) return undefined;
    const { rows, log } = this.#scope;
    // The durable intent: everything a resume needs to finish this restore if the process dies.
    const started = rows.job(index, job.key, status, 'rollback_started', attempt, new Date());
    started.details = JSON.stringify({ scope, strategy: strategy.name, tables: snapshot.tables, ownRunIds: [...ownRunIds] });
    await log.write(started);
    this.#emit('rollback:started', { job: job.key, scope, tables: snapshot.tables });
    let rollback: TableRollback;
    try {
      await this.#scope.lease.ensureHeld();
      const outcome = await strategy.restore(job, snapshot, this.#context(ownRunIds, force));
      rollback = Object.freeze({
        job: job.key,
        scope,
        strategy: strategy.name,
        status: outcome.status,
        tables: Object.freeze([...outcome.tables]),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      rollback = Object.freeze({
        job: job.key,
        scope,
        strategy: strategy.name,
        status: 'failed',
        tables: Object.freeze(snapshot.tables.map(({ table }) => ({ table, status: 'failed' as const, reason }))),
      });
    }
    this.#rollbacks.push(rollback);
    const ended = rows.job(index, job.key, status, `rollback_${rollback.status}`, attempt, new Date());
    ended.details = JSON.stringify({ scope, strategy: strategy.name, tables: rollback.tables });
    if (rollback.status === 'succeeded') {
      await log.write(ended);
      this.#emit('rollback:succeeded', { job: job.key, scope, tables: rollback.tables });
    } else {
      ended.errorMessage = problemsOf(rollback);
      await log.write(ended);
      this.#emit(`rollback:${rollback.status}`, { job: job.key, scope, tables: rollback.tables, error: ended.errorMessage });
    }
    return rollback;
  }

  #context(ownRunIds: ReadonlySet<number>, force: boolean) {
    const { pipeline, runId, signal } = this.#scope;
    return { pipeline, runId, signal, ownRunIds, ownVersions: this.#ownVersions, force };
  }

  #emit<E extends GuardEvent>(event: E, fields: Omit<EngineEvents[E], keyof EventBase>): void {
    const { bus, pipeline, runId } = this.#scope;
    if (bus.has(event)) bus.emit(event, { pipeline, runId, time: new Date(), ...fields } as EngineEvents[E]);
  }
}

/** The Databricks runs of some attempts. */
export function runIdsOf(attempts: readonly AttemptResult[]): Set<number> {
  return new Set(attempts.flatMap((a) => (a.databricksRunId === undefined ? [] : [a.databricksRunId])));
}

/** One line naming every table that was not restored, or whose restore undid others' commits, and why. */
function problemsOf(rollback: TableRollback): string {
  return rollback.tables
    .filter((t) => t.status === 'refused' || t.status === 'failed' || t.status === 'raced')
    .map((t) => `${t.table} ${t.status}: ${t.reason ?? ''}`)
    .join('; ');
}
