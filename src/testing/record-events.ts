import type { Engine } from '../engine/engine.js';
import type { EngineEventName, EngineEvents } from '../engine/events.js';

/** One event as recorded by {@link recordEvents}. */
export type RecordedEvent = { [E in EngineEventName]: { readonly name: E; readonly payload: EngineEvents[E] } }[EngineEventName];

// A record, so that the compiler insists on every event name.
const EVENTS: Readonly<Record<EngineEventName, true>> = {
  'run:start': true,
  'run:finish': true,
  'run:recovered': true,
  'job:queued': true,
  'job:start': true,
  'job:triggered': true,
  'job:attempt_failed': true,
  'job:retry': true,
  'job:success': true,
  'job:failed': true,
  'job:skipped': true,
  'job:canceled': true,
  'job:duration_warning': true,
  'job:snapshot': true,
  'job:check': true,
  'rollback:started': true,
  'rollback:succeeded': true,
  'rollback:failed': true,
  'rollback:raced': true,
  'notify:sent': true,
  'notify:failed': true,
  'listener:error': true,
};
const EVENT_NAMES = Object.keys(EVENTS) as EngineEventName[];

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
