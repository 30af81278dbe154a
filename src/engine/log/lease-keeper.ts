import { setTimeout as sleep } from 'node:timers/promises';
import type { LeaseFence, LeaseResult, MetadataStore } from '../../adapters/metadata-store.js';
import { LeaseHeldError, LeaseLostError, StoreError } from '../../model/errors.js';
import type { Logger } from '../logger.js';
import { driveOwner, holderIsGone } from './lease-owner.js';

/** What a drive checks before it changes anything in Databricks. */
export interface LeaseGuard {
  /**
   * Resolves while the run's lease is verifiably held: renewed less than half its lifetime
   * ago (by this process's monotonic clock), or renewed now. Rejects with a
   * {@link LeaseLostError} once another owner has it.
   */
  ensureHeld(): Promise<void>;
}

/**
 * Holds a run's lease for as long as this drive of it lasts: acquires it (taking it over at
 * once from a holder that is provably gone), renews it at a third of its lifetime, and
 * reports when it is lost so the run stops instead of racing another process. Its owner is
 * the fencing token every append of the drive carries ({@link fence}).
 *
 * Expiry is the store's business (its clock); the holder trusts its lease only for half
 * the lifetime after the request that last took or renewed it was sent, measured on
 * `performance.now()`, which no clock step moves: the other half is the margin for clocks
 * that run at different rates and for the call that follows the check.
 */
export class LeaseKeeper implements LeaseGuard {
  readonly #store: MetadataStore;
  readonly #runId: string;
  readonly #owner: string;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** `performance.now()` until which the lease is trusted without renewing. */
  #trustedUntil = Number.NEGATIVE_INFINITY;
  #lost: LeaseLostError | undefined;
  #renewing: Promise<void> | undefined;
  #onLost: (error: LeaseLostError) => void = () => {};

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

  /** The fence the drive's appends carry: its owner, unique to this drive. */
  get fence(): LeaseFence {
    return { runId: this.#runId, owner: this.#owner };
  }

  async ensureHeld(): Promise<void> {
    if (this.#lost) throw this.#lost;
    if (performance.now() < this.#trustedUntil) return;
    // Many jobs may ask at once (after a pause): one renewal answers them all.
    this.#renewing ??= this.#renew().finally(() => {
      this.#renewing = undefined;
    });
    await this.#renewing;
    if (this.#lost) throw this.#lost;
    if (!(performance.now() < this.#trustedUntil)) {
      throw new StoreError(`could not confirm the lease of run '${this.#runId}' with the store`);
    }
  }

  /** Marks the lease lost (an append the store fenced off said so) and tells the listener. */
  lost(error: LeaseLostError): void {
    if (this.#lost) return;
    clearInterval(this.#timer);
    this.#lost = error;
    this.#onLost(error);
  }

  async #acquireOnce(): Promise<void> {
    const sentAt = performance.now();
    let lease = await this.#take();
    if (!lease.acquired && holderIsGone(lease.holder)) {
      this.#logger.warn(`run '${this.#runId}' was held by '${lease.holder}', which is gone: taking the lease over`);
      await this.#store.releaseLease(this.#runId, lease.holder).catch(() => {});
      lease = await this.#take();
    }
    if (!lease.acquired) throw new LeaseHeldError(this.#runId, lease.holder, lease.expiresAt);
    this.#trustedUntil = sentAt + this.#ttlMs / 2;
    this.#timer = setInterval(() => this.#renew(), this.#ttlMs / 3);
    this.#timer.unref?.();
  }

  /** Calls `listener` when the lease is lost (at once if it already was). */
  onLost(listener: (error: LeaseLostError) => void): void {
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
    if (this.#lost) return;
    const sentAt = performance.now();
    try {
      if (await this.#store.renewLease(this.#runId, this.#owner, this.#ttlMs)) {
        this.#trustedUntil = Math.max(this.#trustedUntil, sentAt + this.#ttlMs / 2);
        return;
      }
      this.lost(new LeaseLostError(this.#runId));
    } catch (error) {
      this.#logger.warn(`could not renew the lease of run '${this.#runId}'; will try again`, { error });
    }
  }
}
