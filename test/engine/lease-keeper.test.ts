import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseKeeper } from '../../src/engine/log/lease-keeper.js';
import { LeaseLostError, MemoryMetadataStore } from '../../src/index.js';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const TTL = 60_000; // the engine's default leaseTtlMs

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LeaseKeeper.ensureHeld', () => {
  it('trusts the lease for half its lifetime, then renews once for everyone asking', async () => {
    const store = new MemoryMetadataStore();
    const keeper = new LeaseKeeper(store, 'r1', 'host:1:1', TTL, quiet);
    await keeper.acquire();
    const renew = vi.spyOn(store, 'renewLease');
    await keeper.ensureHeld();
    expect(renew).not.toHaveBeenCalled();
    // A pause past half the lifetime, the renewal timer not run meanwhile; the wall clock
    // stepped back an hour, which changes nothing: only performance.now() counts.
    vi.setSystemTime(Date.now() - 3_600_000);
    vi.spyOn(performance, 'now').mockReturnValue(performance.now() + TTL / 2 + 1);
    await Promise.all(Array.from({ length: 10 }, () => keeper.ensureHeld()));
    expect(renew).toHaveBeenCalledTimes(1);
    await keeper.release();
  });

  it('rejects with LeaseLostError, and tells the listener, once another owner took the lease over', async () => {
    const store = new MemoryMetadataStore();
    const keeper = new LeaseKeeper(store, 'r2', 'host:1:1', TTL, quiet);
    await keeper.acquire();
    const lost: Error[] = [];
    keeper.onLost((error) => lost.push(error));
    const { owner } = keeper.fence;
    await store.releaseLease('r2', owner);
    expect((await store.acquireLease('r2', 'other', TTL)).acquired).toBe(true);
    vi.spyOn(performance, 'now').mockReturnValue(performance.now() + TTL);
    await expect(keeper.ensureHeld()).rejects.toBeInstanceOf(LeaseLostError);
    expect(lost).toHaveLength(1);
    await expect(store.append([], keeper.fence)).rejects.toBeInstanceOf(LeaseLostError);
    await keeper.release();
    expect((await store.acquireLease('r2', 'third', TTL)).acquired).toBe(false);
  });
});
