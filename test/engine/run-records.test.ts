import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrickworkError,
  createEngine,
  ErrorCode,
  InvalidOptionsError,
  LeaseHeldError,
  type LogRecord,
  MemoryMetadataStore,
  pipeline,
  StoreError,
} from '../../src/index.js';
import { settle, work } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A memory store whose append fails once `failWhen` matches a row. */
class FailingStore extends MemoryMetadataStore {
  constructor(private readonly failWhen: (row: LogRecord) => boolean) {
    super();
  }
  override async append(records: readonly LogRecord[]): Promise<void> {
    if (records.some(this.failWhen)) throw new Error('disk full');
    return super.append(records);
  }
}

describe('recording runs', () => {
  it('records run rows with the pipeline hash and lists the run', async () => {
    const store = new MemoryMetadataStore();
    const p = pipeline('listed')
      .job('a', { run: work(5) })
      .build();
    const result = await settle(createEngine({ notifiers: [], store }).run(p, { runId: 'r1' }));
    const history = await store.history('r1');
    expect(history[0]).toMatchObject({ event: 'run_started', jobName: null, jobId: 'r1', status: 'in_progress', seq: 1 });
    expect(JSON.parse(history[0]?.details ?? '{}')).toEqual({
      pipelineHash: p.hash,
      hashFormat: 'brickwork.pipeline/5',
      parameters: {},
    });
    expect(history.at(-1)).toMatchObject({ event: 'run_finished', status: 'success', endTime: result.endedAt });
    expect(history.filter((row) => row.jobName === 'a').map((row) => row.jobId)).toEqual(['r1/a', 'r1/a', 'r1/a']);
    expect(history.every(Object.isFrozen)).toBe(true);
    expect(await store.listRuns()).toEqual([
      {
        runId: 'r1',
        pipelineName: 'listed',
        status: 'success',
        startedAt: result.startedAt,
        endedAt: result.endedAt,
        pipelineHash: p.hash,
      },
    ]);
  });

  it('writes the intent of an attempt before running it, and never runs a job whose intent failed to record', async () => {
    const store = new FailingStore((row) => row.jobName === 'second' && row.event === 'started');
    let secondCalls = 0;
    const p = pipeline('intent')
      .job('first', { run: work(5) })
      .job('second', {
        run: () => {
          secondCalls++;
        },
      })
      .after('first')
      .build();
    const running = createEngine({ notifiers: [], store }).run(p, { runId: 'r2' });
    await expect(settle(running)).rejects.toThrow(StoreError);
    await expect(running).rejects.toThrow('metadata store append failed: disk full');
    expect(secondCalls).toBe(0);
    // Rows are durable in groups; the group holding second's intent was not written at all.
    const rows = await store.history('r2');
    expect(rows.some((row) => row.jobName === 'second' && row.event === 'started')).toBe(false);
    expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
  });

  it('rejects with a StoreError when the store cannot start', async () => {
    const store = new MemoryMetadataStore();
    store.init = async () => {
      throw new Error('connection refused');
    };
    const running = createEngine({ notifiers: [], store }).run(
      pipeline('p')
        .job('a', { run: work(1) })
        .build(),
    );
    await expect(running).rejects.toThrow('metadata store init failed: connection refused');
    await expect(running).rejects.toMatchObject({ code: ErrorCode.StoreFailed });
  });

  it('refuses a run whose lease another owner holds', async () => {
    const store = new MemoryMetadataStore();
    await store.acquireLease('held', 'other-host:42', 60_000);
    const running = createEngine({ notifiers: [], store, owner: 'me' }).run(
      pipeline('p')
        .job('a', { run: work(1) })
        .build(),
      { runId: 'held' },
    );
    await expect(running).rejects.toThrow(LeaseHeldError);
    await expect(running).rejects.toThrow(/run 'held' is held by 'other-host:42' until /);
  });

  it('renews its lease during a long run and releases it at the end', async () => {
    const store = new MemoryMetadataStore();
    const renew = vi.spyOn(store, 'renewLease');
    const p = pipeline('long')
      .job('a', { run: work(100_000) })
      .build();
    await settle(createEngine({ notifiers: [], store, leaseTtlMs: 30_000 }).run(p, { runId: 'leased' }));
    expect(renew.mock.calls.length).toBe(10);
    expect(await store.acquireLease('leased', 'someone-else', 1000)).toMatchObject({ acquired: true });
  });

  it('stops the run when it loses its lease', async () => {
    const store = new MemoryMetadataStore();
    store.renewLease = async () => false;
    const p = pipeline('lost')
      .job('a', { run: work(100_000) })
      .build();
    const running = createEngine({ notifiers: [], store, leaseTtlMs: 3000 }).run(p);
    await expect(settle(running)).rejects.toThrow(/lost the lease of run/);
  });

  it('rejects misuse with every problem listed', async () => {
    const engine = createEngine({ notifiers: [] });
    const p = pipeline('p')
      .job('a', { run: work(1) })
      .build();
    const running = engine.run(p, { runId: 'bad id', parameters: { n: 3 as never }, deadlineSeconds: -1 });
    await expect(running).rejects.toThrow(InvalidOptionsError);
    await expect(running).rejects.toThrow(/runId 'bad id' must match/);
    await expect(running).rejects.toThrow(/parameter 'n' must be a string, got number/);
    await expect(running).rejects.toThrow(/deadlineSeconds must be a positive number/);
    await expect(engine.run({} as never)).rejects.toThrow('engine.run expects a Pipeline');
  });

  it('says how to configure Databricks when a pipeline needs it and nothing is set', async () => {
    for (const name of [
      'DATABRICKS_HOST',
      'DATABRICKS_TOKEN',
      'DATABRICKS_CLIENT_ID',
      'DATABRICKS_CLIENT_SECRET',
      'DATABRICKS_CONFIG_PROFILE',
    ]) {
      vi.stubEnv(name, undefined);
    }
    vi.stubEnv('DATABRICKS_CONFIG_FILE', '/nonexistent/.databrickscfg');
    const p = pipeline('p')
      .job('local', { run: work(1) })
      .job('remote', { databricks: { jobId: 7 } })
      .build();
    await expect(createEngine({ notifiers: [] }).run(p)).rejects.toThrow(
      'jobs remote run on Databricks, but no Jobs API is configured: no Databricks host: pass `host`, set DATABRICKS_HOST, or add `host` to a ~/.databrickscfg profile',
    );
    vi.unstubAllEnvs();
  });

  it('refuses to reuse a run id', async () => {
    const engine = createEngine({ notifiers: [] });
    const p = pipeline('p')
      .job('a', { run: work(1) })
      .build();
    await settle(engine.run(p, { runId: 'once' }));
    await expect(engine.run(p, { runId: 'once' })).rejects.toThrow("run 'once' already exists");
  });

  it('checks engine options', () => {
    expect(() => createEngine({ notifiers: [], concurrency: 0 })).toThrow(
      'engine option concurrency must be a positive integer, got 0',
    );
    expect(() => createEngine({ notifiers: [], leaseTtlMs: 10 })).toThrow(BrickworkError);
  });

  it('generates sortable run ids', async () => {
    vi.setSystemTime(new Date('2026-11-30T10:15:00.123Z'));
    const result = await settle(
      createEngine({ notifiers: [] }).run(
        pipeline('p')
          .job('a', { run: work(1) })
          .build(),
      ),
    );
    expect(result.runId).toMatch(/^20261130T101500Z-[0-9a-f]{6}$/);
  });
});

describe('scheduling', () => {
  it('starts the critical path first when slots are scarce', async () => {
    const started: string[] = [];
    const track = (ms: number) => (ctx: Parameters<ReturnType<typeof work>>[0]) => {
      started.push(ctx.job);
      return work(ms)(ctx);
    };
    const p = pipeline('priority', { concurrency: 1 })
      .job('short', { run: track(10), estimatedDurationSeconds: 1 })
      .job('long1', { run: track(10), estimatedDurationSeconds: 30 })
      .job('long2', { run: track(10), estimatedDurationSeconds: 30 })
      .after('long1')
      .job('mid', { run: track(10), estimatedDurationSeconds: 20 })
      .build();
    await settle(createEngine({ notifiers: [] }).run(p));
    expect(started).toEqual(['long1', 'long2', 'mid', 'short']);
  });

  it('never runs more jobs at once than the concurrency', async () => {
    let running = 0;
    let peak = 0;
    let builder = pipeline('wide', { concurrency: 3 }).job('j0', { run: work(1) });
    for (let i = 1; i < 20; i++) {
      builder = builder.job(`j${i}`, {
        run: async (ctx) => {
          peak = Math.max(peak, ++running);
          await work(10 + i)(ctx);
          running--;
        },
      });
    }
    await settle(createEngine({ notifiers: [] }).run(builder.build()));
    expect(peak).toBe(3);
  });
});

describe('the default store', () => {
  it('is the SQLite file BRICKWORK_STATE_DB, created on first use', async () => {
    const { existsSync } = await import('node:fs');
    const { SqliteMetadataStore } = await import('../../src/index.js');
    const engine = createEngine({ notifiers: [] });
    expect(engine.store).toBeInstanceOf(SqliteMetadataStore);
    await settle(
      engine.run(
        pipeline('p')
          .job('a', { run: work(1) })
          .build(),
        { runId: 'default-store' },
      ),
    );
    expect(existsSync(String(process.env.BRICKWORK_STATE_DB))).toBe(true);
    expect((await engine.store.history('default-store')).at(-1)?.event).toBe('run_finished');
  });

  it('is the Databricks table when a SQL warehouse is configured', async () => {
    const { SqlMetadataStore, SqliteMetadataStore } = await import('../../src/index.js');
    vi.stubEnv('BRICKWORK_SQL_WAREHOUSE', '/sql/1.0/warehouses/abc123');
    vi.stubEnv('DATABRICKS_HOST', 'dbc-1.cloud.databricks.com');
    vi.stubEnv('DATABRICKS_TOKEN', 'dapi-test');
    const store = createEngine({ notifiers: [] }).store;
    vi.unstubAllEnvs();
    expect(store).toBeInstanceOf(SqlMetadataStore);
    expect(store).not.toBeInstanceOf(SqliteMetadataStore);
  });
});
