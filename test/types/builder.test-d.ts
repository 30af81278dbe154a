import { describe, expectTypeOf, it } from 'vitest';
import {
  createEngine,
  type EngineEvents,
  type JobContext,
  type JobResult,
  type Pipeline,
  pipeline,
  type RunResult,
} from '../../src/index.js';

const noop = async () => {};

describe('builder types', () => {
  it('accepts keys added earlier in .after()', () => {
    const built = pipeline('p').job('a', { run: noop }).job('b', { run: noop }).after('a').build();
    expectTypeOf(built).toEqualTypeOf<Pipeline>();
  });

  it('rejects unknown keys in .after()', () => {
    // @ts-expect-error 'typo' was never added
    pipeline('p').job('a', { run: noop }).after('typo');
    // @ts-expect-error nothing was added yet
    pipeline('p').after('a');
  });

  it('requires exactly one of run or databricks', () => {
    // @ts-expect-error both
    pipeline('p').job('a', { run: noop, databricks: { jobId: 1 } });
    // @ts-expect-error neither
    pipeline('p').job('a', { timeoutSeconds: 5 });
  });

  it('types policies', () => {
    // @ts-expect-error not a runIf rule
    pipeline('p').job('a', { run: noop, runIf: 'always' });
    // @ts-expect-error jitter is 'full' or 'none'
    pipeline('p').job('a', { run: noop, retry: { jitter: 'half' } });
    // @ts-expect-error a Databricks target needs jobId, jobName or submit
    pipeline('p').job('a', { databricks: { name: 'x' } });
  });

  it('gives jobs a typed context', () => {
    pipeline('p').job('a', {
      run: (ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<JobContext>();
        expectTypeOf(ctx.signal).toEqualTypeOf<AbortSignal>();
        expectTypeOf(ctx.parameters).toEqualTypeOf<Readonly<Record<string, string>>>();
      },
    });
  });

  it('keeps the pipeline read-only', () => {
    const built = pipeline('p').job('a', { run: noop }).build();
    // @ts-expect-error jobs is a ReadonlyMap
    built.jobs.set('b', built.jobs.get('a'));
    // @ts-expect-error order is readonly
    built.order.push('b');
  });
});

describe('engine types', () => {
  it('types event payloads by name', () => {
    const engine = createEngine();
    engine.on('job:failed', (event) => {
      expectTypeOf(event.job).toEqualTypeOf<string>();
      expectTypeOf(event.attempts).toEqualTypeOf<number>();
      expectTypeOf(event.error.class).toEqualTypeOf<EngineEvents['job:failed']['error']['class']>();
    });
    engine.on('run:finish', (event) => {
      expectTypeOf(event.result).toEqualTypeOf<RunResult>();
    });
    // @ts-expect-error unknown event
    engine.on('job:exploded', () => {});
  });

  it('resolves runs to a RunResult with job results', () => {
    const engine = createEngine();
    const built = pipeline('p').job('a', { run: noop }).build();
    expectTypeOf(engine.run(built)).resolves.toEqualTypeOf<RunResult>();
    expectTypeOf<RunResult['jobs']>().toEqualTypeOf<ReadonlyMap<string, JobResult>>();
  });
});
