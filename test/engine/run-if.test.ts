import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runIfHolds } from '../../src/engine/scheduling/run-if-rules.js';
import { createEngine, type JobSpec, pipeline, type RunIf } from '../../src/index.js';
import { settle, work } from '../helpers.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const fail: JobSpec = {
  run: async () => {
    throw new Error('failed on purpose');
  },
};

/**
 * Parents: `ok` succeeds, `bad` fails, `skip` is skipped (it needs `bad`).
 * The child has rule `rule` and depends on `parents`.
 */
async function childStatus(rule: RunIf, parents: ('ok' | 'bad' | 'skip')[]): Promise<string | undefined> {
  const p = pipeline('rules')
    .job('ok', { run: work(10) })
    .job('bad', fail)
    .job('skip', { run: work(10) })
    .after('bad')
    .job('child', { run: work(10), runIf: rule, after: parents })
    .build();
  const result = await settle(createEngine({ notifiers: [] }).run(p));
  return result.jobs.get('child')?.status;
}

describe('runIf', () => {
  it.each([
    ['all_success', ['ok'], 'success'],
    ['all_success', ['ok', 'bad'], 'skipped'],
    ['all_success', ['ok', 'skip'], 'skipped'],
    ['all_done', ['ok', 'bad'], 'success'],
    ['all_done', ['skip'], 'success'],
    ['none_failed', ['ok', 'skip'], 'success'],
    ['none_failed', ['ok', 'bad'], 'skipped'],
    ['none_failed', ['skip'], 'skipped'],
    ['at_least_one_success', ['ok', 'bad'], 'success'],
    ['at_least_one_success', ['bad', 'skip'], 'skipped'],
    ['at_least_one_failed', ['ok', 'bad'], 'success'],
    ['at_least_one_failed', ['ok', 'skip'], 'skipped'],
    ['all_failed', ['bad'], 'success'],
    ['all_failed', ['ok', 'bad'], 'skipped'],
    ['all_failed', ['bad', 'skip'], 'skipped'],
  ] as const)('%s with parents %j → %s', async (rule, parents, expected) => {
    expect(await childStatus(rule, [...parents])).toBe(expected);
  });

  it('propagates skips through all_success chains, but an all_done cleanup still runs', async () => {
    const p = pipeline('propagate')
      .job('bad', fail)
      .job('b', { run: work(1) })
      .after('bad')
      .job('c', { run: work(1) })
      .after('b')
      .job('cleanup', { run: work(1), runIf: 'all_done' })
      .after('c')
      .job('after-cleanup', { run: work(1) })
      .after('cleanup')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(Object.fromEntries([...result.jobs].map(([key, job]) => [key, job.status]))).toEqual({
      bad: 'failed',
      b: 'skipped',
      c: 'skipped',
      cleanup: 'success',
      'after-cleanup': 'success',
    });
    expect(result.status).toBe('failed');
  });

  it('runs an on-failure branch with at_least_one_failed', async () => {
    const p = pipeline('on-failure')
      .job('load', fail)
      .job('page-someone', { run: work(1), runIf: 'at_least_one_failed' })
      .after('load')
      .job('publish', { run: work(1) })
      .after('load')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('page-someone')?.status).toBe('success');
    expect(result.jobs.get('publish')?.status).toBe('skipped');
  });

  it('ignores the rule of a root job', () => {
    expect(runIfHolds('all_failed', { total: 0, succeeded: 0, failed: 0 })).toBe(true);
  });

  it('counts a dependency canceled by the deadline as failed', async () => {
    const p = pipeline('canceled-parent', { deadlineSeconds: 1, concurrency: 1 })
      .job('slow', { run: work(5000), estimatedDurationSeconds: 100 })
      .job('never-started', { run: work(1) })
      .job('handler', { run: work(1), runIf: 'at_least_one_failed' })
      .after('never-started')
      .build();
    const result = await settle(createEngine({ notifiers: [] }).run(p));
    expect(result.jobs.get('never-started')?.status).toBe('canceled');
    // The run is stopping, so nothing new starts, even where the rule holds.
    expect(result.jobs.get('handler')?.status).toBe('canceled');
  });
});
