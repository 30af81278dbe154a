import type { Engine } from '../engine/engine.js';
import type { EngineEventName, EngineEvents } from '../engine/events.js';

/** One event as recorded by {@link recordEvents}. */
export type RecordedEvent = { [E in EngineEventName]: { readonly name: E; readonly payload: EngineEvents[E] } }[EngineEventName];

const EVENT_NAMES: readonly EngineEventName[] = [
  'run:start',
  'run:finish',
  'job:queued',
  'job:start',
  'job:attempt_failed',
  'job:retry',
  'job:success',
  'job:failed',
  'job:skipped',
  'job:canceled',
  'job:duration_warning',
  'listener:error',
];

/**
 * Records every event an engine emits, in order, until `stop()` is called.
 *
 * @example
 * ```ts
 * const events = recordEvents(engine);
 * await engine.run(p);
 * expect(events.names()).toContain('job:retry');
 * ```
 */
export function recordEvents(engine: Engine): {
  readonly events: readonly RecordedEvent[];
  names(): EngineEventName[];
  of<E extends EngineEventName>(name: E): EngineEvents[E][];
  stop(): void;
} {
  const events: RecordedEvent[] = [];
  const offs = EVENT_NAMES.map((name) => engine.on(name, (payload) => void events.push({ name, payload } as RecordedEvent)));
  return {
    events,
    names: () => events.map((event) => event.name),
    of: <E extends EngineEventName>(name: E) =>
      events.filter((event) => event.name === name).map((event) => event.payload as EngineEvents[E]),
    stop: () => {
      for (const off of offs) off();
    },
  };
}
