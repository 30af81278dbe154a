import { describe, expect, it } from 'vitest';
import { createEngine, InvalidOptionsError, pipeline, RunCanceledError } from '../../src/index.js';
import { expectRowOrder, work } from '../helpers.js';

const twoJobs = () =>
  pipeline('handle')
    .job('a', { run: work(5, 'a') })
    .job('b', { run: work(5, 'b') })
    .after('a')
    .build();

describe('engine.start', () => {
  it('gives the run id at once, the result later, and only its own run events to handle.on', async () => {
    const engine = createEngine({ notifiers: [] });
    const first = engine.start(twoJobs(), { runId: 'first' });
    const second = engine.start(twoJobs());
    expect(first.runId).toBe('first');
    expect(second.runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    const heard: string[] = [];
    first.on('job:success', (e) => void heard.push(`${e.runId}:${e.job}`));
    first.on('run:finish', (e) => void heard.push(`${e.runId}:finish`));
    const [a, b] = await Promise.all([first.result, second.result]);
    expect([a.runId, a.status, b.status]).toEqual(['first', 'success', 'success']);
    expect(heard).toEqual(['first:a', 'first:b', 'first:finish']);
  });

  it('removes the handle listeners once the run has ended, and ignores listeners added after', async () => {
    const engine = createEngine({ notifiers: [] });
    let broken = true;
    const flaky = () =>
      pipeline('flaky')
        .job('a', {
          run: () => {
            if (broken) throw new Error('down');
            return 'up';
          },
        })
        .build();
    const handle = engine.start(flaky(), { runId: 'once' });
    const heard: string[] = [];
    handle.on('job:start', (e) => void heard.push(e.job));
    expect((await handle.result).status).toBe('failed');
    handle.on('job:start', (e) => void heard.push(`late:${e.job}`));
    broken = false;
    // The resume has the same run id: the ended handle's listeners hear none of it.
    const resumed = await engine.resume(flaky(), 'once');
    expectRowOrder(await engine.store.history('once'));
    expect(resumed.status).toBe('success');
    expect(heard).toEqual(['a']);
  });

  it('cancels the run through handle.cancel, as its signal would', async () => {
    const engine = createEngine({ notifiers: [] });
    const handle = engine.start(
      pipeline('cancel')
        .job('slow', { run: work(60_000) })
        .job('after', { run: work(1) })
        .after('slow')
        .build(),
    );
    handle.on('job:start', () => handle.cancel('operator asked'));
    const result = await handle.result;
    expect(result.status).toBe('canceled');
    expect(result.error).toMatchObject({ class: 'canceled', message: 'run canceled: operator asked' });
    expect([...result.jobs.values()].map((job) => job.status)).toEqual(['canceled', 'canceled']);
    expect(new RunCanceledError(new Error('x')).message).toBe('run canceled: x');
  });

  it('throws invalid options at once from start, and engine.run rejects with the same error', async () => {
    const engine = createEngine({ notifiers: [] });
    expect(() => engine.start(twoJobs(), { runId: 'bad id' })).toThrow(InvalidOptionsError);
    await expect(engine.run(twoJobs(), { runId: 'bad id' })).rejects.toThrow(/runId 'bad id' must match/);
  });
});
