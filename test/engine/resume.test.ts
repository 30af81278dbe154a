import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createEngine,
  ErrorCode,
  LeaseHeldError,
  MemoryMetadataStore,
  PipelineChangedError,
  pipeline,
  UnknownRunError,
} from '../../src/index.js';
import { recordEvents } from '../../src/testing.js';
import { expectRowOrder, settle, work } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A seed pipeline whose task2 fails while `broken` is set; counts calls per job. */
function seed(state: { broken: boolean; calls: Record<string, number> }, retries = 2) {
  const counted = (key: string, body?: () => void) => async () => {
    state.calls[key] = (state.calls[key] ?? 0) + 1;
    body?.();
    return key;
  };
  return pipeline('seed', { defaults: { retry: { maxRetries: retries, minIntervalMs: 10, jitter: 'none' } } })
    .job('task1', { run: counted('task1') })
    .job('task2', {
      run: counted('task2', () => {
        if (state.broken) throw new Error('Simulated task failure');
      }),
    })
    .after('task1')
    .job('task3', { run: counted('task3') })
    .after('task2')
    .job('other', { run: counted('other') })
    .build();
}

describe('engine.resume', () => {
  it('keeps what succeeded and runs the failed job and its dependents, attempt numbers continuing', async () => {
    const state = { broken: true, calls: {} as Record<string, number> };
    const store = new MemoryMetadataStore();
    const engine = createEngine({ notifiers: [], store });
    const failed = await settle(engine.run(seed(state), { runId: 'r1', parameters: { day: '2026-11-30' } }));
    expect(failed.status).toBe('failed');
    expect(state.calls).toEqual({ task1: 1, task2: 3, other: 1 });

    state.broken = false;
    const events = recordEvents(engine);
    const resumed = await settle(engine.resume(seed(state), 'r1'));
    expect(resumed.status).toBe('success');
    expectRowOrder(await engine.store.history('r1'));
    expect(resumed.runId).toBe('r1');
    expect(state.calls).toEqual({ task1: 1, task2: 4, task3: 1, other: 1 });
    expect(resumed.jobs.get('task2')?.attempts.map((a) => `${a.attempt}:${a.status}`)).toEqual([
      '1:failed',
      '2:failed',
      '3:failed',
      '4:success',
    ]);
    expect(resumed.jobs.get('task1')?.attempts.map((a) => a.attempt)).toEqual([1]);
    expect(events.of('job:start').map((e) => `${e.job}#${e.attempt}/${e.maxAttempts}`)).toEqual(['task2#4/6', 'task3#1/3']);

    const history = await store.history('r1');
    expect(history.map((row) => row.seq)).toEqual(history.map((_, i) => i + 1));
    const resumedRow = history.find((row) => row.event === 'run_resumed');
    expect(JSON.parse(resumedRow?.details ?? '{}')).toMatchObject({ parameters: { day: '2026-11-30' } });
    expect(history.at(-1)).toMatchObject({ event: 'run_finished', status: 'success' });
    expect((await store.listRuns())[0]).toMatchObject({ runId: 'r1', status: 'success' });
  });

  it('runs skipped and canceled jobs again', async () => {
    const engine = createEngine({ notifiers: [] });
    const controller = new AbortController();
    const slow = pipeline('slow', { concurrency: 1 })
      .job('a', { run: work(1000, 'a') })
      .job('b', { run: work(1000, 'b') })
      .after('a')
      .build();
    const running = engine.run(slow, { runId: 'r2', signal: controller.signal });
    setTimeout(() => controller.abort(), 1500);
    expect((await settle(running)).status).toBe('canceled');
    const resumed = await settle(engine.resume(slow, 'r2'));
    expectRowOrder(await engine.store.history('r2'));
    expect(
      Object.fromEntries(
        [...resumed.jobs].map(([key, job]) => [key, `${job.status}:${job.attempts.map((a) => a.attempt).join(',')}`]),
      ),
    ).toEqual({
      a: 'success:1',
      b: 'success:1,2',
    });
  });

  it('says exactly why a run recorded by an older brickwork cannot be checked, and resumes it with allowChanged', async () => {
    const state = { broken: true, calls: {} as Record<string, number> };
    const store = new MemoryMetadataStore();
    const engine = createEngine({ notifiers: [], store });
    const first = await settle(engine.run(seed(state), { runId: 'old' }));
    expect(first.status).toBe('failed');
    // What 0.1.0 recorded: a hash of another format, and no hashFormat.
    const rows = await store.history('old');
    const started = rows.find((row) => row.event === 'run_started');
    const legacy = new MemoryMetadataStore();
    await legacy.append(
      rows.map((row) =>
        row === started ? { ...row, details: JSON.stringify({ pipelineHash: 'f'.repeat(64), parameters: {} }) } : row,
      ),
    );
    const againEngine = createEngine({ notifiers: [], store: legacy });
    const refusal = await againEngine.resume(seed(state), 'old').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PipelineChangedError);
    expect((refusal as Error).message).toContain(
      'the run was recorded by an older brickwork whose hash format (before brickwork.pipeline/4) cannot be compared with brickwork.pipeline/5',
    );
    expect(refusal).toMatchObject({ recordedHash: 'f'.repeat(64), currentHash: seed(state).hash });
    state.broken = false;
    const resumed = await settle(againEngine.resume(seed(state), 'old', { allowChanged: true }));
    expect(resumed.status).toBe('success');
    expectRowOrder(await againEngine.store.history('old'));
    expect(state.calls.task1).toBe(1);
    const resumedRow = (await legacy.history('old')).find((row) => row.event === 'run_resumed');
    expect(JSON.parse(resumedRow?.details ?? '{}')).toMatchObject({
      pipelineHash: seed(state).hash,
      hashFormat: 'brickwork.pipeline/5',
    });
  });

  it('refuses an unknown run, a changed pipeline (unless allowed) and a run held by another process', async () => {
    const state = { broken: true, calls: {} as Record<string, number> };
    const store = new MemoryMetadataStore();
    const engine = createEngine({ notifiers: [], store, owner: 'me' });
    await expect(engine.resume(seed(state), 'nope')).rejects.toThrow(UnknownRunError);
    await expect(engine.resume(seed(state), 'nope')).rejects.toMatchObject({ runId: 'nope' });
    await settle(engine.run(seed(state), { runId: 'r3' }));
    const changed = seed(state, 5);
    const refusal = await engine.resume(changed, 'r3').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(PipelineChangedError);
    expect((refusal as PipelineChangedError).code).toBe(ErrorCode.PipelineChanged);
    expect(refusal).toMatchObject({ pipeline: 'seed', runId: 'r3', recordedHash: seed(state).hash, currentHash: changed.hash });
    expect((refusal as Error).message).toMatch(/pipeline 'seed' changed since run 'r3' started .* pass \{ allowChanged: true \}/);
    await store.acquireLease('r3', 'someone-else', 60_000);
    const held = await engine.resume(seed(state), 'r3').catch((error: unknown) => error);
    expect(held).toBeInstanceOf(LeaseHeldError);
    expect(held).toMatchObject({ runId: 'r3', holder: 'someone-else' });
    expect((held as LeaseHeldError).expiresAt.getTime()).toBeGreaterThan(Date.now());
    await store.releaseLease('r3', 'someone-else');
    state.broken = false;
    const resumed = await settle(engine.resume(changed, 'r3', { allowChanged: true }));
    expect(resumed.status).toBe('success');
    expectRowOrder(await engine.store.history('r3'));
    // The changed definition is now the recorded one; a succeeded run is not resumed again.
    const rows = await store.history('r3');
    expect(JSON.parse(rows.findLast((row) => row.event === 'run_resumed')?.details ?? '{}')).toMatchObject({
      pipelineHash: changed.hash,
    });
    await expect(engine.resume(changed, 'r3')).rejects.toThrow("run 'r3' already succeeded: there is nothing to resume");
    expect(await store.history('r3')).toHaveLength(rows.length);
  });
});

describe('resume across processes', () => {
  it('continues a run recorded in a SQLite file from a new engine and store', async () => {
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { SqliteMetadataStore } = await import('../../src/index.js');
    const path = join(mkdtempSync(join(tmpdir(), 'brickwork-resume-')), 'state.db');
    const state = { broken: true, calls: {} as Record<string, number> };
    const first = await settle(
      createEngine({ notifiers: [], store: new SqliteMetadataStore({ path }) }).run(seed(state), { runId: 'durable' }),
    );
    expect(first.status).toBe('failed');
    state.broken = false;
    const later = createEngine({ notifiers: [], store: new SqliteMetadataStore({ path }) });
    const resumed = await settle(later.resume(seed(state), 'durable'));
    expect(resumed.status).toBe('success');
    expectRowOrder(await later.store.history('durable'));
    expect(state.calls).toEqual({ task1: 1, task2: 4, task3: 1, other: 1 });
    expect((await later.store.listRuns())[0]).toMatchObject({ runId: 'durable', status: 'success' });
  });
});

describe('engine.status', () => {
  it('reports a run and each job from the newest rows of the log', async () => {
    const state = { broken: true, calls: {} as Record<string, number> };
    const engine = createEngine({ notifiers: [] });
    await settle(engine.run(seed(state, 0), { runId: 'st' }));
    const report = await engine.status('st');
    expect(report).toMatchObject({ runId: 'st', pipeline: 'seed', status: 'failed' });
    expect(Object.fromEntries([...report.jobs].map(([key, job]) => [key, `${job.status}/${job.event}/${job.attempt}`]))).toEqual({
      task1: 'success/succeeded/1',
      task2: 'failed/failed/1',
      task3: 'skipped/skipped/0',
      other: 'success/succeeded/1',
    });
    expect(report.jobs.get('task2')?.errorMessage).toBe('Simulated task failure');
    await expect(engine.status('missing')).rejects.toThrow("the metadata store has no run 'missing'");
  });
});
