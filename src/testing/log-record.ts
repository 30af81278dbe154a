import type { LogRecord } from '../adapters/metadata-store.js';

/**
 * A log row for tests of stores and readers of the log: job `a` of run `r1` of pipeline
 * `p`, `started`, attempt 1, at 2026-11-30T10:00Z, every other column empty; `fields`
 * override any of them.
 */
export function logRecord(fields: Partial<LogRecord> = {}): LogRecord {
  return {
    pipelineName: 'p',
    pipelineRunId: 'r1',
    jobId: 'r1/a',
    jobName: 'a',
    status: 'in_progress',
    event: 'started',
    attempt: 1,
    databricksJobId: null,
    databricksRunId: null,
    runPageUrl: null,
    startTime: null,
    endTime: null,
    errorMessage: null,
    details: null,
    eventTime: new Date('2026-11-30T10:00:00Z'),
    seq: 0,
    ...fields,
  };
}
