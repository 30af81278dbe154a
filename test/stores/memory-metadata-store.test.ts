import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type LogRecord, MemoryMetadataStore } from '../../src/index.js';
import { logRow } from '../helpers.js';

function row(fields: Partial<LogRecord> & Pick<LogRecord, 'seq'>): LogRecord {
  return logRow(fields);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2026-11-30T10:00:00Z'));
});
afterEach(() => {
  vi.useRealTimers();
});

describe('MemoryMetadataStore', () => {
  it('keeps history in seq order and gives the newest row per job', async () => {
    const store = new MemoryMetadataStore();
    await store.init();
    await store.append([row({ seq: 2, jobId: 'r1/b', jobName: 'b' }), row({ seq: 1 })]);
    await store.append([row({ seq: 3, status: 'success', event: 'succeeded', errorMessage: 'it\'s "quoted"\nand ünïcödé' })]);
    expect((await store.history('r1')).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect((await store.latest('r1')).map((r) => `${r.jobName}:${r.status}`)).toEqual(['b:in_progress', 'a:success']);
    expect((await store.latest('r1'))[1]?.errorMessage).toBe('it\'s "quoted"\nand ünïcödé');
    expect(await store.history('unknown')).toEqual([]);
  });

  it('lists runs newest first, filtered by pipeline and limited', async () => {
    const store = new MemoryMetadataStore();
    const runRow = (
      runId: string,
      pipelineName: string,
      minute: number,
      status: LogRecord['status'],
      event: LogRecord['event'],
    ) =>
      row({
        seq: event === 'run_started' ? 1 : 9,
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
      runRow('old', 'etl', 1, 'in_progress', 'run_started'),
      runRow('old', 'etl', 1, 'failed', 'run_finished'),
    ]);
    await store.append([runRow('new', 'etl', 5, 'in_progress', 'run_started')]);
    await store.append([
      runRow('other', 'ml', 3, 'in_progress', 'run_started'),
      runRow('other', 'ml', 3, 'success', 'run_finished'),
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
    const store = new MemoryMetadataStore();
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
    vi.advanceTimersByTime(5000);
    expect(await store.renewLease('r1', 'alice', 10_000)).toBe(true);
    vi.advanceTimersByTime(9000);
    expect((await store.acquireLease('r1', 'bob', 10_000)).acquired).toBe(false);
    vi.advanceTimersByTime(2000);
    expect(await store.renewLease('r1', 'alice', 10_000)).toBe(false);
    expect((await store.acquireLease('r1', 'bob', 10_000)).acquired).toBe(true);
    await store.releaseLease('r1', 'alice');
    expect((await store.acquireLease('r1', 'carol', 10_000)).acquired).toBe(false);
    await store.releaseLease('r1', 'bob');
    expect((await store.acquireLease('r1', 'carol', 10_000)).acquired).toBe(true);
  });
});
