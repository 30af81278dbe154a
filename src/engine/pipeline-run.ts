import { setMaxListeners } from 'node:events';
import PQueue from 'p-queue';
import type { JobStatus, RunStatus } from '../adapters/metadata-store.js';
import type { JobError } from '../builder/job-spec.js';
import { RunCanceledError, RunDeadlineError, StoreError } from '../errors.js';
import { FrozenMap } from '../graph/frozen-map.js';
import type { JobDefinition } from '../graph/job-definition.js';
import { internalsOf, type Pipeline, type PipelineInternals } from '../graph/pipeline.js';
import { type AttemptInfo, inProcessExecutor, type JobExecutor } from './attempt.js';
import { classifyError } from './classify-error.js';
import type { ResolvedEngineOptions } from './engine-options.js';
import type { EventBus } from './event-bus.js';
import { AttemptContext } from './job-context.js';
import { type JobOutcome, type RunScope, runJobAttempts } from './job-runner.js';
import { LeaseKeeper } from './lease.js';
import { runIfHolds } from './run-if.js';
import { type PendingRecord, RunLog } from './run-log.js';
import type { JobResult, RunResult } from './run-result.js';

/** Where a job is in this run, besides its final status. */
const Phase = { Waiting: 0, Queued: 1, Running: 2, Done: 3 } as const;

/** What one run needs beyond the engine options. */
export interface RunSetup {
  readonly runId: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly signal: AbortSignal | undefined;
  readonly deadlineSeconds: number | undefined;
}

/**
 * One run of a pipeline: decides which jobs are ready, skipped or canceled, feeds ready jobs
 * to a priority queue (longest remaining path first) and records every transition.
 */
export class PipelineRun implements RunScope {
  readonly pipeline: string;
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly log: RunLog;
  readonly random: () => number;
  readonly execute: JobExecutor;
  readonly #graph: PipelineInternals;
  readonly #hash: string;
  readonly #options: ResolvedEngineOptions;
  readonly #setup: RunSetup;
  readonly #controller = new AbortController();
  readonly #queue: PQueue;
  readonly #phase: Uint8Array;
  readonly #waiting: Int32Array;
  readonly #status: JobStatus[];
  readonly #results: JobResult[];
  readonly #outputs: unknown[];
  #open: number;
  #stopReason: JobError | undefined;
  #canceled = false;
  #fatalError: Error | undefined;
  #allDone: () => void = () => {};

  constructor(
    pipeline: Pipeline,
    options: ResolvedEngineOptions,
    readonly bus: EventBus,
    setup: RunSetup,
  ) {
    this.pipeline = pipeline.name;
    this.runId = setup.runId;
    this.#hash = pipeline.hash;
    this.#graph = internalsOf(pipeline);
    this.#options = options;
    this.#setup = setup;
    this.signal = this.#controller.signal;
    setMaxListeners(0, this.signal);
    this.log = new RunLog(options.store);
    this.random = options.random;
    this.execute = inProcessExecutor((job, attempt) => this.#context(job, attempt));
    // Paused until every root is queued, so the first root added does not jump the priorities.
    this.#queue = new PQueue({ concurrency: pipeline.settings.concurrency ?? options.concurrency, autoStart: false });
    const size = this.#graph.definitions.length;
    this.#phase = new Uint8Array(size);
    this.#waiting = new Int32Array(size);
    for (let i = 0; i < size; i++) this.#waiting[i] = this.#degree(this.#graph.dependencies.offsets, i);
    this.#status = new Array<JobStatus>(size).fill('pending');
    this.#results = new Array<JobResult>(size);
    this.#outputs = new Array<unknown>(size);
    this.#open = size;
    this.fatal = this.fatal.bind(this);
  }

  /** Runs the pipeline to the end. Rejects only when the store fails or the lease is held. */
  async run(): Promise<RunResult> {
    const startedAt = new Date();
    const lease = new LeaseKeeper(
      this.#options.store,
      this.runId,
      this.#options.owner,
      this.#options.leaseTtlMs,
      this.#options.logger,
    );
    await lease.acquire((error) => this.fatal(error));
    try {
      await this.log.write(
        this.#runRow('in_progress', 'run_started', {
          startTime: startedAt,
          details: JSON.stringify({ pipelineHash: this.#hash }),
        }),
      );
      this.bus.emit('run:start', { pipeline: this.pipeline, runId: this.runId, time: startedAt, jobs: this.#status.length });
      const done = new Promise<void>((resolve) => (this.#allDone = resolve));
      const stop = this.#watchStops(this.#setup.deadlineSeconds);
      for (const index of this.#graph.order) if (this.#waiting[index] === 0) this.#decide(index);
      this.#queue.start();
      if (this.#open === 0) this.#allDone();
      await done;
      stop();
      const result = this.#result(startedAt);
      await this.log.write(this.#runRow(result.status, 'run_finished', { startTime: startedAt, endTime: result.endedAt }));
      if (this.#fatalError) throw this.#fatalError;
      this.bus.emit('run:finish', { pipeline: this.pipeline, runId: this.runId, time: result.endedAt, result });
      return result;
    } catch (error) {
      throw this.#fatalError ?? error;
    } finally {
      await lease.release();
    }
  }

  /** Stops the run because it can no longer be recorded safely. */
  fatal(error: unknown): void {
    if (this.#fatalError) return;
    this.#fatalError = error instanceof Error ? error : new StoreError(String(error));
    this.#stop(this.#fatalError, false);
  }

  /** A log row of `job` with the shared columns filled in. */
  row(job: JobDefinition, fields: Pick<PendingRecord, 'status' | 'event' | 'attempt'> & Partial<PendingRecord>): PendingRecord {
    return this.#row(`${this.runId}/${job.key}`, job.key, fields);
  }

  #runRow(status: RunStatus, event: 'run_started' | 'run_finished', fields: Partial<PendingRecord>): PendingRecord {
    return this.#row(this.runId, null, { status, event, attempt: 0, ...fields });
  }

  #row(
    jobId: string,
    jobName: string | null,
    fields: Pick<PendingRecord, 'status' | 'event' | 'attempt'> & Partial<PendingRecord>,
  ): PendingRecord {
    return {
      pipelineName: this.pipeline,
      pipelineRunId: this.runId,
      jobId,
      jobName,
      databricksJobId: null,
      databricksRunId: null,
      runPageUrl: null,
      startTime: null,
      endTime: null,
      errorMessage: null,
      details: null,
      eventTime: new Date(),
      ...fields,
    };
  }

  #watchStops(deadlineSeconds: number | undefined): () => void {
    const userSignal = this.#setup.signal;
    const onCancel = () => this.#stop(new RunCanceledError(userSignal?.reason), true);
    userSignal?.addEventListener('abort', onCancel, { once: true });
    const deadline =
      deadlineSeconds === undefined
        ? undefined
        : setTimeout(() => this.#stop(new RunDeadlineError(deadlineSeconds), false), deadlineSeconds * 1000);
    if (userSignal?.aborted) onCancel();
    return () => {
      clearTimeout(deadline);
      userSignal?.removeEventListener('abort', onCancel);
    };
  }

  /** Aborts in-flight attempts and cancels every job that has not started. */
  #stop(reason: Error, canceledByUser: boolean): void {
    if (this.signal.aborted) return;
    this.#stopReason = classifyError(reason);
    this.#canceled = canceledByUser;
    this.#queue.clear();
    this.#controller.abort(reason);
    const released: number[] = [];
    for (let i = 0; i < this.#phase.length; i++) {
      if (this.#phase[i] === Phase.Queued) this.#finish(i, 'canceled', { reason: this.#stopReason.message }, released);
    }
    for (const next of released) this.#decide(next);
  }

  /** Decides `start` and every job it releases: queue it, or skip or cancel it. */
  #decide(start: number): void {
    const work = [start];
    for (let index = work.pop(); index !== undefined; index = work.pop()) {
      const job = this.#graph.definitions[index] as JobDefinition;
      if (this.#stopReason) {
        this.#finish(index, 'canceled', { reason: this.#stopReason.message }, work);
      } else if (runIfHolds(job.runIf, this.#tally(index))) {
        this.#enqueue(index, job);
      } else {
        this.#finish(index, 'skipped', { reason: `run_if ${job.runIf} not met by its dependencies` }, work);
      }
    }
  }

  #enqueue(index: number, job: JobDefinition): void {
    this.#phase[index] = Phase.Queued;
    const priority = this.#graph.remainingPath[index] as number;
    this.log.write(this.row(job, { status: 'pending', event: 'queued', attempt: 0 })).catch(this.fatal);
    this.bus.emit('job:queued', { pipeline: this.pipeline, runId: this.runId, time: new Date(), job: job.key, priority });
    this.#queue.add(() => this.#run(index, job), { priority }).catch(this.fatal);
  }

  async #run(index: number, job: JobDefinition): Promise<void> {
    if (this.#phase[index] !== Phase.Queued) return;
    this.#phase[index] = Phase.Running;
    const outcome = await runJobAttempts(this, job);
    const status = this.#statusOf(outcome);
    const work: number[] = [];
    this.#finish(index, status, outcome, work);
    for (const next of work) this.#decide(next);
  }

  #statusOf(outcome: JobOutcome): JobStatus {
    if (outcome.ok) return 'success';
    return outcome.error?.class === 'canceled' ? 'canceled' : 'failed';
  }

  /** Records a final status, releases dependents into `work`, and resolves the run when all are done. */
  #finish(index: number, status: JobStatus, outcome: Partial<JobOutcome> & { reason?: string }, work: number[]): void {
    const job = this.#graph.definitions[index] as JobDefinition;
    this.#phase[index] = Phase.Done;
    this.#status[index] = status;
    this.#outputs[index] = outcome.value;
    this.#results[index] = this.#jobResult(job.key, status, outcome);
    this.#record(job, status, outcome);
    const { offsets, targets } = this.#graph.dependents;
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      const dependent = targets[e] as number;
      this.#waiting[dependent] = (this.#waiting[dependent] as number) - 1;
      if (this.#waiting[dependent] === 0) work.push(dependent);
    }
    if (--this.#open === 0) this.#allDone();
  }

  #record(job: JobDefinition, status: JobStatus, outcome: Partial<JobOutcome> & { reason?: string }): void {
    const base = { pipeline: this.pipeline, runId: this.runId, time: new Date(), job: job.key };
    const attempts = outcome.attempts ?? [];
    const last = attempts[attempts.length - 1];
    const fields = {
      attempt: last?.attempt ?? 0,
      startTime: attempts[0]?.startedAt ?? null,
      endTime: last?.endedAt ?? null,
      errorMessage: outcome.error?.message ?? outcome.reason ?? null,
      details: outcome.error ? JSON.stringify({ errorClass: outcome.error.class }) : null,
    };
    const event = ({ success: 'succeeded', failed: 'failed', skipped: 'skipped', canceled: 'canceled' } as const)[
      status as 'success' | 'failed' | 'skipped' | 'canceled'
    ];
    this.log.write(this.row(job, { status, event, ...fields })).catch(this.fatal);
    if (status === 'success') {
      const durationMs = (last?.endedAt.getTime() ?? 0) - (attempts[0]?.startedAt.getTime() ?? 0);
      this.bus.emit('job:success', { ...base, attempt: fields.attempt, durationMs });
    } else if (status === 'failed') {
      this.bus.emit('job:failed', { ...base, attempts: attempts.length, error: outcome.error as JobError });
    } else if (status === 'skipped') {
      this.bus.emit('job:skipped', { ...base, reason: outcome.reason ?? '' });
    } else {
      this.bus.emit('job:canceled', { ...base, reason: outcome.error?.message ?? outcome.reason ?? 'canceled' });
    }
  }

  #jobResult(key: string, status: JobStatus, outcome: Partial<JobOutcome> & { reason?: string }): JobResult {
    const attempts = Object.freeze(outcome.attempts ?? []);
    const startedAt = attempts[0]?.startedAt;
    const endedAt = attempts[attempts.length - 1]?.endedAt;
    return Object.freeze({
      key,
      status,
      attempts,
      ...(startedAt && endedAt ? { startedAt, endedAt, durationMs: endedAt.getTime() - startedAt.getTime() } : {}),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(outcome.reason ? { reason: outcome.reason } : {}),
      ...(outcome.ok ? { output: outcome.value } : {}),
    });
  }

  #tally(index: number): { total: number; succeeded: number; failed: number } {
    const { offsets, targets } = this.#graph.dependencies;
    let succeeded = 0;
    let failed = 0;
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      const status = this.#status[targets[e] as number];
      if (status === 'success') succeeded++;
      else if (status === 'failed' || status === 'canceled') failed++;
    }
    return { total: this.#degree(offsets, index), succeeded, failed };
  }

  #context(job: JobDefinition, attempt: AttemptInfo): AttemptContext {
    const fields = { ...attempt, runId: this.runId, pipeline: this.pipeline, job: job.key, parameters: this.#setup.parameters };
    return new AttemptContext(fields, () => this.#upstreamOf(this.#graph.indexOf.get(job.key) as number));
  }

  /** Outputs of the job's direct dependencies that succeeded. */
  #upstreamOf(index: number): ReadonlyMap<string, unknown> {
    const { offsets, targets } = this.#graph.dependencies;
    const upstream = new Map<string, unknown>();
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      const dependency = targets[e] as number;
      if (this.#status[dependency] === 'success') {
        upstream.set((this.#graph.definitions[dependency] as JobDefinition).key, this.#outputs[dependency]);
      }
    }
    return new FrozenMap(upstream);
  }

  #degree(offsets: Int32Array, index: number): number {
    return (offsets[index + 1] as number) - (offsets[index] as number);
  }

  #result(startedAt: Date): RunResult {
    const endedAt = new Date();
    const jobs = new Map<string, JobResult>();
    for (const result of this.#results) jobs.set(result.key, result);
    const failed = this.#status.includes('failed') || this.#stopReason !== undefined;
    const status = this.#canceled || this.#fatalError ? 'canceled' : failed ? 'failed' : 'success';
    return Object.freeze({
      runId: this.runId,
      pipeline: this.pipeline,
      status,
      jobs: new FrozenMap(jobs),
      startedAt,
      endedAt,
      durationMs: endedAt.getTime() - startedAt.getTime(),
      ...(this.#stopReason ? { error: this.#stopReason } : {}),
    });
  }
}
