import type { LogRecord } from '../adapters/metadata-store.js';

/** One attempt as the log tells it. */
export interface AttemptStory {
  readonly attempt: number;
  readonly startedAt: Date;
  endedAt?: Date;
  status: 'running' | 'success' | 'failed' | 'canceled';
  runPageUrl?: string;
  error?: string;
}

/** One job as the log tells it. */
export interface JobStory {
  readonly key: string;
  status: string;
  readonly attempts: AttemptStory[];
  readonly checks: { name: string; passed: boolean; severity: string; message: string }[];
  readonly rollbacks: { scope: string; status: string; tables: { table: string; status: string; reason?: string }[] }[];
  reason?: string;
}

/** A run as the log tells it: its status, times and jobs in order of appearance. */
export interface RunStory {
  readonly runId: string;
  readonly pipeline: string;
  readonly status: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly jobs: ReadonlyMap<string, JobStory>;
}

/** Folds a run's history (ordered by `seq`) into its story, for reports. */
export function runStory(history: readonly LogRecord[]): RunStory {
  const jobs = new Map<string, JobStory>();
  let status = 'in_progress';
  for (const row of history) {
    if (row.jobName === null) {
      if (row.event !== 'notified') status = row.status;
      continue;
    }
    let job = jobs.get(row.jobName);
    if (!job) {
      job = { key: row.jobName, status: row.status, attempts: [], checks: [], rollbacks: [] };
      jobs.set(row.jobName, job);
    }
    job.status = row.status;
    const open = job.attempts.at(-1);
    const details = row.details ? (JSON.parse(row.details) as Record<string, unknown>) : {};
    switch (row.event) {
      case 'queued':
        // Queued again by a resume: what ended it before is history.
        delete job.reason;
        break;
      case 'started':
      case 'reattached':
        if (row.event === 'started' || !open || open.attempt !== row.attempt) {
          job.attempts.push({ attempt: row.attempt, startedAt: row.startTime ?? row.eventTime, status: 'running' });
        }
        break;
      case 'triggered':
        if (open && row.runPageUrl) open.runPageUrl = row.runPageUrl;
        break;
      case 'attempt_failed':
      case 'succeeded':
      case 'failed':
      case 'canceled':
        if (open && open.status === 'running') {
          open.endedAt = row.endTime ?? row.eventTime;
          open.status = row.event === 'succeeded' ? 'success' : row.event === 'canceled' ? 'canceled' : 'failed';
          if (row.errorMessage) open.error = row.errorMessage;
        }
        if (row.event !== 'attempt_failed' && !open && row.errorMessage) job.reason = row.errorMessage;
        break;
      case 'skipped':
        if (row.errorMessage) job.reason = row.errorMessage;
        break;
      case 'check_passed':
      case 'check_failed':
        job.checks.push(details as JobStory['checks'][number]);
        break;
      case 'rollback_succeeded':
      case 'rollback_failed':
      case 'rollback_raced':
        job.rollbacks.push({
          ...(details as Omit<JobStory['rollbacks'][number], 'status'>),
          status: row.event.slice('rollback_'.length),
        });
        break;
    }
  }
  const first = history[0];
  const last = history.at(-1);
  return {
    runId: first?.pipelineRunId ?? '',
    pipeline: first?.pipelineName ?? '',
    status,
    startedAt: first?.eventTime ?? new Date(0),
    endedAt: last?.eventTime ?? new Date(0),
    jobs,
  };
}
