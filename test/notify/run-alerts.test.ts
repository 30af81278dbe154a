import { afterEach, describe, expect, it } from 'vitest';
import {
  createEngine,
  type EngineOptions,
  InvalidOptionsError,
  MemoryMetadataStore,
  NonRetriableError,
  type Notification,
  type Notifier,
  pipeline,
} from '../../src/index.js';
import { recordEvents } from '../../src/testing/record-events.js';
import { expectRowOrder } from '../helpers.js';
import { type HttpReceiver, startHttpReceiver } from './http-receiver.js';

/** A notifier that keeps what it is sent. */
function inbox(name = 'inbox'): Notifier & { readonly got: Notification[] } {
  const got: Notification[] = [];
  return { name, got, send: async (notification) => void got.push(notification) };
}

const quickDelivery = { timeoutMs: 200, retry: { maxRetries: 1, minIntervalMs: 20 } };
const fail = (message: string) => async () => {
  throw new Error(message);
};
let receivers: HttpReceiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.map((r) => r.close()));
  receivers = [];
});

function engineWith(notifiers: Notifier[], options: EngineOptions = {}) {
  return createEngine({ store: new MemoryMetadataStore(), notifiers, delivery: quickDelivery, ...options });
}

describe('alerts of a run', () => {
  it('alert once, on the final attempt, saying "attempt 3/3", and not again for the run', async () => {
    const box = inbox();
    const flow = pipeline('nightly', { defaults: { retry: { maxRetries: 2, minIntervalMs: 1, jitter: 'none' } } })
      .job('load', { run: fail('disk full') })
      .job('report', { run: async () => 'ok' })
      .after('load')
      .build();
    const result = await engineWith([box]).run(flow);
    expect(result.status).toBe('failed');
    expect(box.got.map((n) => [n.kind, n.job, n.title])).toEqual([['job_failed', 'load', 'nightly › load failed (attempt 3/3)']]);
    expect(box.got[0]?.error).toEqual({ class: 'run_failed', message: 'disk full' });
    expect(result.notifications).toEqual([
      { notifier: 'inbox', notificationId: box.got[0]?.id, kind: 'job_failed', job: 'load', status: 'sent', attempts: 1 },
    ]);
  });

  it('with onRetry, says once that a job is retrying, then that it failed', async () => {
    const box = inbox();
    const flow = pipeline('nightly', { defaults: { notify: { onRetry: true } } })
      .job('load', { run: fail('flaky'), retry: { maxRetries: 3, minIntervalMs: 1, jitter: 'none' } })
      .build();
    await engineWith([box]).run(flow);
    expect(box.got.map((n) => `${n.kind} ${n.attempt}/${n.maxAttempts}`)).toEqual(['job_retrying 1/4', 'job_failed 4/4']);
  });

  it('announces a run failure that no job alert told, such as a cancellation', async () => {
    const box = inbox();
    const controller = new AbortController();
    const flow = pipeline('nightly')
      .job('slow', {
        run: ({ signal }) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      })
      .build();
    const running = engineWith([box]).run(flow, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const result = await running;
    expect(result.status).toBe('canceled');
    expect(box.got.map((n) => [n.kind, n.title])).toEqual([['pipeline_failed', 'nightly was canceled']]);
  });

  it('sends start, success and run success when asked, each once', async () => {
    const box = inbox();
    const flow = pipeline('p', { notify: { onSuccess: true }, defaults: { notify: { onStart: true, onSuccess: true } } })
      .job('a', { run: async () => 1 })
      .job('b', { run: async () => 2, notify: { onStart: false } })
      .after('a')
      .build();
    await engineWith([box]).run(flow);
    expect(box.got.map((n) => `${n.kind}:${n.job ?? ''}`)).toEqual([
      'job_started:a',
      'job_succeeded:a',
      'job_succeeded:b',
      'pipeline_succeeded:',
    ]);
  });

  it('warns of a long attempt once, without failing it', async () => {
    const box = inbox();
    const flow = pipeline('p')
      .job('slow', { run: () => new Promise((resolve) => setTimeout(resolve, 120)), warnAfterSeconds: 0.03 })
      .build();
    const result = await engineWith([box]).run(flow);
    expect(result.status).toBe('success');
    expect(box.got.map((n) => [n.kind, n.severity, n.durationMs])).toEqual([['duration_warning', 'warning', 30]]);
  });

  it('routes jobs to the notifiers their policies name, with their recipients', async () => {
    const ops = inbox('ops');
    const team = inbox('team');
    const flow = pipeline('p', { notify: { notifiers: ['team'] }, defaults: { notify: { notifiers: ['team'] } } })
      .job('a', { run: fail('a broke'), notify: { notifiers: ['ops'], recipients: ['oncall@example.com'] } })
      .job('b', { run: fail('b broke') })
      .build();
    await engineWith([ops, team]).run(flow);
    expect(ops.got.map((n) => [n.job, n.recipients])).toEqual([['a', ['oncall@example.com']]]);
    expect(team.got.map((n) => [n.job, n.recipients])).toEqual([['b', undefined]]);
  });

  it('refuses a route to a notifier the engine does not have, before anything runs', async () => {
    const store = new MemoryMetadataStore();
    const flow = pipeline('p')
      .job('a', { run: async () => 1, notify: { notifiers: ['pagerduty'] } })
      .build();
    const engine = createEngine({ store, notifiers: [inbox('slack')] });
    await expect(engine.run(flow, { runId: 'r1' })).rejects.toThrow(
      new InvalidOptionsError("job 'a' notifies pagerduty, but the engine's notifiers are: slack"),
    );
    expect(await store.history('r1')).toEqual([]);
  });

  it('refuses notifiers without unique names and invalid policies', () => {
    expect(() => createEngine({ notifiers: [inbox('x'), inbox('x')] })).toThrow(InvalidOptionsError);
    expect(() => createEngine({ notify: { onFailure: 'yes' as never } })).toThrow('engine option notify.onFailure');
    expect(() => createEngine({ delivery: { retry: { maxRetries: -1 } } })).toThrow(
      'engine option delivery: retry.maxRetries: must be an integer >= 0, got -1',
    );
    expect(() => createEngine({ delivery: { timeoutMs: 0, retry: { jitter: 'some' as never } } })).toThrow(
      "engine option delivery: timeoutMs: must be a number > 0, got 0; retry.jitter: must be 'full' or 'none', got some",
    );
    expect(() =>
      pipeline('p', { notify: { oops: true } as never })
        .job('a', { run: async () => 1 })
        .build(),
    ).toThrow('pipeline.notify');
  });

  it('never lets a hanging or failing receiver stall or fail the pipeline', async () => {
    const hanging = await startHttpReceiver(() => 'hang');
    const broken = await startHttpReceiver(() => 500);
    receivers = [hanging, broken];
    const { WebhookNotifier } = await import('../../src/index.js');
    const notifiers = [
      new WebhookNotifier({ name: 'hangs', url: hanging.url }),
      new WebhookNotifier({ name: 'broken', url: broken.url }),
    ];
    const ended: Record<string, number> = {};
    const stamp = (key: string, work: () => Promise<unknown>) => async () => {
      try {
        return await work();
      } finally {
        ended[key] = performance.now();
      }
    };
    const flow = pipeline('p')
      .job('fails', { run: stamp('fails', fail('boom')) })
      .job('slowBranch', { run: stamp('slowBranch', () => new Promise((r) => setTimeout(r, 30))) })
      .job('next', { run: stamp('next', async () => 'done') })
      .after('slowBranch')
      .build();
    const engine = engineWith(notifiers);
    const failures = recordEvents(engine);
    const started = performance.now();
    const result = await engine.run(flow);
    const took = performance.now() - started;
    expect(result.jobs.get('next')?.status).toBe('success');
    // The independent branch finished long before the first delivery attempt timed out.
    expect((ended.next as number) - (ended.fails as number)).toBeLessThan(quickDelivery.timeoutMs);
    // The run waited for the job's alert in flight and then for its own (no failure had
    // reached anyone), each no longer than its bound: 2 × 200 ms + 20 ms.
    const bound = 2 * quickDelivery.timeoutMs + quickDelivery.retry.minIntervalMs;
    expect(took).toBeLessThan(2 * bound + 300);
    expect(result.notifications.map((d) => [d.kind, d.notifier, d.status, d.attempts, d.error])).toEqual([
      ['job_failed', 'hangs', 'failed', 2, 'no answer within 200 ms'],
      ['job_failed', 'broken', 'failed', 2, "webhook 'broken' answered HTTP 500: receiver trouble"],
      ['pipeline_failed', 'hangs', 'failed', 2, 'no answer within 200 ms'],
      ['pipeline_failed', 'broken', 'failed', 2, "webhook 'broken' answered HTTP 500: receiver trouble"],
    ]);
    expect(failures.of('notify:failed').slice(0, 2)).toEqual([
      expect.objectContaining({ notifier: 'hangs', kind: 'job_failed', job: 'fails', attempts: 2 }),
      expect.objectContaining({ notifier: 'broken', kind: 'job_failed', job: 'fails', attempts: 2 }),
    ]);
    expect(broken.received).toHaveLength(4);
    expect(broken.received[0]?.headers['x-brickwork-delivery']).toBe(broken.received[1]?.headers['x-brickwork-delivery']);
  });

  it('does not retry a delivery that cannot succeed', async () => {
    const gone = await startHttpReceiver(() => 410);
    receivers = [gone];
    const { WebhookNotifier } = await import('../../src/index.js');
    const flow = pipeline('p')
      .job('a', {
        run: async () => {
          throw new NonRetriableError('bad config');
        },
      })
      .build();
    const result = await engineWith([new WebhookNotifier({ url: gone.url })]).run(flow);
    // The job's alert, then the run's (no failure had reached anyone): each tried once.
    expect(result.notifications.map((d) => [d.kind, d.status, d.attempts])).toEqual([
      ['job_failed', 'failed', 1],
      ['pipeline_failed', 'failed', 1],
    ]);
  });
});

describe('alerts across a failure and a resume', () => {
  it('records what was sent, and says "recovered" once when the resumed run succeeds', async () => {
    const box = inbox();
    const store = new MemoryMetadataStore();
    let broken = true;
    const flow = pipeline('nightly')
      .job('extract', { run: async () => 'rows' })
      .job('load', {
        run: async () => {
          if (broken) throw new Error('warehouse down');
          return 'loaded';
        },
      })
      .after('extract')
      .build();
    const engine = createEngine({ store, notifiers: [box], delivery: quickDelivery });
    const first = await engine.run(flow);
    expect(box.got.map((n) => n.kind)).toEqual(['job_failed']);
    const notified = (await store.history(first.runId)).filter((row) => row.event === 'notified');
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatchObject({ jobName: null, status: 'in_progress', attempt: 1, errorMessage: null });
    expect(JSON.parse(notified[0]?.details ?? '')).toEqual({
      kind: 'job_failed',
      severity: 'error',
      job: 'load',
      notificationId: box.got[0]?.id,
      sent: ['inbox'],
      failed: [],
    });

    broken = false;
    const again = await engine.resume(flow, first.runId);
    expectRowOrder(await engine.store.history(first.runId));
    expect(again.status).toBe('success');
    expect(box.got.map((n) => `${n.kind}:${n.job ?? ''}`)).toEqual(['job_failed:load', 'recovered:']);
    expect(box.got[1]?.title).toBe('nightly recovered: the resumed run succeeded');
    const runRows = (await store.history(first.runId)).filter((row) => row.jobName === null);
    expect(runRows.at(-1)?.event).toBe('run_finished');
  });

  it('alerts a job that fails again after a resume, with its new attempt number', async () => {
    const box = inbox();
    const store = new MemoryMetadataStore();
    const flow = pipeline('nightly')
      .job('load', { run: fail('still down'), retry: { maxRetries: 1, minIntervalMs: 1 } })
      .build();
    const engine = createEngine({ store, notifiers: [box], delivery: quickDelivery });
    const first = await engine.run(flow);
    await engine.resume(flow, first.runId);
    expect(box.got.map((n) => n.title)).toEqual(['nightly › load failed (attempt 2/2)', 'nightly › load failed (attempt 4/4)']);
    expect(new Set(box.got.map((n) => n.id)).size).toBe(2);
  });

  it('does not say "recovered" when the failure was never alerted', async () => {
    const box = inbox();
    const store = new MemoryMetadataStore();
    let broken = true;
    const flow = pipeline('p', { notify: { onFailure: false }, defaults: { notify: { onFailure: false } } })
      .job('a', {
        run: async () => {
          if (broken) throw new Error('x');
        },
      })
      .build();
    const engine = createEngine({ store, notifiers: [box], delivery: quickDelivery });
    const first = await engine.run(flow);
    broken = false;
    await engine.resume(flow, first.runId);
    expect(box.got).toEqual([]);
  });
});
