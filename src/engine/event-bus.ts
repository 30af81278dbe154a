import { isThenable } from '../is-thenable.js';
import type { EngineEventName, EngineEvents, EngineListener } from './events.js';

type AnyListener = (event: never) => unknown;

/**
 * Typed events with isolated listeners: one that throws or rejects is reported through
 * `onListenerError` and never stops the other listeners or the run.
 */
export class EventBus {
  readonly #listeners = new Map<EngineEventName, AnyListener[]>();
  readonly #onListenerError: (event: EngineEventName, error: unknown, payload: EngineEvents[EngineEventName]) => void;

  constructor(onListenerError: (event: EngineEventName, error: unknown, payload: EngineEvents[EngineEventName]) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener; returns a function that removes it. */
  on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    const list = this.#listeners.get(event);
    // Copy on write: an emit in progress keeps iterating the list it started with.
    this.#listeners.set(event, list ? [...list, listener] : [listener]);
    return () => this.off(event, listener);
  }

  /** Adds a listener that is removed after its first call. */
  once<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    const off = this.on(event, (payload: EngineEvents[E]) => {
      off();
      return listener(payload);
    });
    return off;
  }

  /** Removes a listener added with `on` (one registration of it). */
  off<E extends EngineEventName>(event: E, listener: EngineListener<E>): void {
    const list = this.#listeners.get(event);
    const at = list?.indexOf(listener as AnyListener) ?? -1;
    if (!list || at === -1) return;
    const rest = list.filter((_, i) => i !== at);
    if (rest.length > 0) this.#listeners.set(event, rest);
    else this.#listeners.delete(event);
  }

  /** Whether anything listens to `event` (lets callers skip building payloads). */
  has(event: EngineEventName): boolean {
    return this.#listeners.has(event);
  }

  /** Calls every listener of `event` with `payload`, isolating failures. */
  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    for (const listener of list as EngineListener<E>[]) {
      try {
        const returned = listener(payload);
        if (isThenable(returned)) returned.then(undefined, (error) => this.#onListenerError(event, error, payload));
      } catch (error) {
        this.#onListenerError(event, error, payload);
      }
    }
  }
}
