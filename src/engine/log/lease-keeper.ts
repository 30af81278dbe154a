import { setTimeout as sleep } from 'node:timers/promises';
import type { LeaseResult, MetadataStore } from '../../adapters/metadata-store.js';
import { LeaseHeldError, StoreError } from '../../model/errors.js';
import type { Logger } from '../logger.js';
import { driveOwner, holderIsGone } from './lease-owner.js';

/**
 * Holds a run's lease for as long as this drive of it lasts: acquires it (taking it over at
 * once from a holder that is provably gone), renews it at a third of its lifetime, and
 * reports when it is lost so the run stops instead of racing another process.
 */
export class LeaseKeeper {
  readonly #store: MetadataStore;
  readonly #runId: string;
  readonly #owner: string;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;
  #lost: Error | undefined;
  #onLost: (error: Error) => void = () => {};

  /** @param engineOwner the engine's owner; this drive holds the lease as a unique owner under it. */
  constructor(store: MetadataStore, runId: string, engineOwner: string, ttlMs: number, logger: Logger) {
    this.#store = store;
    this.#runId = runId;
    this.#owner = driveOwner(engineOwner);
    this.#ttlMs = ttlMs;
    this.#logger = logger;
  }

  /**
   * Takes the lease; throws {@link LeaseHeldError} when a live owner has it after `waitMs`
   * (`Infinity`: as long as it takes), trying again every second meanwhile. A holder on
   * this host whose process is gone (see `holderIsGone`) is released on its behalf first.
   */
  async acquire(waitMs = 0, signal?: AbortSignal): Promise<void> {
    const giveUpAt = performance.now() + waitMs;
    for (let said = false; ; said = true) {
      try {
        return await this.#acquireOnce();
      } catch (error) {
        if (!(error instanceof LeaseHeldError) || performance.now() >= giveUpAt) throw error;
        if (!said) {
          this.#logger.info(`run '${this.#runId}' is held by '${error.holder}' until ${error.expiresAt.toISOString()}; waiting`);
        }
        const pause = Math.min(1000, Math.max(0, giveUpAt - performance.now()));
        await sleep(pause, undefined, signal ? { signal } : {});
      }
    }
  }

  async #acquireOnce(): Promise<void> {
    let lease = await this.#take();
    if (!lease.acquired && holderIsGone(lease.holder)) {
      this.#logger.warn(`run '${this.#runId}' was held by '${lease.holder}', which is gone: taking the lease over`);
      await this.#store.releaseLease(this.#runId, lease.holder).catch(() => {});
      lease = await this.#take();
    }
    if (!lease.acquired) throw new LeaseHeldError(this.#runId, lease.holder, lease.expiresAt);
    this.#timer = setInterval(() => this.#renew(), this.#ttlMs / 3);
    this.#timer.unref?.();
  }

  /** Calls `listener` when the lease is lost (at once if it already was). */
  onLost(listener: (error: Error) => void): void {
    this.#onLost = listener;
    if (this.#lost) listener(this.#lost);
  }

  #take(): Promise<LeaseResult> {
    return this.#store.acquireLease(this.#runId, this.#owner, this.#ttlMs).catch((cause: unknown) => {
      throw new StoreError(`could not take the lease of run '${this.#runId}': ${String(cause)}`, { cause });
    });
  }

  /** Stops renewing and gives the lease up; a failure to release only logs (it expires). */
  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.#store.releaseLease(this.#runId, this.#owner).catch((error: unknown) => {
      this.#logger.warn(`could not release the lease of run '${this.#runId}'; it expires by itself`, { error });
    });
  }

  async #renew(): Promise<void> {
    try {
      if (await this.#store.renewLease(this.#runId, this.#owner, this.#ttlMs)) return;
      clearInterval(this.#timer);
      this.#lost = new StoreError(`lost the lease of run '${this.#runId}' to another owner`);
      this.#onLost(this.#lost);
    } catch (error) {
      this.#logger.warn(`could not renew the lease of run '${this.#runId}'; will try again`, { error });
    }
  }
}
