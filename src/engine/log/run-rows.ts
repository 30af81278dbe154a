import type { JobStatus, LogEvent, LogRecord, RunStatus } from '../../adapters/metadata-store.js';

/** A log row being filled in; {@link RunLog.write} numbers and freezes it. */
export type LogRow = { -readonly [K in keyof LogRecord]: LogRecord[K] };

/** Makes the log rows of one run, with the columns every row shares already filled in. */
export class RunRows {
  readonly #pipeline: string;
  readonly #runId: string;
  readonly #jobIds: readonly string[];

  /** @param keys the job keys, by index. */
  constructor(pipeline: string, runId: string, keys: readonly string[]) {
    this.#pipeline = pipeline;
    this.#runId = runId;
    this.#jobIds = keys.map((key) => `${runId}/${key}`);
  }

  /** A row of job `key` (at `index` in the pipeline). */
  job(index: number, key: string, status: JobStatus, event: LogEvent, attempt: number, time: Date): LogRow {
    return this.#row(this.#jobIds[index] as string, key, status, event, attempt, time);
  }

  /** A run-level row (`jobName` null, `jobId` the run id). */
  run(status: RunStatus, event: 'run_started' | 'run_resumed' | 'run_finished' | 'notified', time: Date): LogRow {
    return this.#row(this.#runId, null, status, event, 0, time);
  }

  #row(
    jobId: string,
    jobName: string | null,
    status: JobStatus | RunStatus,
    event: LogEvent,
    attempt: number,
    time: Date,
  ): LogRow {
    return {
      pipelineName: this.#pipeline,
      pipelineRunId: this.#runId,
      jobId,
      jobName,
      status,
      event,
      attempt,
      databricksJobId: null,
      databricksRunId: null,
      runPageUrl: null,
      startTime: null,
      endTime: null,
      errorMessage: null,
      details: null,
      eventTime: time,
      seq: 0,
    };
  }
}
