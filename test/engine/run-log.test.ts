import { describe, expect, it } from 'vitest';
import { RunLog } from '../../src/engine/log/run-log.js';
import type { LogRow } from '../../src/engine/log/run-rows.js';
import { type LogRecord, MemoryMetadataStore, StoreError } from '../../src/index.js';
import { logRow } from '../helpers.js';

function pending(event: LogRecord['event']): LogRow {
  return logRow({ pipelineRunId: 'r', jobId: 'r/a', event });
}

class CountingStore extends MemoryMetadataStore {
  readonly batches: number[] = [];
  failNext = false;
  override async append(records: readonly LogRecord[]): Promise<void> {
    this.batches.push(records.length);
    if (this.failNext) throw new Error('unreachable host');
    await new Promise((resolve) => setImmediate(resolve));
    return super.append(records);
  }
}

describe('RunLog', () => {
  it('numbers rows and groups the rows that arrive during a write into one append', async () => {
    const store = new CountingStore();
    const log = new RunLog(store, 0, undefined);
    const first = log.write(pending('queued'));
    const rest = [log.write(pending('started')), log.write(pending('attempt_failed')), log.write(pending('retry_scheduled'))];
    await first;
    const third = log.write(pending('started'));
    await Promise.all([...rest, third]);
    expect(store.batches).toEqual([4, 1]);
    expect((await store.history('r')).map((r) => `${r.seq}:${r.event}`)).toEqual([
      '1:queued',
      '2:started',
      '3:attempt_failed',
      '4:retry_scheduled',
      '5:started',
    ]);
  });

  it('fails every later write after a failed append', async () => {
    const store = new CountingStore();
    const log = new RunLog(store, 0, undefined);
    await log.write(pending('queued'));
    store.failNext = true;
    await expect(log.write(pending('started'))).rejects.toThrow(StoreError);
    store.failNext = false;
    await expect(log.write(pending('succeeded'))).rejects.toThrow('metadata store append failed: unreachable host');
    expect(log.failure).toBeInstanceOf(StoreError);
    expect((await store.history('r')).map((r) => r.event)).toEqual(['queued']);
  });

  it('records rows nobody waits for in the same batches, and reports a failure once to onFailure', async () => {
    const store = new CountingStore();
    const failures: StoreError[] = [];
    const log = new RunLog(store, 7, undefined, (failure) => failures.push(failure));
    log.record(pending('queued'));
    await log.write(pending('started'));
    expect(store.batches).toEqual([2]);
    expect((await store.history('r')).map((r) => `${r.seq}:${r.event}`)).toEqual(['8:queued', '9:started']);
    store.failNext = true;
    log.record(pending('succeeded'));
    await expect(log.write(pending('failed'))).rejects.toThrow(StoreError);
    log.record(pending('canceled'));
    store.failNext = false;
    await expect(log.write(pending('skipped'))).rejects.toBe(failures[0]);
    expect(failures).toHaveLength(1);
    expect(store.batches).toEqual([2, 2]);
    expect((await store.history('r')).map((r) => r.event)).toEqual(['queued', 'started']);
  });

  it('gives every row dates of its own, so that a caller changing its row or dates changes nothing recorded', async () => {
    const store = new CountingStore();
    const log = new RunLog(store, 0, undefined);
    const shared = new Date('2026-12-01T00:00:00Z');
    const first = pending('started');
    first.eventTime = shared;
    first.startTime = shared;
    const second = pending('succeeded');
    second.eventTime = shared;
    second.endTime = shared;
    await log.write(first);
    await log.write(second);
    shared.setFullYear(2000);
    const rows = await store.history('r');
    expect(rows.map((row) => row.eventTime.toISOString())).toEqual(['2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z']);
    expect(rows[0]?.eventTime).not.toBe(rows[1]?.eventTime);
    expect(rows[0]?.startTime?.getFullYear()).toBe(2026);
    expect(Object.isFrozen(rows[0])).toBe(true);
  });
});
