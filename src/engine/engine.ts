import type { JobsApi } from '../adapters/jobs-api.js';
import type { MetadataStore } from '../adapters/metadata-store.js';
import { internalsOf, type Pipeline } from '../graph/pipeline.js';
import { InvalidOptionsError, StoreError, UnknownRunError } from '../model/errors.js';
import { RunWatcher } from './databricks/databricks-run-watcher.js';
import type { ResolvedEngineOptions } from './engine-options.js';
import { EventBus } from './event-bus.js';
import type { EngineEventName, EngineListener, EventBase } from './events.js';
import { LeaseKeeper } from './log/lease-keeper.js';
import { type RunStatusReport, statusReport } from './log/run-status.js';
import { type RecoverOptions, recoverRuns } from './recover-runs.js';
import { checkedResumePlan } from './resume/checked-resume-plan.js';
import type { ResumePlan } from './resume/resume-plan.js';
import { planRun, type RunPlan } from './resume/run-plan.js';
import { settledResumePlan } from './resume/settled-plan.js';
import { type RunHandle, runHandle } from './run-handle.js';
import { checkRunOptions, expectPipeline, newRunId, type ResumeOptions, type RunOptions } from './run-options.js';
import type { RunResult, TableRollback } from './run-result.js';
import { PipelineRun } from './scheduling/pipeline-run.js';
import { type RollbackOptions, rollbackRun } from './tables/manual-rollback.js';

/**
 * Runs pipelines with the adapters it was created with, and emits typed events.
 * Made by `createEngine`.
 */
export class Engine {
  readonly #options: ResolvedEngineOptions;
  readonly #bus: EventBus;
  #ready: Promise<void> | undefined;
  #watcher: RunWatcher | undefined;

  /** @internal Use `createEngine`. */
  constructor(options: ResolvedEngineOptions) {
    this.#options = options;
    this.#bus = new EventBus((event, error, payload) => this.#reportListenerError(event, error, payload));
  }

  /** The metadata store runs are recorded in. */
  get store(): MetadataStore {
    return this.#options.store;
  }

  /**
   * Listens to an event; returns a function that removes the listener. A listener that
   * throws or rejects is reported (`listener:error`, logger) and never breaks a run.
   */
  on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    return this.#bus.on(event, listener);
  }

  /** Listens to the next occurrence of an event only. */
  once<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    return this.#bus.once(event, listener);
  }

  /** Removes a listener added with `on` or `once` (one registration of it). */
  off<E extends EngineEventName>(event: E, listener: EngineListener<E>): void {
    this.#bus.off(event, listener);
  }

  /**
   * Starts a run and returns its handle at once: the run id, the result to come, the run's
   * own events and `cancel`. Throws {@link InvalidOptionsError} at once for invalid options;
   * the result rejects for a run id already in the store, a held lease, or a store failure.
   *
   * @example
   * ```ts
   * const run = engine.start(nightly, { parameters: { day: '2026-11-30' } });
   * run.on('job:failed', (e) => console.error(e.job, e.error.message));
   * response.json({ runId: run.runId });
   * const result = await run.result;
   * ```
   */
  start<Outputs extends object>(pipeline: Pipeline<Outputs>, options: RunOptions = {}): RunHandle<Outputs> {
    expectPipeline('start', pipeline);
    checkRunOptions(pipeline, options);
    const runId = options.runId ?? newRunId();
    const controller = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    const result = this.#startNew(pipeline, runId, { ...options, signal }) as Promise<RunResult<Outputs>>;
    return runHandle(runId, result, this.#bus, controller);
  }

  /**
   * Runs a pipeline to the end: `start(pipeline, options).result`. Resolves to the
   * {@link RunResult} whatever the jobs do; rejects only for misuse (invalid options, a run
   * id in use) or when the store fails.
   *
   * @example
   * ```ts
   * const result = await engine.run(nightly, { parameters: { day: '2026-11-30' } });
   * if (result.status !== 'success') process.exitCode = 1;
   * ```
   */
  async run<Outputs extends object>(pipeline: Pipeline<Outputs>, options: RunOptions = {}): Promise<RunResult<Outputs>> {
    expectPipeline('run', pipeline);
    return this.start(pipeline, options).result;
  }

  async #startNew(pipeline: Pipeline, runId: string, options: RunOptions): Promise<RunResult> {
    await this.#init();
    return this.#drive(runId, async (lease) => {
      if (options.runId !== undefined && (await this.#options.store.latest(runId)).length > 0) {
        throw new InvalidOptionsError(`run '${runId}' already exists; resume it instead of running it again`);
      }
      return this.#runner(pipeline, runId, lease, options.parameters ?? {}, options);
    });
  }

  /**
   * Takes run `runId`'s lease for one drive, then prepares the run with it: the log is read
   * only once the lease is held, so no other drive can write meanwhile. The lease is given
   * up when preparing fails, else by the run at its end.
   */
  async #drive(
    runId: string,
    prepare: (lease: LeaseKeeper) => Promise<PipelineRun>,
    wait?: { readonly waitForLease?: boolean | number; readonly signal?: AbortSignal | undefined },
  ): Promise<RunResult> {
    const { store, owner, leaseTtlMs, logger } = this.#options;
    const lease = new LeaseKeeper(store, runId, owner, leaseTtlMs, logger);
    const waitMs = wait?.waitForLease === true ? Number.POSITIVE_INFINITY : Number(wait?.waitForLease ?? 0);
    await lease.acquire(waitMs, wait?.signal);
    let run: PipelineRun;
    try {
      run = await prepare(lease);
    } catch (error) {
      await lease.release();
      throw error;
    }
    return run.run();
  }

  /** The Jobs API and watcher when the pipeline needs them; a clear error when none can be made. */
  #databricksFor(pipeline: Pipeline): { jobsApi: JobsApi; watcher: RunWatcher } | undefined {
    const remote = internalsOf(pipeline)
      .definitions.filter((job) => job.kind === 'databricks')
      .map((job) => job.key);
    if (remote.length === 0) return undefined;
    try {
      const jobsApi = this.#options.jobsApi();
      this.#watcher ??= new RunWatcher(jobsApi, this.#options.poll, this.#options.random);
      return { jobsApi, watcher: this.#watcher };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new InvalidOptionsError(`jobs ${remote.join(', ')} run on Databricks, but no Jobs API is configured: ${reason}`);
    }
  }

  /**
   * Continues a run that failed, was canceled or whose process died: jobs that succeeded
   * are kept and never run again; an attempt whose Databricks run was recorded re-attaches
   * to that run; an attempt that started without a recorded run is made again with the same
   * idempotency token; every other job runs again, its attempt numbers continuing.
   *
   * @throws {@link UnknownRunError} for a run id the store does not have,
   * {@link PipelineChangedError} when the pipeline changed (unless `allowChanged`),
   * {@link LeaseHeldError} while another process drives the run.
   * @example
   * ```ts
   * const again = await engine.resume(nightly, result.runId);
   * ```
   */
  async resume<Outputs extends object>(
    pipeline: Pipeline<Outputs>,
    runId: string,
    options: ResumeOptions = {},
  ): Promise<RunResult<Outputs>> {
    return this.#resume(pipeline, runId, options, false);
  }

  /** `resume`; with `unfinishedOnly`, a run that finished meanwhile is refused (`FinishedMeanwhileError`). */
  async #resume<Outputs extends object>(
    pipeline: Pipeline<Outputs>,
    runId: string,
    options: ResumeOptions,
    unfinishedOnly: boolean,
  ): Promise<RunResult<Outputs>> {
    expectPipeline('resume', pipeline);
    checkRunOptions(pipeline, { ...options, runId });
    await this.#init();
    const result = this.#drive(
      runId,
      async (lease) => {
        const history = await this.#options.store.history(runId);
        const plan = checkedResumePlan(pipeline, runId, history, { allowChanged: options.allowChanged ?? false, unfinishedOnly });
        return this.#runner(pipeline, runId, lease, options.parameters ?? plan.parameters, options, plan);
      },
      options,
    );
    // The results are the pipeline's: its outputs are typed by the pipeline given.
    return result as Promise<RunResult<Outputs>>;
  }

  /** The run of `pipeline` as run `runId`, driven under `lease`. */
  #runner(
    pipeline: Pipeline,
    runId: string,
    lease: LeaseKeeper,
    parameters: Readonly<Record<string, string>>,
    options: Pick<RunOptions, 'signal' | 'deadlineSeconds' | 'annotations'>,
    resume?: ResumePlan,
  ): PipelineRun {
    const unguarded = internalsOf(pipeline).definitions.filter((job) => job.writes.length > 0 && job.rollback !== 'none');
    if (unguarded.length > 0 && !this.#options.rollback) {
      this.#options.logger.warn(
        `jobs ${unguarded.map((job) => job.key).join(', ')} write tables, but the engine has no sql client or rollback strategy: their tables will not be restored`,
      );
    }
    return new PipelineRun(pipeline, this.#options, this.#bus, {
      databricks: this.#databricksFor(pipeline),
      runId,
      lease,
      ...(resume ? { resume } : {}),
      parameters: Object.freeze({ ...parameters }),
      signal: options.signal,
      deadlineSeconds: options.deadlineSeconds ?? pipeline.settings.deadlineSeconds,
      ...(options.annotations ? { annotations: Object.freeze({ ...options.annotations }) } : {}),
    });
  }

  /**
   * Resumes every unfinished run of `options.pipelines` that no live process drives — after
   * a restart, say — and resolves to their results. Several processes recovering at once
   * drive each run exactly once. Emits `run:recovered` for each.
   *
   * @example
   * ```ts
   * const recovered = await engine.recover({ pipelines: [nightly, hourly] });
   * ```
   */
  async recover(options: RecoverOptions): Promise<readonly RunResult[]> {
    if (typeof options.pipelines !== 'function') for (const pipeline of options.pipelines) expectPipeline('recover', pipeline);
    await this.#init();
    return recoverRuns(
      this.#options.store,
      this.#bus,
      (pipeline, runId, signal) => this.resume(pipeline, runId, signal ? { signal } : {}),
      options,
    );
  }

  /**
   * What `run` would do with each job, or `resume` of `options.resume`: run, keep, re-attach
   * to a Databricks run, or repeat an attempt — read from the log, nothing is started.
   * @throws {@link UnknownRunError} for a run id the store does not have.
   */
  async plan(pipeline: Pipeline, options: { readonly resume?: string } = {}): Promise<RunPlan> {
    expectPipeline('plan', pipeline);
    if (options.resume === undefined) return planRun(pipeline);
    await this.#init();
    const history = await this.#options.store.history(options.resume);
    if (history.length === 0) throw new UnknownRunError(options.resume);
    return planRun(pipeline, { runId: options.resume, plan: settledResumePlan(pipeline, history) });
  }

  /**
   * Restores every table a finished (or crashed) run wrote to its version before the run,
   * in reverse order, as `rollback: 'pipeline'` would have; a later `resume` runs the
   * restored jobs again. Refused while another process holds the run's lease.
   *
   * @throws {@link UnknownRunError}, {@link LeaseHeldError}, {@link InvalidOptionsError}
   * without a rollback strategy (give the engine `sql` or `rollback`).
   * @example
   * ```ts
   * const restores = await engine.rollback(result.runId);
   * ```
   */
  async rollback(runId: string, options: RollbackOptions = {}): Promise<readonly TableRollback[]> {
    await this.#init();
    return rollbackRun(this.#options, this.#bus, runId, options);
  }

  /**
   * Where a run stands, read from the log: its status and the newest row of each job.
   * @throws {@link UnknownRunError} for a run id the store does not have.
   */
  async status(runId: string): Promise<RunStatusReport> {
    await this.#init();
    const latest = await this.#options.store.latest(runId);
    if (latest.length === 0) throw new UnknownRunError(runId);
    return statusReport(runId, latest);
  }

  #init(): Promise<void> {
    this.#ready ??= this.#options.store.init().catch((cause: unknown) => {
      this.#ready = undefined;
      throw new StoreError(`metadata store init failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    });
    return this.#ready;
  }

  #reportListenerError(event: EngineEventName, error: unknown, payload: EventBase): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#options.logger.error(`a listener of '${event}' failed: ${message}`, { runId: payload.runId });
    if (event !== 'listener:error') {
      this.#bus.emit('listener:error', { pipeline: payload.pipeline, runId: payload.runId, time: new Date(), event, error });
    }
  }
}
