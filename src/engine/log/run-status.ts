import type { JobStatus, LogEvent, LogRecord, RunStatus } from '../../adapters/metadata-store.js';

/** Where one job of a run stands, from its newest row in the log. */
export interface JobStatusReport {
  readonly status: JobStatus;
  /** The newest row's event, e.g. `retry_scheduled` or `triggered`. */
  readonly event: LogEvent;
  readonly attempt: number;
  /** When the newest row was written. */
  readonly updatedAt: Date;
  readonly databricksRunId: number | null;
  readonly runPageUrl: string | null;
  readonly errorMessage: string | null;
}

/** Where a run stands, as `engine.status(runId)` reads it from the log. */
export interface RunStatusReport {
  readonly runId: string;
  readonly pipeline: string;
  /** `in_progress` also for a run whose process died: `resume` continues it. */
  readonly status: RunStatus;
  /** Jobs the log mentions, in the order they first appear. */
  readonly jobs: ReadonlyMap<string, JobStatusReport>;
}

/** Folds the newest rows of a run into a report. */
export function statusReport(runId: string, latest: readonly LogRecord[]): RunStatusReport {
  const jobs = new Map<string, JobStatusReport>();
  let run: LogRecord | undefined;
  for (const row of latest) {
    if (row.jobName === null) {
      run = row;
      continue;
    }
    jobs.set(
      row.jobName,
      Object.freeze({
        status: row.status as JobStatus,
        event: row.event,
        attempt: row.attempt,
        updatedAt: row.eventTime,
        databricksRunId: row.databricksRunId,
        runPageUrl: row.runPageUrl,
        errorMessage: row.errorMessage,
      }),
    );
  }
  return Object.freeze({
    runId,
    pipeline: run?.pipelineName ?? latest[0]?.pipelineName ?? '',
    status: (run?.status ?? 'in_progress') as RunStatus,
    jobs,
  });
}
