import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogRecord, MetadataStore } from '../../src/index.js';
import { logRow } from '../helpers.js';

function row(fields: Partial<LogRecord> & Pick<LogRecord, 'seq'>): LogRecord {
  return Object.freeze(logRow(fields));
}

/**
 * The behaviour every MetadataStore must have, run against each implementation.
 * `make` returns a fresh, empty store.
 */
export function describeMetadataStore(name: string, make: () => Promise<MetadataStore>): void {
  describe(`${name} (MetadataStore contract)`, () => {
    let store: MetadataStore;
    beforeEach(async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-11-30T10:00:00Z'));
      store = await make();
      await store.init();
      await store.init();
    });
    afterEach(() => {
      vi.useRealTimers();
    });

    it('keeps history in seq order and gives the newest row per job', async () => {
      await store.append([row({ seq: 1 }), row({ seq: 2, jobId: 'r1/b', jobName: 'b' })]);
      await store.append([
        row({ seq: 3, status: 'success', event: 'succeeded', errorMessage: 'it\'s "quoted"; DROP TABLE x;--\nand ünïcödé 🧱' }),
      ]);
      expect((await store.history('r1')).map((r) => r.seq)).toEqual([1, 2, 3]);
      expect((await store.latest('r1')).map((r) => `${r.jobName}:${r.status}`)).toEqual(['b:in_progress', 'a:success']);
      expect((await store.latest('r1'))[1]?.errorMessage).toBe('it\'s "quoted"; DROP TABLE x;--\nand ünïcödé 🧱');
      expect(await store.history('unknown')).toEqual([]);
    });

    it('round-trips every column', async () => {
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
      expect(await store.history('r1')).toEqual([full]);
    });

    it('lists runs newest first, filtered by pipeline and limited', async () => {
      const runRow = (
        runId: string,
        pipelineName: string,
        minute: number,
        status: LogRecord['status'],
        event: LogRecord['event'],
        seq: number,
      ) =>
        row({
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
      expect(all.map((r) => `${r.runId}:${r.status}:${r.pipelineHash}`)).toEqual([
        'new:in_progress:hash-new',
        'other:success:hash-other',
        'old:failed:hash-old',
      ]);
      expect(all[2]?.endedAt).toEqual(new Date(Date.UTC(2026, 10, 30, 11, 1)));
      expect((await store.listRuns({ pipeline: 'etl' })).map((r) => r.runId)).toEqual(['new', 'old']);
      expect((await store.listRuns({ limit: 1 })).map((r) => r.runId)).toEqual(['new']);
    });

    it('gives a lease to one owner at a time until it expires or is released', async () => {
      expect(await store.acquireLease('r1', 'alice', 10_000)).toEqual({
        acquired: true,
        expiresAt: new Date('2026-11-30T10:00:10Z'),
      });
      expect(await store.acquireLease('r1', 'bob', 10_000)).toEqual({
        acquired: false,
        holder: 'alice',
        expiresAt: new Date('2026-11-30T10:00:10Z'),
      });
      expect(await store.renewLease('r1', 'bob', 10_000)).toBe(false);
      vi.setSystemTime(new Date('2026-11-30T10:00:05Z'));
      expect(await store.renewLease('r1', 'alice', 10_000)).toBe(true);
      vi.setSystemTime(new Date('2026-11-30T10:00:14Z'));
      expect((await store.acquireLease('r1', 'bob', 10_000)).acquired).toBe(false);
      vi.setSystemTime(new Date('2026-11-30T10:00:16Z'));
      expect(await store.renewLease('r1', 'alice', 10_000)).toBe(false);
      expect((await store.acquireLease('r1', 'bob', 10_000)).acquired).toBe(true);
      await store.releaseLease('r1', 'alice');
      expect((await store.acquireLease('r1', 'carol', 10_000)).acquired).toBe(false);
      await store.releaseLease('r1', 'bob');
      expect((await store.acquireLease('r1', 'carol', 10_000)).acquired).toBe(true);
    });

    it('lets exactly one of two contenders take a free lease', async () => {
      const [first, second] = await Promise.all([store.acquireLease('r2', 'x', 10_000), store.acquireLease('r2', 'y', 10_000)]);
      expect([first.acquired, second.acquired].filter(Boolean)).toHaveLength(1);
    });
  });
}
