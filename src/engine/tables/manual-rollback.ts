import { InvalidOptionsError, UnknownRunError } from '../../model/errors.js';
import type { ResolvedEngineOptions } from '../engine-options.js';
import type { EventBus } from '../event-bus.js';
import { LeaseKeeper } from '../log/lease-keeper.js';
import { RunLog } from '../log/run-log.js';
import { RunRows } from '../log/run-rows.js';
import { planResume } from '../resume/resume-plan.js';
import type { TableRollback } from '../run-result.js';
import { TableGuard } from './table-guard.js';

/** Options of `engine.rollback`. */
export interface RollbackOptions {
  /** Restore even over commits that are not the run's own (they are lost). @default false */
  readonly force?: boolean;
}

/**
 * Restores every table a finished run snapshotted to its version before the run, the
 * latest snapshot first (reverse order of the run). The run's lease is held meanwhile, so
 * it cannot run or resume at the same time; the restores are rows of the run's log.
 *
 * @throws {@link UnknownRunError}, {@link LeaseHeldError} while another process drives the
 * run, {@link InvalidOptionsError} without a rollback strategy.
 */
export async function rollbackRun(
  options: ResolvedEngineOptions,
  bus: EventBus,
  runId: string,
  rollback: RollbackOptions,
): Promise<readonly TableRollback[]> {
  const { store, rollback: strategy, sql, owner, leaseTtlMs, logger } = options;
  if (!strategy) {
    throw new InvalidOptionsError(
      'engine.rollback needs a rollback strategy: createEngine({ sql }) or createEngine({ rollback })',
    );
  }
  // The lease first, then the history: nothing another drive writes meanwhile is missed.
  const lease = new LeaseKeeper(store, runId, owner, leaseTtlMs, logger);
  const controller = new AbortController();
  await lease.acquire();
  lease.onLost((error) => controller.abort(error));
  try {
    const history = await store.history(runId);
    if (history.length === 0) throw new UnknownRunError(runId);
    const plan = planResume(history);
    const keys = [...plan.snapshots.keys()];
    const scope = {
      pipeline: history[0]?.pipelineName ?? '',
      runId,
      parameters: plan.parameters,
      signal: controller.signal,
      bus,
      log: new RunLog(store, plan.lastSeq, lease.fence),
      lease,
      rows: new RunRows(history[0]?.pipelineName ?? '', runId, keys),
    };
    const guard = new TableGuard(scope, strategy, sql, plan);
    const ownRunIds = new Set(history.flatMap((row) => (row.databricksRunId === null ? [] : [row.databricksRunId])));
    const latest = new Map(history.filter((row) => row.jobName !== null).map((row) => [row.jobName as string, row]));
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index] as string;
      const job = { key, writes: (plan.snapshots.get(key)?.tables ?? []).map((t) => t.table) };
      const row = latest.get(key);
      const status = row?.status === 'success' || row?.status === 'failed' || row?.status === 'canceled' ? row.status : 'failed';
      await guard.restore(index, job, status, 'manual', ownRunIds, row?.attempt ?? 0, rollback.force ?? false);
    }
    return Object.freeze([...guard.rollbacks]);
  } finally {
    await lease.release();
  }
}
