import { setMaxListeners } from 'node:events';
import type { JobStatus } from '../../adapters/metadata-store.js';
import { HASH_FORMAT } from '../../graph/definition-hash.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import { internalsOf, type Pipeline, type PipelineInternals } from '../../graph/pipeline.js';
import { dependencyCounts } from '../../graph/topology.js';
import { LeaseLostError, StoreError } from '../../model/errors.js';
import type { JobError } from '../../model/job-error.js';
import type { NotificationDelivery } from '../alerts/deliver.js';
import { alertsFor, type RunAlerts } from '../alerts/run-alerts.js';
import type { JobExecutor } from '../attempts/attempt-work.js';
import { classifyError } from '../attempts/classify-error.js';
import type { ResolvedEngineOptions } from '../engine-options.js';
import type { EventBus } from '../event-bus.js';
import type { LeaseKeeper } from '../log/lease-keeper.js';
import { RunLog } from '../log/run-log.js';
import { RunRows } from '../log/run-rows.js';
import { attemptStartOf } from '../resume/resume-plan.js';
import type { JobResult, RunResult } from '../run-result.js';
import { TableGuard } from '../tables/table-guard.js';
import { executorsFor } from './executors.js';
import { upstreamOutputs } from './job-context.js';
import { type JobEnding, jobResultOf, recordEnding } from './job-ending.js';
import { runJob } from './job-lifecycle.js';
import { ReadyQueue } from './ready-queue.js';
import { runIfHolds, tally } from './run-if-rules.js';
import type { RunScope } from './run-scope.js';
import type { RunSetup } from './run-setup.js';
import { watchStops } from './run-stops.js';

const NO_DELIVERIES: readonly NotificationDelivery[] = Object.freeze([]);

/**
 * One run of a pipeline: decides which jobs are ready, skipped or canceled, feeds ready jobs
 * to a priority queue (longest remaining path first) and records every transition.
 */
export class PipelineRun implements RunScope {
  readonly pipeline: string;
  readonly runId: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly bus: EventBus;
  readonly log: RunLog;
  readonly rows: RunRows;
  readonly lease: LeaseKeeper;
  readonly random: () => number;
  /** The executor of a job, by its kind. */
  readonly executorFor: (job: JobDefinition) => JobExecutor;
  readonly #graph: PipelineInternals;
  readonly #hash: string;
  readonly #setup: RunSetup;
  readonly #controller = new AbortController();
  readonly #queue: ReadyQueue;
  readonly #waiting: Int32Array;
  readonly #status: JobStatus[];
  readonly #results: JobResult[];
  readonly #outputs: unknown[];
  readonly #alerts: RunAlerts | undefined;
  readonly #guard: TableGuard;
  /** Jobs whose dependencies are done and whose fate is not decided yet (a stack). */
  readonly #undecided: number[] = [];
  #deciding = false;
  #open: number;
  #stopReason: JobError | undefined;
  #canceled = false;
  #fatalError: Error | undefined;
  #allDone: () => void = () => {};

  constructor(pipeline: Pipeline, options: ResolvedEngineOptions, bus: EventBus, setup: RunSetup) {
    this.pipeline = pipeline.name;
    this.runId = setup.runId;
    this.parameters = setup.parameters;
    this.lease = setup.lease;
    this.bus = bus;
    this.#hash = pipeline.hash;
    this.#graph = internalsOf(pipeline);
    this.#setup = setup;
    this.fatal = this.fatal.bind(this);
    this.signal = this.#controller.signal;
    // Every attempt in flight listens to the run's signal.
    setMaxListeners(0, this.signal);
    this.log = new RunLog(options.store, setup.resume?.lastSeq ?? 0, setup.lease.fence, this.fatal);
    this.rows = new RunRows(this.pipeline, this.runId, [...pipeline.jobs.keys()]);
    this.random = options.random;
    this.executorFor = executorsFor(this, {
      parameters: setup.parameters,
      databricks: setup.databricks,
      poll: options.poll,
      random: this.random,
      lease: setup.lease,
    });
    const concurrency = pipeline.settings.concurrency ?? options.concurrency;
    const size = this.#graph.definitions.length;
    this.#queue = new ReadyQueue(concurrency, size, (index) => this.#run(index));
    this.#waiting = dependencyCounts(this.#graph.dependencies.offsets);
    this.#status = new Array<JobStatus>(size).fill('pending');
    // Filled, not holey, so that V8 keeps them as fast elements whatever the order of writes.
    this.#results = new Array<JobResult | undefined>(size).fill(undefined) as JobResult[];
    this.#outputs = new Array<unknown>(size).fill(undefined);
    this.#open = size;
    this.#alerts = alertsFor(this, options, pipeline, setup.resume?.failureAlerted ?? false);
    this.#guard = new TableGuard(this, options.rollback, options.sql, setup.resume);
  }

  /** Runs the pipeline to the end, then gives its lease up. Rejects only when the store fails or the lease is lost. */
  async run(): Promise<RunResult> {
    const startedAt = new Date();
    const { lease } = this.#setup;
    lease.onLost(this.fatal);
    try {
      const { resume, parameters, annotations } = this.#setup;
      const started = this.rows.run('in_progress', resume ? 'run_resumed' : 'run_started', startedAt);
      started.startTime = startedAt;
      started.details = JSON.stringify({
        pipelineHash: this.#hash,
        hashFormat: HASH_FORMAT,
        parameters,
        ...(annotations ? { annotations } : {}),
      });
      await this.log.write(started);
      await this.#guard.finishInterrupted(resume?.interruptedRestores ?? [], this.#graph.indexOf);
      this.#restoreKept();
      const stopAlerts = this.#alerts?.listen();
      this.bus.emit('run:start', { pipeline: this.pipeline, runId: this.runId, time: new Date(), jobs: this.#status.length });
      const done = new Promise<void>((resolve) => {
        this.#allDone = resolve;
      });
      const unwatch = watchStops(this.#setup.signal, this.#setup.deadlineSeconds, (reason, byUser) => this.#stop(reason, byUser));
      // Roots are taken before any is decided: deciding one may already settle its dependents.
      const roots = this.#graph.order.filter((index) => this.#waiting[index] === 0 && this.#status[index] === 'pending');
      this.#undecided.push(...roots.reverse());
      this.#decideAll();
      this.#queue.resume();
      if (this.#open === 0) this.#allDone();
      await done;
      unwatch();
      const status = this.#runStatus();
      if (status === 'failed') {
        await this.#guard.restoreRun(this.#graph.order, this.#graph.definitions, this.#results).catch(this.fatal);
      }
      stopAlerts?.();
      const result = await this.#result(startedAt, status);
      const finished = this.rows.run(result.status, 'run_finished', result.endedAt);
      finished.startTime = startedAt;
      finished.endTime = result.endedAt;
      await this.log.write(finished);
      if (this.#fatalError) throw this.#fatalError;
      this.bus.emit('run:finish', { pipeline: this.pipeline, runId: this.runId, time: new Date(), result });
      return result;
    } catch (error) {
      throw this.#fatalError ?? error;
    } finally {
      await lease.release();
    }
  }

  /**
   * Stops the run because it can no longer be recorded safely. When it lost its lease, the
   * drive that took the run over owns it now: nothing more is restored, canceled or alerted.
   */
  fatal(error: unknown): void {
    if (this.#fatalError) return;
    this.#fatalError = error instanceof Error ? error : new StoreError(String(error));
    if (error instanceof LeaseLostError) this.lease.lost(error);
    this.#stop(this.#fatalError, false);
  }

  /** Aborts in-flight attempts and cancels every job that has not started. */
  #stop(reason: Error, canceledByUser: boolean): void {
    if (this.signal.aborted) return;
    this.#stopReason = classifyError(reason);
    this.#canceled = canceledByUser;
    const unstarted = this.#queue.clear();
    this.#controller.abort(reason);
    for (const index of unstarted) this.#finish(index, 'canceled', { reason: this.#stopReason.message });
    this.#decideAll();
  }

  /** Takes over the results of jobs a resumed run keeps, releasing their dependents. */
  #restoreKept(): void {
    const plans = this.#setup.resume?.jobs;
    if (!plans) return;
    for (const [key, plan] of plans) {
      const index = this.#graph.indexOf.get(key);
      if (index === undefined || plan.kind !== 'keep') continue;
      this.#status[index] = 'success';
      this.#results[index] = plan.result;
      this.#open--;
      // Dependents it releases are found with the other roots once every kept job is in.
      this.#release(index, []);
    }
  }

  /** Counts job `index` as done for its dependents; those with nothing left to wait for go to `released`. */
  #release(index: number, released: number[]): void {
    const { offsets, targets } = this.#graph.dependents;
    for (let e = offsets[index] as number; e < (offsets[index + 1] as number); e++) {
      const dependent = targets[e] as number;
      // A job already done (kept by a resume) is never decided again.
      if (this.#status[dependent] !== 'pending') continue;
      this.#waiting[dependent] = (this.#waiting[dependent] as number) - 1;
      if (this.#waiting[dependent] === 0) released.push(dependent);
    }
  }

  /**
   * Decides every undecided job, and those that deciding releases: queue it, or skip or
   * cancel it. A call made while deciding (a listener stopping the run) leaves its jobs to
   * the loop already running.
   */
  #decideAll(): void {
    if (this.#deciding) return;
    this.#deciding = true;
    try {
      const undecided = this.#undecided;
      for (let index = undecided.pop(); index !== undefined; index = undecided.pop()) {
        const job = this.#graph.definitions[index] as JobDefinition;
        if (this.#stopReason) {
          this.#finish(index, 'canceled', { reason: this.#stopReason.message });
        } else if (runIfHolds(job.runIf, tally(this.#graph.dependencies, this.#status, index))) {
          this.#enqueue(index, job);
        } else {
          this.#finish(index, 'skipped', { reason: `run_if ${job.runIf} not met by its dependencies` });
        }
      }
    } finally {
      this.#deciding = false;
    }
  }

  #enqueue(index: number, job: JobDefinition): void {
    const priority = this.#graph.remainingPath[index] as number;
    const time = new Date();
    this.log.record(this.rows.job(index, job.key, 'pending', 'queued', 0, time));
    if (this.bus.has('job:queued'))
      this.bus.emit('job:queued', { pipeline: this.pipeline, runId: this.runId, time, job: job.key, priority });
    this.#queue.add(index, priority);
  }

  /** Runs job `index`; once it ended its dependents are decided, then its slot goes to the next ready job. */
  async #run(index: number): Promise<void> {
    const job = this.#graph.definitions[index] as JobDefinition;
    const { status, ending } = await runJob(this, this.#guard, index, job, attemptStartOf(this.#setup.resume?.jobs.get(job.key)));
    try {
      this.#finish(index, status, ending);
      this.#decideAll();
    } catch (error) {
      // A broken invariant, not a job failure: the run stops.
      this.fatal(error);
    }
  }

  /** Records a final status, releases dependents to be decided, and resolves the run when all are done. */
  #finish(index: number, status: JobStatus, ending: JobEnding): void {
    const job = this.#graph.definitions[index] as JobDefinition;
    this.#status[index] = status;
    if (ending.ok) this.#outputs[index] = ending.value;
    const result = jobResultOf(job.key, status, ending);
    this.#results[index] = result;
    recordEnding(this, index, result, ending.maxAttempts);
    this.#release(index, this.#undecided);
    if (--this.#open === 0) this.#allDone();
  }

  /** Outputs of the direct dependencies of job `index` that succeeded. */
  upstreamOf(index: number): ReadonlyMap<string, unknown> {
    return upstreamOutputs(this.#graph, this.#status, this.#outputs, index);
  }

  #runStatus(): RunResult['status'] {
    const failed = this.#stopReason !== undefined || this.#status.includes('failed') || this.#status.includes('canceled');
    return this.#canceled || this.#fatalError ? 'canceled' : failed ? 'failed' : 'success';
  }

  /** The run's result, once its own notification is delivered (bounded by the delivery options). */
  async #result(startedAt: Date, status: RunResult['status']): Promise<RunResult> {
    const endedAt = new Date();
    const durationMs = endedAt.getTime() - startedAt.getTime();
    const notifications =
      this.#alerts && !(this.#fatalError instanceof LeaseLostError)
        ? await this.#alerts.finish({
            status,
            failedJobs: this.#graph.definitions.filter((_, i) => this.#status[i] === 'failed').map((job) => job.key),
            durationMs,
            resumed: this.#setup.resume !== undefined,
            ...(this.#stopReason ? { error: this.#stopReason } : {}),
          })
        : NO_DELIVERIES;
    const result: { -readonly [K in keyof RunResult]: RunResult[K] } = {
      runId: this.runId,
      pipeline: this.pipeline,
      status,
      jobs: new Map(this.#results.map((job) => [job.key, job])),
      startedAt,
      endedAt,
      durationMs,
      rollbacks: Object.freeze([...this.#guard.rollbacks]),
      notifications,
    };
    if (this.#stopReason) result.error = this.#stopReason;
    return Object.freeze(result);
  }
}
