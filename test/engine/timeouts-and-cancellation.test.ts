import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, ErrorCode, JobTimeoutError, pipeline, RunCanceledError } from '../../src/index.js';
import { recordEvents } from '../../src/testing.js';
import { settle, work } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timeouts', () => {
  it('aborts an attempt at timeoutSeconds, classifies it as timeout and does not retry by default', async () => {
    let seenReason: unknown;
    const p = pipeline('timeout')
      .job('slow', {
        timeoutSeconds: 2,
        retry: { maxRetries: 3, minIntervalMs: 10 },
        run: ({ signal }) =>
          new Promise((_, reject) =>
            signal.addEventListener('abort', () => {
              seenReason = signal.reason;
              reject(signal.reason);
            }),
          ),
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    const job = result.jobs.get('slow');
    expect(job?.status).toBe('failed');
    expect(job?.attempts).toHaveLength(1);
    expect(job?.error).toMatchObject({ class: 'timeout', code: ErrorCode.JobTimeout, message: "job 'slow' timed out after 2s" });
    expect(job?.durationMs).toBe(2000);
    expect(seenReason).toBeInstanceOf(JobTimeoutError);
  });

  it('retries timeouts with retryOnTimeout', async () => {
    const p = pipeline('timeout-retry')
      .job('slow', { timeoutSeconds: 1, retry: { maxRetries: 2, minIntervalMs: 0, retryOnTimeout: true }, run: work(10_000) })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('slow')?.attempts.map((a) => a.error?.class)).toEqual(['timeout', 'timeout', 'timeout']);
  });

  it('ends the attempt even when the job ignores its signal', async () => {
    const p = pipeline('stubborn')
      .job('deaf', { timeoutSeconds: 1, run: () => new Promise(() => {}) })
      .job('next', { run: work(1), runIf: 'all_done' })
      .after('deaf')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('deaf')?.error?.class).toBe('timeout');
    expect(result.jobs.get('next')?.status).toBe('success');
  });

  it('fails in-flight jobs and cancels the rest when the run deadline passes', async () => {
    const p = pipeline('deadline', { deadlineSeconds: 5, concurrency: 1 })
      .job('long', { run: work(60_000) })
      .job('queued', { run: work(1) })
      .job('after', { run: work(1) })
      .after('long')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ class: 'timeout', code: ErrorCode.RunDeadline });
    expect(result.jobs.get('long')).toMatchObject({ status: 'failed', error: { class: 'timeout' } });
    expect(result.jobs.get('queued')?.status).toBe('canceled');
    expect(result.jobs.get('after')?.status).toBe('canceled');
    expect(result.durationMs).toBe(5000);
  });

  it('emits a duration warning without failing the job', async () => {
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    const p = pipeline('warn')
      .job('slowish', { warnAfterSeconds: 2, run: work(5000) })
      .build();
    const result = await settle(engine.run(p));
    expect(result.status).toBe('success');
    expect(events.of('job:duration_warning')).toEqual([
      expect.objectContaining({ job: 'slowish', attempt: 1, elapsedSeconds: 2, warnAfterSeconds: 2 }),
    ]);
  });
});

describe('cancellation', () => {
  it('aborts in-flight jobs and cancels pending ones mid-run', async () => {
    const controller = new AbortController();
    let inFlightSignal: AbortSignal | undefined;
    const started: string[] = [];
    const p = pipeline('cancel', { concurrency: 1 })
      .job('running', {
        run: (ctx) => {
          started.push(ctx.job);
          inFlightSignal = ctx.signal;
          return work(10_000)(ctx);
        },
      })
      .job('waiting', { run: work(1) })
      .job('dependent', { run: work(1), runIf: 'all_done' })
      .after('running')
      .build();
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    const running = engine.run(p, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('operator pressed Ctrl-C')), 1000);
    const result = await settle(running);
    expect(result.status).toBe('canceled');
    expect(result.error).toMatchObject({
      class: 'canceled',
      code: ErrorCode.RunCanceled,
      message: 'run canceled: operator pressed Ctrl-C',
    });
    expect(started).toEqual(['running']);
    expect(inFlightSignal?.aborted).toBe(true);
    expect(inFlightSignal?.reason).toBeInstanceOf(RunCanceledError);
    expect(Object.fromEntries([...result.jobs].map(([key, job]) => [key, job.status]))).toEqual({
      running: 'canceled',
      waiting: 'canceled',
      dependent: 'canceled',
    });
    expect(result.jobs.get('running')?.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 'canceled' })]);
    expect(
      events
        .of('job:canceled')
        .map((e) => e.job)
        .sort(),
    ).toEqual(['dependent', 'running', 'waiting']);
    expect(result.durationMs).toBe(1000);
    const latest = await engine.store.latest(result.runId);
    expect(latest.find((row) => row.jobName === null)?.status).toBe('canceled');
  });

  it('cancels during a retry delay', async () => {
    const controller = new AbortController();
    const p = pipeline('cancel-retry')
      .job('flaky', {
        retry: { maxRetries: 3, minIntervalMs: 60_000, jitter: 'none' },
        run: async () => {
          throw new Error('down');
        },
      })
      .build();
    const running = createEngine({ notifiers: [] }).run(p, { signal: controller.signal });
    setTimeout(() => controller.abort(), 1000);
    const result = await settle(running);
    expect(result.jobs.get('flaky')).toMatchObject({ status: 'canceled', attempts: [{ status: 'failed' }] });
    expect(result.durationMs).toBe(1000);
  });

  it('starts nothing when the signal is already aborted', async () => {
    let calls = 0;
    const p = pipeline('pre-aborted')
      .job('a', {
        run: () => {
          calls++;
        },
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p, { signal: AbortSignal.abort() }));
    expect(calls).toBe(0);
    expect(result.status).toBe('canceled');
    expect(result.jobs.get('a')?.status).toBe('canceled');
  });

  it('does not start the work when a job:start listener cancels the run', async () => {
    let calls = 0;
    const controller = new AbortController();
    const engine = createEngine({ notifiers: [] });
    engine.on('job:start', () => controller.abort());
    const p = pipeline('stopped-at-start')
      .job('a', {
        run: () => {
          calls++;
        },
      })
      .build();
    const result = await settle(engine.run(p, { signal: controller.signal }));
    expect(calls).toBe(0);
    expect(result.status).toBe('canceled');
    expect(result.jobs.get('a')).toMatchObject({ status: 'canceled', attempts: [{ attempt: 1, status: 'canceled' }] });
  });
});

describe('cancellation before the start', () => {
  it('cancels each job of a chain exactly once', async () => {
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    const p = pipeline('pre-aborted-chain')
      .job('a', { run: work(1) })
      .job('b', { run: work(1) })
      .after('a')
      .job('c', { run: work(1) })
      .after('b')
      .job('d', { run: work(1) })
      .build();
    const result = await settle(engine.run(p, { signal: AbortSignal.abort() }));
    expect(events.of('job:canceled').map((e) => e.job)).toEqual(['a', 'b', 'c', 'd']);
    const rows = await engine.store.history(result.runId);
    expect(rows.filter((row) => row.event === 'canceled').map((row) => row.jobName)).toEqual(['a', 'b', 'c', 'd']);
    expect(rows.at(-1)).toMatchObject({ event: 'run_finished', status: 'canceled' });
  });
});
