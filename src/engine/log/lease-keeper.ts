import type { MetadataStore } from '../../adapters/metadata-store.js';
import { LeaseHeldError, StoreError } from '../../model/errors.js';
import type { Logger } from '../logger.js';

/**
 * Holds a run's lease for as long as this process drives it: acquires it, renews it at a
 * third of its lifetime, and reports when it is lost so the run stops instead of racing
 * another process.
 */
export class LeaseKeeper {
  readonly #store: MetadataStore;
  readonly #runId: string;
  readonly #owner: string;
  readonly #ttlMs: number;
  readonly #logger: Logger;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(store: MetadataStore, runId: string, owner: string, ttlMs: number, logger: Logger) {
    this.#store = store;
    this.#runId = runId;
    this.#owner = owner;
    this.#ttlMs = ttlMs;
    this.#logger = logger;
  }

  /** Takes the lease; throws {@link LeaseHeldError} when another owner has it. */
  async acquire(onLost: (error: Error) => void): Promise<void> {
    const lease = await this.#store.acquireLease(this.#runId, this.#owner, this.#ttlMs).catch((cause: unknown) => {
      throw new StoreError(`could not take the lease of run '${this.#runId}': ${String(cause)}`, { cause });
    });
    if (!lease.acquired) throw new LeaseHeldError(this.#runId, lease.holder, lease.expiresAt);
    this.#timer = setInterval(() => this.#renew(onLost), this.#ttlMs / 3);
    this.#timer.unref?.();
  }

  /** Stops renewing and gives the lease up; a failure to release only logs (it expires). */
  async release(): Promise<void> {
    clearInterval(this.#timer);
    await this.#store.releaseLease(this.#runId, this.#owner).catch((error: unknown) => {
      this.#logger.warn(`could not release the lease of run '${this.#runId}'; it expires by itself`, { error });
    });
  }

  async #renew(onLost: (error: Error) => void): Promise<void> {
    try {
      if (await this.#store.renewLease(this.#runId, this.#owner, this.#ttlMs)) return;
      clearInterval(this.#timer);
      onLost(new StoreError(`lost the lease of run '${this.#runId}' to another owner`));
    } catch (error) {
      this.#logger.warn(`could not renew the lease of run '${this.#runId}'; will try again`, { error });
    }
  }
}
