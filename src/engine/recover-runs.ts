import PQueue from 'p-queue';
import type { MetadataStore, RunSummary } from '../adapters/metadata-store.js';
import type { Pipeline } from '../graph/pipeline.js';
import { LeaseHeldError } from '../model/errors.js';
import type { EventBus } from './event-bus.js';
import { FinishedMeanwhileError } from './resume/checked-resume-plan.js';
import type { RunResult } from './run-result.js';

/** Options of `engine.recover`. */
export interface RecoverOptions {
  /**
   * The pipelines whose unfinished runs are resumed, matched by name; or a function giving
   * each unfinished run (of any pipeline) its pipeline, `undefined` to leave it alone — how
   * `brickwork recover` resumes runs from the pipeline files they recorded.
   */
  readonly pipelines: readonly Pipeline[] | ((run: RunSummary) => Pipeline | undefined | Promise<Pipeline | undefined>);
  /**
   * Runs resumed at once.
   * @default 4
   */
  readonly concurrency?: number;
  /** Aborting it cancels the resumed runs (they stay resumable). */
  readonly signal?: AbortSignal;
}

/** How many of the newest runs (of each pipeline, when they are given) are looked at. */
const RUNS_LOOKED_AT = 1000;

/**
 * Resumes every unfinished run (its newest run row is not `run_finished`) of `pipelines`
 * whose lease is free, expired, or held by a process that is gone; a run a live process
 * drives is left to it. Several processes recovering at once drive each run once: the
 * lease decides. Resolves to the results of the runs this call drove; when a resume fails
 * for another reason (a changed pipeline, the store), the others still run and the call
 * then rejects with that error (an `AggregateError` for several).
 */
export async function recoverRuns(
  store: MetadataStore,
  bus: EventBus,
  resume: (pipeline: Pipeline, runId: string, signal: AbortSignal | undefined) => Promise<RunResult>,
  options: RecoverOptions,
): Promise<readonly RunResult[]> {
  const queue = new PQueue({ concurrency: options.concurrency ?? 4 });
  const results: RunResult[] = [];
  const failures: unknown[] = [];
  for (const { run, pipelineOf } of await unfinishedRuns(store, options.pipelines)) {
    void queue.add(async () => {
      try {
        const pipeline = await pipelineOf(run);
        if (!pipeline) return;
        const result = await resume(pipeline, run.runId, options.signal);
        results.push(result);
        bus.emit('run:recovered', { pipeline: pipeline.name, runId: run.runId, time: new Date(), result });
      } catch (error) {
        // Another process drives it, or recovered it first: not ours to recover.
        if (!(error instanceof LeaseHeldError || error instanceof FinishedMeanwhileError)) failures.push(error);
      }
    });
  }
  await queue.onIdle();
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} runs could not be recovered`);
  return Object.freeze(results);
}

/** The unfinished runs to look at, each with the way to its pipeline. */
async function unfinishedRuns(
  store: MetadataStore,
  pipelines: RecoverOptions['pipelines'],
): Promise<{ run: RunSummary; pipelineOf: (run: RunSummary) => Pipeline | undefined | Promise<Pipeline | undefined> }[]> {
  if (typeof pipelines === 'function') {
    const runs = await store.listRuns({ limit: RUNS_LOOKED_AT });
    return runs.filter((run) => run.status === 'in_progress').map((run) => ({ run, pipelineOf: pipelines }));
  }
  const found = [];
  for (const pipeline of pipelines) {
    for (const run of await store.listRuns({ pipeline: pipeline.name, limit: RUNS_LOOKED_AT })) {
      if (run.status === 'in_progress') found.push({ run, pipelineOf: () => pipeline });
    }
  }
  return found;
}
