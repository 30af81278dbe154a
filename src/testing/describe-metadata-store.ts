import assert from 'node:assert/strict';
import type { LogRecord, MetadataStore } from '../adapters/metadata-store.js';
import { frozenClock } from './frozen-clock.js';
import { logRecord } from './log-record.js';

/** The test functions of your runner: vitest's, jest's, mocha's, or `node:test`'s. */
export interface TestSuite {
  readonly describe: (name: string, body: () => void) => unknown;
  readonly it: (name: string, body: () => Promise<void>) => unknown;
}

/**
 * Registers the behaviour every {@link MetadataStore} must have, as tests of your runner:
 * history in `seq` order, the newest row per job, every column round-tripped (quotes,
 * Unicode and SQL in text included), runs listed newest first, and leases held by one owner
 * at a time until they expire or are released, and appends fenced by the lease (refused,
 * writing nothing, once another owner took it over). `makeStore` returns a fresh, empty
 * store. Leases are tested on a stepped clock: the store's clock must read the time through
 * `Date` in the test (`Date.now()`, `new Date()`; the emulated warehouse's clock does).
 *
 * @param suite your runner's `describe` and `it`; by default the global ones (vitest with
 * `globals: true`, jest, mocha).
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeMetadataStore } from 'brickwork/testing';
 * describeMetadataStore('JsonLinesStore', async () => new JsonLinesStore(tempFile()), { describe, it });
 * ```
 */
export function describeMetadataStore(name: string, makeStore: () => Promise<MetadataStore>, suite?: TestSuite): void {
  const { describe, it } = suite ?? globalSuite();
  /** A fresh store, initialised twice (init must be idempotent), on a clock at 10:00. */
  const test = (title: string, body: (store: MetadataStore, setTime: (iso: string) => void) => Promise<void>) =>
    it(title, async () => {
      const clock = frozenClock('2026-11-30T10:00:00Z');
      try {
        const store = await makeStore();
        await store.init();
        await store.init();
        await body(store, clock.set);
      } finally {
        clock.restore();
      }
    });

  describe(`${name} (MetadataStore contract)`, () => {
    test('keeps history in seq order and gives the newest row per job', async (store) => {
      const tricky = 'it\'s "quoted"; DROP TABLE x;--\nand ünïcödé 🧱';
      await store.append([row({ seq: 1 }), row({ seq: 2, jobId: 'r1/b', jobName: 'b' })]);
      await store.append([row({ seq: 3, status: 'success', event: 'succeeded', errorMessage: tricky })]);
      assert.deepEqual(
        (await store.history('r1')).map((r) => r.seq),
        [1, 2, 3],
      );
      const latest = await store.latest('r1');
      assert.deepEqual(
        latest.map((r) => `${r.jobName}:${r.status}`),
        ['b:in_progress', 'a:success'],
      );
      assert.equal(latest[1]?.errorMessage, tricky);
      assert.deepEqual(await store.history('unknown'), []);
    });

    test('round-trips every column', async (store) => {
      const full = row({
        seq: 1,
        attempt: 3,
        databricksJobId: 42,
        databricksRunId: 9_007_199_254_740,
        runPageUrl: 'https://dbc.example/?o=1#job/42/run/9',
        startTime: new Date('2026-11-30T09:00:00.123Z'),
        endTime: new Date('2026-11-30T09:05:00.456Z'),
        details: '{"errorClass":"timeout"}',
        eventTime: new Date('2026-11-30T09:05:01.000Z'),
      });
      await store.append([full]);
      assert.deepEqual(
        (await store.history('r1')).map((r) => ({ ...r })),
        [{ ...full }],
      );
    });

    test('lists runs newest first, filtered by pipeline and limited', async (store) => {
      await store.append([
        runRow('old', 'etl', 1, 'in_progress', 'run_started', 1),
        runRow('old', 'etl', 1, 'failed', 'run_finished', 2),
      ]);
      await store.append([runRow('new', 'etl', 5, 'in_progress', 'run_started', 1)]);
      await store.append([
        runRow('other', 'ml', 3, 'in_progress', 'run_started', 1),
        runRow('other', 'ml', 3, 'success', 'run_finished', 2),
      ]);
      const all = await store.listRuns();
      assert.deepEqual(
        all.map((r) => `${r.runId}:${r.status}:${r.pipelineHash}`),
        ['new:in_progress:hash-new', 'other:success:hash-other', 'old:failed:hash-old'],
      );
      assert.deepEqual(all[2]?.endedAt, new Date(Date.UTC(2026, 10, 30, 11, 1)));
      assert.deepEqual(
        (await store.listRuns({ pipeline: 'etl' })).map((r) => r.runId),
        ['new', 'old'],
      );
      assert.deepEqual(
        (await store.listRuns({ limit: 1 })).map((r) => r.runId),
        ['new'],
      );
    });

    test('gives a lease to one owner at a time until it expires or is released', async (store, setTime) => {
      const until = new Date('2026-11-30T10:00:10Z');
      assert.deepEqual(await store.acquireLease('r1', 'alice', 10_000), { acquired: true, expiresAt: until });
      assert.deepEqual(await store.acquireLease('r1', 'bob', 10_000), { acquired: false, holder: 'alice', expiresAt: until });
      assert.equal(await store.renewLease('r1', 'bob', 10_000), false);
      setTime('2026-11-30T10:00:05Z');
      assert.equal(await store.renewLease('r1', 'alice', 10_000), true);
      setTime('2026-11-30T10:00:14Z');
      assert.equal((await store.acquireLease('r1', 'bob', 10_000)).acquired, false, 'the renewed lease still holds');
      setTime('2026-11-30T10:00:16Z');
      assert.equal(await store.renewLease('r1', 'alice', 10_000), true, 'expired, but nobody took it over');
      setTime('2026-11-30T10:00:27Z');
      assert.equal((await store.acquireLease('r1', 'bob', 10_000)).acquired, true);
      assert.equal(await store.renewLease('r1', 'alice', 10_000), false, 'bob took it over');
      await store.releaseLease('r1', 'alice');
      assert.equal((await store.acquireLease('r1', 'carol', 10_000)).acquired, false, 'only the holder releases');
      await store.releaseLease('r1', 'bob');
      assert.equal((await store.acquireLease('r1', 'carol', 10_000)).acquired, true);
    });

    test('fences appends: only the newest holder of the lease writes, all rows or none', async (store, setTime) => {
      const fence = (owner: string) => ({ runId: 'r1', owner });
      await assert.rejects(store.append([row({ seq: 1 })], fence('alice')), { name: 'LeaseLostError' }, 'no lease yet');
      await store.acquireLease('r1', 'alice', 10_000);
      await store.append([row({ seq: 1 }), row({ seq: 2 })], fence('alice'));
      await assert.rejects(store.append([row({ seq: 3 })], fence('bob')), { name: 'LeaseLostError' });
      setTime('2026-11-30T10:00:11Z');
      await store.append([row({ seq: 3 })], fence('alice'));
      await store.acquireLease('r1', 'bob', 10_000);
      await assert.rejects(store.append([row({ seq: 4 }), row({ seq: 5 })], fence('alice')), { name: 'LeaseLostError' });
      await store.append([row({ seq: 4 })], fence('bob'));
      await store.releaseLease('r1', 'bob');
      await assert.rejects(store.append([row({ seq: 5 })], fence('bob')), { name: 'LeaseLostError' }, 'released');
      assert.deepEqual(
        (await store.history('r1')).map((r) => r.seq),
        [1, 2, 3, 4],
      );
    });

    test('lets exactly one of two contenders take a free lease', async (store) => {
      const taken = await Promise.all([store.acquireLease('r2', 'x', 10_000), store.acquireLease('r2', 'y', 10_000)]);
      assert.equal(taken.filter((lease) => lease.acquired).length, 1);
    });
  });
}

function globalSuite(): TestSuite {
  const { describe, it } = globalThis as Partial<TestSuite>;
  if (typeof describe !== 'function' || typeof it !== 'function') {
    throw new TypeError(
      "describeMetadataStore needs your runner's describe and it: pass them ({ describe, it } from 'vitest' or 'node:test'), or enable globals",
    );
  }
  return { describe, it };
}

function row(fields: Partial<LogRecord> & Pick<LogRecord, 'seq'>): LogRecord {
  return Object.freeze(logRecord(fields));
}

/** A run-level row of run `runId` at 10:`minute`. */
function runRow(
  runId: string,
  pipelineName: string,
  minute: number,
  status: LogRecord['status'],
  event: LogRecord['event'],
  seq: number,
): LogRecord {
  return row({
    seq,
    pipelineRunId: runId,
    pipelineName,
    jobId: runId,
    jobName: null,
    status,
    event,
    attempt: 0,
    startTime: new Date(Date.UTC(2026, 10, 30, 10, minute)),
    endTime: event === 'run_finished' ? new Date(Date.UTC(2026, 10, 30, 11, minute)) : null,
    details: event === 'run_started' ? JSON.stringify({ pipelineHash: `hash-${runId}` }) : null,
  });
}
