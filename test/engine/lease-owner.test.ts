import { spawn } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { driveOwner, holderIsGone, processOwner } from '../../src/engine/log/lease-owner.js';
import { createEngine, LeaseHeldError, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { expectRowOrder, work } from '../helpers.js';

describe('lease owners', () => {
  it('names this process by host, pid and start, and each drive uniquely under it', () => {
    const owner = processOwner();
    expect(owner).toMatch(new RegExp(`^${hostname()}:${process.pid}:(\\d+|-)$`));
    expect(driveOwner(owner)).toMatch(new RegExp(`^${owner}#[0-9a-f]{8}$`));
    expect(driveOwner(owner)).not.toBe(driveOwner(owner));
  });

  it('knows a holder is gone only when its process on this host is gone, or its pid was reused', async () => {
    const me = driveOwner(processOwner());
    expect(holderIsGone(me)).toBe(false);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((resolve) => child.once('spawn', resolve));
    const of = (start: string) => `${hostname()}:${child.pid}:${start}#00000000`;
    // Alive: not gone, unless the start recorded is not its start (the pid was reused).
    expect(holderIsGone(of('-'))).toBe(false);
    if (!processOwner().endsWith(':-')) expect(holderIsGone(of('1'))).toBe(true);
    const start = processOwner().split(':')[2] ?? '-';
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(holderIsGone(of(start))).toBe(true);
    expect(holderIsGone(`another-host:${child.pid}:${start}#00000000`)).toBe(false);
    expect(holderIsGone('someone-else')).toBe(false);
    expect(holderIsGone(`${hostname()}:${child.pid}`)).toBe(false);
  });
});

describe('one drive per run', () => {
  it('lets only one of two resumes in one process drive the run', async () => {
    let broken = true;
    const flow = () =>
      pipeline('twice')
        .job('slow', { run: work(50, 'ok') })
        .job('flaky', {
          run: () => {
            if (broken) throw new Error('down');
            return 'up';
          },
        })
        .after('slow')
        .build();
    const engine = createEngine({ notifiers: [], store: new MemoryMetadataStore() });
    const first = await engine.run(flow());
    expect(first.status).toBe('failed');
    broken = false;
    const outcomes = await Promise.allSettled([engine.resume(flow(), first.runId), engine.resume(flow(), first.runId)]);
    expectRowOrder(await engine.store.history(first.runId));
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const refused = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason] : []));
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(LeaseHeldError);
    const rows = await engine.store.history(first.runId);
    expect(rows.filter((row) => row.event === 'run_resumed')).toHaveLength(1);
    expect(rows.filter((row) => row.event === 'run_finished')).toHaveLength(2);
  });
});

describe('waiting for a live holder', () => {
  const flaky = (state: { broken: boolean }) =>
    pipeline('held')
      .job('a', {
        run: () => {
          if (state.broken) throw new Error('down');
          return 'up';
        },
      })
      .build();

  it('waits until the holder lets go with waitForLease: true, saying who holds it', async () => {
    const state = { broken: true };
    const infos: string[] = [];
    const store = new MemoryMetadataStore();
    const logger = { debug() {}, info: (message: string) => void infos.push(message), warn() {}, error() {} };
    const engine = createEngine({ notifiers: [], store, logger });
    const first = await engine.run(flaky(state));
    state.broken = false;
    await store.acquireLease(first.runId, 'other-host:7:1#cafe0001', 60_000);
    setTimeout(() => void store.releaseLease(first.runId, 'other-host:7:1#cafe0001'), 300);
    const resumed = await engine.resume(flaky(state), first.runId, { waitForLease: true });
    expectRowOrder(await engine.store.history(first.runId));
    expect(resumed.status).toBe('success');
    expect(infos).toEqual([
      expect.stringMatching(new RegExp(`^run '${first.runId}' is held by 'other-host:7:1#cafe0001' until .*; waiting$`)),
    ]);
  });

  it('gives up after waitForLease milliseconds with the holder named, and refuses at once by default', async () => {
    const state = { broken: true };
    const store = new MemoryMetadataStore();
    const engine = createEngine({ notifiers: [], store });
    const first = await engine.run(flaky(state));
    await store.acquireLease(first.runId, 'other-host:7:1#cafe0002', 60_000);
    const started = performance.now();
    await expect(engine.resume(flaky(state), first.runId, { waitForLease: 250 })).rejects.toMatchObject({
      holder: 'other-host:7:1#cafe0002',
    });
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    await expect(engine.resume(flaky(state), first.runId)).rejects.toBeInstanceOf(LeaseHeldError);
    await expect(engine.resume(flaky(state), first.runId, { waitForLease: -1 })).rejects.toThrow(
      'waitForLease must be true, false or a number of milliseconds >= 0, got -1',
    );
  });
});
