import type { LogRecord, RunStatus, RunSummary } from '../adapters/metadata-store.js';

/**
 * Folds run-level rows (`jobName === null`) into one summary per run, newest first: the
 * `listRuns` of a store that keeps rows rather than a runs table. Rows of jobs are skipped,
 * so all of a store's rows may be passed.
 * @example
 * ```ts
 * async listRuns(query = {}) {
 *   return summarizeRuns(await this.allRows(), query.pipeline, query.limit);
 * }
 * ```
 */
export function summarizeRuns(runRows: Iterable<LogRecord>, pipeline?: string, limit = 50): RunSummary[] {
  const runs = new Map<string, RunSummary>();
  for (const row of runRows) {
    if (row.jobName !== null || (pipeline !== undefined && row.pipelineName !== pipeline)) continue;
    const known = runs.get(row.pipelineRunId);
    runs.set(row.pipelineRunId, {
      runId: row.pipelineRunId,
      pipelineName: row.pipelineName,
      status: row.status as RunStatus,
      startedAt: known?.startedAt ?? row.startTime ?? row.eventTime,
      endedAt: row.endTime,
      pipelineHash: known?.pipelineHash ?? hashOf(row.details),
    });
  }
  return [...runs.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, limit);
}

function hashOf(details: string | null): string | null {
  if (!details) return null;
  const parsed: unknown = JSON.parse(details);
  const hash = (parsed as { pipelineHash?: unknown } | null)?.pipelineHash;
  return typeof hash === 'string' ? hash : null;
}
