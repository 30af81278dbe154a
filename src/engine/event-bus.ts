import { EventEmitter } from 'eventemitter3';
import { isThenable } from '../util/is-thenable.js';
import type { EngineEventName, EngineEvents, EngineListener } from './events.js';

type AnyListener = (payload: never) => unknown;
type Isolated = (payload: unknown) => void;

/**
 * Typed events on an `eventemitter3` emitter, with isolated listeners: one that throws or
 * rejects is reported through `onListenerError` and never stops the other listeners or the
 * run. (A bare emitter stops at the first listener that throws, and the throw reaches the
 * code that emitted — here, the run.)
 */
export class EventBus {
  readonly #emitter = new EventEmitter();
  /** The isolating wrapper of each registration, so that `off(listener)` finds it. */
  readonly #wrappers = new Map<EngineEventName, Map<AnyListener, Isolated[]>>();
  readonly #onListenerError: (event: EngineEventName, error: unknown, payload: EngineEvents[EngineEventName]) => void;

  constructor(onListenerError: (event: EngineEventName, error: unknown, payload: EngineEvents[EngineEventName]) => void) {
    this.#onListenerError = onListenerError;
  }

  /** Adds a listener; returns a function that removes it. */
  on<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    this.#add(event, listener, false);
    return () => this.off(event, listener);
  }

  /** Adds a listener that is removed after its first call; `off(event, listener)` removes it before. */
  once<E extends EngineEventName>(event: E, listener: EngineListener<E>): () => void {
    this.#add(event, listener, true);
    return () => this.off(event, listener);
  }

  /** Removes one registration of a listener added with `on` or `once`. */
  off<E extends EngineEventName>(event: E, listener: EngineListener<E>): void {
    const wrapper = this.#wrappers
      .get(event)
      ?.get(listener as AnyListener)
      ?.at(-1);
    if (wrapper) this.#remove(event, listener as AnyListener, wrapper);
  }

  /** Whether anything listens to `event` (lets callers skip building payloads). */
  has(event: EngineEventName): boolean {
    return this.#wrappers.has(event);
  }

  /** Calls every listener of `event` with `payload`, isolating failures. */
  emit<E extends EngineEventName>(event: E, payload: EngineEvents[E]): void {
    this.#emitter.emit(event, payload);
  }

  #add<E extends EngineEventName>(event: E, listener: EngineListener<E>, once: boolean): void {
    const wrapper: Isolated = (payload) => {
      if (once) this.#remove(event, listener as AnyListener, wrapper);
      try {
        const returned = listener(payload as EngineEvents[E]);
        if (isThenable(returned)) returned.then(undefined, (error) => this.#fail(event, error, payload));
      } catch (error) {
        this.#fail(event, error, payload);
      }
    };
    const byListener = this.#wrappers.get(event) ?? new Map<AnyListener, Isolated[]>();
    this.#wrappers.set(event, byListener);
    const wrappers = byListener.get(listener as AnyListener);
    if (wrappers) wrappers.push(wrapper);
    else byListener.set(listener as AnyListener, [wrapper]);
    this.#emitter.on(event, wrapper);
  }

  #remove(event: EngineEventName, listener: AnyListener, wrapper: Isolated): void {
    const byListener = this.#wrappers.get(event);
    const wrappers = byListener?.get(listener);
    const at = wrappers?.lastIndexOf(wrapper) ?? -1;
    if (!byListener || !wrappers || at === -1) return;
    wrappers.splice(at, 1);
    if (wrappers.length === 0) byListener.delete(listener);
    if (byListener.size === 0) this.#wrappers.delete(event);
    this.#emitter.off(event, wrapper);
  }

  #fail(event: EngineEventName, error: unknown, payload: unknown): void {
    this.#onListenerError(event, error, payload as EngineEvents[EngineEventName]);
  }
}
