import type { JobOutputs } from '../model/job-outputs.js';
import type { EventBus } from './event-bus.js';
import type { EngineEventName, EngineListener } from './events.js';
import type { RunResult } from './run-result.js';

/**
 * A run in progress, from `engine.start`: its id at once, its result later, its own events,
 * and a way to cancel it.
 */
export interface RunHandle<Outputs extends object = JobOutputs> {
  /** The run's id (given in the options, or made by `start`). */
  readonly runId: string;
  /** Resolves to the {@link RunResult} whatever the jobs do; rejects as `engine.run` does. */
  readonly result: Promise<RunResult<Outputs>>;
  /**
   * Listens to this run's events only; returns a function that removes the listener.
   * Listeners are removed when the run has ended (after its `run:finish`).
   */
  on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void;
  /**
   * Cancels the run, as aborting its `signal` would: in-flight jobs are stopped (Databricks
   * runs canceled), the rest recorded `canceled`, and the result's status is `canceled`.
   */
  cancel(reason?: string): void;
}

/** The handle of run `runId`, whose result is `result` and whose signal `controller` aborts. */
export function runHandle<Outputs extends object>(
  runId: string,
  result: Promise<RunResult<Outputs>>,
  bus: EventBus,
  controller: AbortController,
): RunHandle<Outputs> {
  const removers = new Set<() => void>();
  let ended = false;
  const end = () => {
    ended = true;
    for (const remove of removers) remove();
    removers.clear();
  };
  result.then(end, end);
  return Object.freeze({
    runId,
    result,
    on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
      if (ended) return () => {};
      const own: EngineListener<E> = (payload) => (payload.runId === runId ? listener(payload) : undefined);
      const off = bus.on(event, own);
      const remove = () => {
        off();
        removers.delete(remove);
      };
      removers.add(remove);
      return remove;
    },
    cancel(reason?: string): void {
      controller.abort(new Error(reason ?? 'canceled through its handle'));
    },
  });
}
