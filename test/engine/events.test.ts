import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type Logger, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { recordEvents } from '../../src/testing.js';
import { settle, work } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function silentLogger(): Logger & { errors: string[] } {
  const errors: string[] = [];
  return { errors, debug() {}, info() {}, warn() {}, error: (message) => void errors.push(message) };
}

describe('events', () => {
  it('emits the life cycle in order, each payload with pipeline, runId and time', async () => {
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    const p = pipeline('life')
      .job('only', { run: work(10) })
      .build();
    const result = await settle(engine.run(p));
    expect(events.names()).toEqual(['run:start', 'job:queued', 'job:start', 'job:success', 'run:finish']);
    for (const { payload } of events.events) {
      expect(payload.pipeline).toBe('life');
      expect(payload.runId).toBe(result.runId);
      expect(payload.time).toBeInstanceOf(Date);
    }
    expect(events.of('run:finish')[0]?.result).toBe(result);
    expect(events.of('job:success')[0]).toMatchObject({ job: 'only', attempt: 1, durationMs: 10 });
  });

  it('keeps running when a listener throws or rejects, and reports it', async () => {
    const logger = silentLogger();
    const engine = createEngine({ notifiers: [], logger });
    const reported: string[] = [];
    const later: string[] = [];
    engine.on('job:start', () => {
      throw new Error('listener bug');
    });
    engine.on('job:success', async () => {
      throw new Error('async listener bug');
    });
    engine.on('job:start', (e) => void later.push(e.job));
    engine.on(
      'listener:error',
      (e) => void reported.push(`${e.event}:${(e.error as Error).message}:${e.runId === '' ? 'no run' : 'run'}`),
    );
    const p = pipeline('robust')
      .job('a', { run: work(1) })
      .job('b', { run: work(1) })
      .after('a')
      .build();
    const result = await settle(engine.run(p));
    expect(result.status).toBe('success');
    expect(later).toEqual(['a', 'b']);
    expect(reported).toEqual([
      'job:start:listener bug:run',
      'job:success:async listener bug:run',
      'job:start:listener bug:run',
      'job:success:async listener bug:run',
    ]);
    expect(logger.errors).toHaveLength(4);
    expect(logger.errors[0]).toBe("a listener of 'job:start' failed: listener bug");
  });

  it('survives a throwing listener:error listener', async () => {
    const logger = silentLogger();
    const engine = createEngine({ notifiers: [], logger });
    engine.on('job:start', () => {
      throw new Error('first');
    });
    engine.on('listener:error', () => {
      throw new Error('second');
    });
    const result = await settle(
      engine.run(
        pipeline('p')
          .job('a', { run: work(1) })
          .build(),
      ),
    );
    expect(result.status).toBe('success');
    expect(logger.errors).toEqual(["a listener of 'job:start' failed: first", "a listener of 'listener:error' failed: second"]);
  });

  it('supports once and off', async () => {
    const engine = createEngine({ notifiers: [] });
    const onceCalls: string[] = [];
    const offCalls: string[] = [];
    engine.once('job:start', (e) => void onceCalls.push(e.job));
    const listener = (e: { job: string }) => void offCalls.push(e.job);
    engine.on('job:start', listener);
    engine.off('job:start', listener);
    const remove = engine.on('job:success', (e) => void offCalls.push(`success:${e.job}`));
    remove();
    await settle(
      engine.run(
        pipeline('p')
          .job('a', { run: work(1) })
          .job('b', { run: work(1) })
          .build(),
      ),
    );
    expect(onceCalls).toEqual(['a']);
    expect(offCalls).toEqual([]);
  });

  it('removes a once listener with off before it fires, and keeps other registrations of it', async () => {
    const engine = createEngine({ notifiers: [] });
    const calls: string[] = [];
    const listener = (e: { job: string }) => void calls.push(e.job);
    engine.once('job:start', listener);
    engine.off('job:start', listener);
    engine.on('job:success', listener);
    engine.once('job:success', listener);
    await settle(
      engine.run(
        pipeline('p')
          .job('a', { run: work(1) })
          .job('b', { run: work(1) })
          .after('a')
          .build(),
      ),
    );
    // job:start never heard; job:success heard twice for a (on + once), once for b.
    expect(calls).toEqual(['a', 'a', 'b']);
  });

  it('passes parameters, attempt numbers and upstream values to jobs in a frozen context', async () => {
    const contexts: unknown[] = [];
    const p = pipeline('ctx')
      .job('a', { run: () => 41 })
      .job('b', {
        run: (ctx) => {
          contexts.push(ctx);
          expect(Object.isFrozen(ctx)).toBe(true);
          expect(Object.isFrozen(ctx.parameters)).toBe(true);
          expect(ctx.upstream).toBeInstanceOf(Map);
          return (ctx.upstream.get('a') as number) + 1;
        },
      })
      .after('a')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p, { runId: 'run-1', parameters: { day: '2026-11-30' } }));
    expect(result.jobs.get('b')?.output).toBe(42);
    expect(contexts[0]).toMatchObject({
      attempt: 1,
      maxAttempts: 1,
      runId: 'run-1',
      pipeline: 'ctx',
      job: 'b',
      parameters: { day: '2026-11-30' },
    });
  });
});

describe('results', () => {
  it('are frozen all the way down', async () => {
    const p = pipeline('frozen')
      .job('a', { run: () => ({ rows: 1 }) })
      .job('b', {
        run: () => {
          throw new Error('x');
        },
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(Object.isFrozen(result)).toBe(true);
    expect(result.jobs).toBeInstanceOf(Map);
    const a = result.jobs.get('a');
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a?.attempts)).toBe(true);
    const attempts = (a?.attempts ?? []) as unknown[];
    expect(attempts).toHaveLength(1);
    expect(() => attempts.push({})).toThrow(TypeError);
    expect(() => {
      (result as { status: string }).status = 'success';
    }).toThrow(TypeError);
    expect(result.status).toBe('failed');
    expect([...result.jobs.keys()]).toEqual(['a', 'b']);
    expect([...result.jobs.values()].map((job) => job.status)).toEqual(['success', 'failed']);
    expect(Object.fromEntries(result.jobs)).toMatchObject({ a: { output: { rows: 1 } }, b: { error: { message: 'x' } } });
    const copy = structuredClone(result.jobs);
    expect(copy).toBeInstanceOf(Map);
    expect(copy.get('a')).toEqual(result.jobs.get('a'));
  });

  it('own their dates: changing one changes no other result, event or log row', async () => {
    const store = new MemoryMetadataStore();
    const engine = createEngine({ notifiers: [], store });
    const starts: Date[] = [];
    engine.on('job:start', (e) => void starts.push(e.time));
    const p = pipeline('dates')
      .job('a', { run: () => 1 })
      .job('b', { run: () => 2 })
      .build();
    const result = await settle(engine.run(p));
    const [a, b] = [result.jobs.get('a'), result.jobs.get('b')];
    const before = { b: b?.startedAt?.getTime() };
    const rowsBefore = (await store.history(result.runId)).map((row) => [row.eventTime, row.startTime, row.endTime].map(Number));
    a?.startedAt?.setFullYear(2000);
    a?.attempts[0]?.endedAt.setFullYear(2000);
    a?.endedAt?.setFullYear(2000);
    result.startedAt.setFullYear(2000);
    for (const time of starts) time.setFullYear(2000);
    expect(b?.startedAt?.getTime()).toBe(before.b);
    expect(a?.attempts[0]?.startedAt.getFullYear()).not.toBe(2000);
    const rowsAfter = (await store.history(result.runId)).map((row) => [row.eventTime, row.startTime, row.endTime].map(Number));
    expect(rowsAfter).toEqual(rowsBefore);
  });
});
