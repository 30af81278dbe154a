import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { recordEvents } from '../../src/testing.js';
import { settle, work } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("the seed's scenarios with in-process jobs", () => {
  it('runs A → B, C in parallel with B, D after B', async () => {
    const p = pipeline('seed', { concurrency: 4 })
      .job('A', { run: work(100, 'a') })
      .job('B', { run: work(300, 'b') })
      .after('A')
      .job('C', { run: work(200, 'c') })
      .after('A')
      .job('D', { run: async ({ upstream }) => `d after ${String(upstream.get('B'))}` })
      .after('B')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.status).toBe('success');
    const [a, b, c, d] = ['A', 'B', 'C', 'D'].map((key) => result.jobs.get(key));
    const t = (date: Date | undefined) => date?.getTime() ?? Number.NaN;
    expect(t(b?.startedAt)).toBeGreaterThanOrEqual(t(a?.endedAt));
    expect(t(c?.startedAt)).toBeGreaterThanOrEqual(t(a?.endedAt));
    // B and C overlap in time.
    expect(t(b?.startedAt)).toBeLessThan(t(c?.endedAt));
    expect(t(c?.startedAt)).toBeLessThan(t(b?.endedAt));
    // D starts after B, not after C alone.
    expect(t(d?.startedAt)).toBeGreaterThanOrEqual(t(b?.endedAt));
    expect(d?.output).toBe('d after b');
    expect(result.durationMs).toBe(400);
  });

  it('fails task2 three times: the run fails, its dependents are skipped, the other branch succeeds', async () => {
    let task2Calls = 0;
    const engine = createEngine({ notifiers: [], store: new MemoryMetadataStore() });
    const events = recordEvents(engine);
    const p = pipeline('seed-failure', { defaults: { retry: { maxRetries: 2, minIntervalMs: 1000, jitter: 'none' } } })
      .job('task1', { run: work(10) })
      .job('task2', {
        run: async () => {
          task2Calls++;
          throw new Error('Simulated task failure');
        },
      })
      .after('task1')
      .job('task3', { run: work(10) })
      .after('task2')
      .job('task4', { run: work(10) })
      .after('task3')
      .job('independent', { run: work(5000, 'done') })
      .build();
    const result = await settle(engine.run(p));
    expect(result.status).toBe('failed');
    expect(task2Calls).toBe(3);
    const statuses = Object.fromEntries([...result.jobs].map(([key, job]) => [key, job.status]));
    expect(statuses).toEqual({ task1: 'success', task2: 'failed', task3: 'skipped', task4: 'skipped', independent: 'success' });
    expect(result.jobs.get('task2')?.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'failed']);
    expect(result.jobs.get('task2')?.error).toEqual({ class: 'run_failed', message: 'Simulated task failure', retriable: true });
    expect(result.jobs.get('task3')?.reason).toBe('run_if all_success not met by its dependencies');
    expect(events.of('job:failed')).toEqual([expect.objectContaining({ job: 'task2', attempts: 3 })]);
    expect(events.of('job:skipped').map((e) => e.job)).toEqual(['task3', 'task4']);

    const history = await engine.store.history(result.runId);
    const task2Rows = history.filter((row) => row.jobName === 'task2').map((row) => `${row.event}:${row.status}:${row.attempt}`);
    expect(task2Rows).toEqual([
      'queued:pending:0',
      'started:in_progress:1',
      'attempt_failed:in_progress:1',
      'retry_scheduled:in_progress:1',
      'started:in_progress:2',
      'attempt_failed:in_progress:2',
      'retry_scheduled:in_progress:2',
      'started:in_progress:3',
      'attempt_failed:failed:3',
      'failed:failed:3',
    ]);
    expect(history.map((row) => row.seq)).toEqual(history.map((_, i) => i + 1));
    const latest = await engine.store.latest(result.runId);
    expect(Object.fromEntries(latest.map((row) => [row.jobName ?? 'run', row.status]))).toEqual({
      run: 'failed',
      task1: 'success',
      task2: 'failed',
      task3: 'skipped',
      task4: 'skipped',
      independent: 'success',
    });
  });

  it('never stops an independent branch when another fails early', async () => {
    const p = pipeline('branches')
      .job('fails', {
        run: async () => {
          throw new Error('no');
        },
      })
      .job('slow1', { run: work(1000) })
      .job('slow2', { run: work(1000) })
      .after('slow1')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('slow2')?.status).toBe('success');
    expect(result.status).toBe('failed');
  });
});
