import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, NonRetriableError, pipeline, RetryAfterError } from '../../src/index.js';
import { recordEvents } from '../../src/testing.js';
import { flaky, settle } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Start times of each attempt of `key`, in ms since the run started. */
function attemptStarts(result: Awaited<ReturnType<ReturnType<typeof createEngine>['run']>>, key: string): number[] {
  const start = result.startedAt.getTime();
  return result.jobs.get(key)?.attempts.map((a) => a.startedAt.getTime() - start) ?? [];
}

describe('retries', () => {
  it('waits the delay a RetryAfterError asks for instead of the backoff, within maxRetries', async () => {
    let calls = 0;
    const p = pipeline('retry-after')
      .job('call', {
        run: () => {
          calls++;
          if (calls < 3) throw new RetryAfterError('quota exhausted', { delayMs: 5_000 * calls });
          return 'ok';
        },
        retry: { maxRetries: 2 },
      })
      .build();
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    const result = await settle(engine.run(p));
    expect(result.status).toBe('success');
    expect(events.of('job:retry').map((e) => e.delayMs)).toEqual([5_000, 10_000]);
    expect(attemptStarts(result, 'call')).toEqual([0, 5_000, 15_000]);
    expect(result.jobs.get('call')?.attempts[0]?.error).toMatchObject({ code: 'RETRY_AFTER', retryAfterMs: 5_000 });
    expect(() => new RetryAfterError('x', { delayMs: -1 })).toThrow(/delayMs must be a finite number >= 0, got -1/);
  });

  it('retries until success with exact attempts and exponential delays, capped', async () => {
    const body = flaky(4);
    const p = pipeline('retry')
      .job('load', {
        run: body,
        retry: { maxRetries: 5, minIntervalMs: 100, backoffFactor: 2, maxIntervalMs: 300, jitter: 'none' },
      })
      .build();
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    const result = await settle(engine.run(p));
    expect(result.status).toBe('success');
    expect(body.calls).toBe(5);
    expect(result.jobs.get('load')?.attempts.map((a) => a.status)).toEqual(['failed', 'failed', 'failed', 'failed', 'success']);
    expect(events.of('job:retry').map((e) => [e.attempt, e.delayMs])).toEqual([
      [2, 100],
      [3, 200],
      [4, 300],
      [5, 300],
    ]);
    expect(attemptStarts(result, 'load')).toEqual([0, 100, 300, 600, 900]);
    expect(events.of('job:attempt_failed').map((e) => `${e.attempt}/${e.maxAttempts}:${e.willRetry}`)).toEqual([
      '1/6:true',
      '2/6:true',
      '3/6:true',
      '4/6:true',
    ]);
  });

  it('draws full-jitter delays between zero and the exponential ceiling', async () => {
    const draws = [0.999, 0, 0.5, 0.25];
    const random = () => draws.shift() ?? 0.5;
    const p = pipeline('jitter')
      .job('load', { run: flaky(4), retry: { maxRetries: 4, minIntervalMs: 1000, backoffFactor: 3, maxIntervalMs: 60_000 } })
      .build();
    const engine = createEngine({ notifiers: [], random });
    const events = recordEvents(engine);
    await settle(engine.run(p));
    expect(events.of('job:retry').map((e) => e.delayMs)).toEqual([999, 0, 4500, 6750]);
  });

  it('keeps every jittered delay within its bounds', async () => {
    const p = pipeline('bounds')
      .job('load', { run: flaky(8), retry: { maxRetries: 8, minIntervalMs: 100, backoffFactor: 2, maxIntervalMs: 5000 } })
      .build();
    const engine = createEngine({ notifiers: [] });
    const events = recordEvents(engine);
    await settle(engine.run(p));
    const delays = events.of('job:retry').map((e) => e.delayMs);
    expect(delays).toHaveLength(8);
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(Math.min(5000, 100 * 2 ** i));
    });
  });

  it('fails after the last attempt when every attempt fails', async () => {
    const body = flaky(100);
    const p = pipeline('exhaust')
      .job('load', { run: body, retry: { maxRetries: 2, minIntervalMs: 10 } })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(body.calls).toBe(3);
    expect(result.jobs.get('load')).toMatchObject({
      status: 'failed',
      error: { class: 'run_failed', message: 'transient failure #3' },
    });
  });

  it('does not retry a NonRetriableError', async () => {
    let calls = 0;
    const p = pipeline('fatal')
      .job('load', {
        run: async () => {
          calls++;
          throw new NonRetriableError('bad configuration');
        },
        retry: { maxRetries: 5 },
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(calls).toBe(1);
    expect(result.jobs.get('load')?.error).toEqual({
      class: 'run_failed',
      message: 'bad configuration',
      retriable: false,
      code: 'NON_RETRIABLE',
    });
  });

  it('stops retrying when retryIf says no, and passes it the error and attempt', async () => {
    const seen: string[] = [];
    const body = flaky(10);
    const p = pipeline('retry-if')
      .job('load', {
        run: body,
        retry: {
          maxRetries: 5,
          minIntervalMs: 1,
          retryIf: (error, attempt) => {
            seen.push(`${attempt}:${error.message}`);
            return attempt < 2;
          },
        },
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(body.calls).toBe(2);
    expect(seen).toEqual(['1:transient failure #1', '2:transient failure #2']);
    expect(result.jobs.get('load')?.status).toBe('failed');
  });

  it('does not retry when retryIf throws or rejects, and the job keeps its own error', async () => {
    for (const retryIf of [
      () => {
        throw new Error('retryIf broke');
      },
      () => Promise.reject(new Error('retryIf broke')),
    ]) {
      const body = flaky(10);
      const p = pipeline('retry-if-throws')
        .job('load', { run: body, retry: { maxRetries: 3, minIntervalMs: 1, retryIf } })
        .job('after', { run: () => 'ran', after: ['load'] })
        .build();
      const result = await settle(createEngine({ notifiers: [] }).run(p));
      expect(body.calls).toBe(1);
      expect(result.status).toBe('failed');
      expect(result.jobs.get('load')?.error?.message).toBe('transient failure #1');
      expect(result.jobs.get('after')?.status).toBe('skipped');
    }
  });

  it('takes plain values, and thenables that break the rules, as they settle first', async () => {
    let thenCalls = 0;
    const p = pipeline('odd-thenables')
      .job('plain', { run: () => 42 })
      .job('both', {
        // Fulfils and then rejects, synchronously: the first settlement counts.
        run: () => ({
          // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose
          then(resolve: (value: unknown) => void, reject: (reason: unknown) => void) {
            resolve('first');
            reject(new Error('second'));
          },
        }),
      })
      .job('broken', {
        retry: { maxRetries: 1, minIntervalMs: 1 },
        run: () => ({
          // biome-ignore lint/suspicious/noThenProperty: a thenable on purpose
          then() {
            thenCalls++;
            throw new Error('then exploded');
          },
        }),
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('plain')?.output).toBe(42);
    expect(result.jobs.get('both')).toMatchObject({ status: 'success', output: 'first' });
    expect(result.jobs.get('broken')).toMatchObject({ status: 'failed', error: { message: 'then exploded' } });
    expect(result.jobs.get('broken')?.attempts).toHaveLength(2);
    expect(thenCalls).toBe(2);
  });

  it('treats a thrown non-error as a failure with a readable message', async () => {
    const p = pipeline('odd')
      .job('load', {
        run: () => {
          throw 'plain string';
        },
      })
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('load')?.error?.message).toBe('non-error thrown: plain string');
  });
});
