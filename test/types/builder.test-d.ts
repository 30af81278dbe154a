import { describe, expectTypeOf, it } from 'vitest';
import {
  createEngine,
  type DatabricksOutput,
  type EngineEvents,
  type JobContext,
  type JobResult,
  type Pipeline,
  pipeline,
  type RunHandle,
  type RunResult,
} from '../../src/index.js';

const noop = async () => {};

describe('builder types', () => {
  it('accepts keys added earlier in .after()', () => {
    const built = pipeline('p').job('a', { run: noop }).job('b', { run: noop }).after('a').build();
    expectTypeOf(built).toExtend<Pipeline>();
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
        expectTypeOf(ctx).toEqualTypeOf<JobContext<Record<never, never>>>();
        expectTypeOf(ctx).toExtend<JobContext>();
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
    expectTypeOf(engine.run(built)).resolves.toExtend<RunResult>();
    expectTypeOf<RunResult['jobs']>().toExtend<ReadonlyMap<string, JobResult>>();
    expectTypeOf(engine.start(built).result).resolves.toExtend<RunResult>();
  });
});

describe('output types', () => {
  const typed = pipeline('typed')
    .job('extract', { run: async () => ({ rows: 3, day: '2026-12-01' }) })
    .job('count', { run: () => 42 })
    .job('publish', { databricks: { jobId: 7 } })
    .job('load', {
      run: ({ upstream }) => {
        const extracted = upstream.get('extract');
        expectTypeOf(extracted).toEqualTypeOf<{ rows: number; day: string } | undefined>();
        expectTypeOf(upstream.get('count')).toEqualTypeOf<number | undefined>();
        expectTypeOf(upstream.get('publish')).toEqualTypeOf<DatabricksOutput | undefined>();
        // @ts-expect-error the output of extract has no field 'columns'
        upstream.get('extract')?.columns;
        // @ts-expect-error a number is not a string
        const wrong: string | undefined = upstream.get('count');
        void wrong;
        return extracted?.rows ?? 0;
      },
    })
    .after('extract', 'count')
    .build();

  it('carries what each job returns into upstream and into the result', async () => {
    const result = await createEngine().run(typed);
    expectTypeOf(result.jobs.get('extract')?.output).toEqualTypeOf<{ rows: number; day: string } | undefined>();
    expectTypeOf(result.jobs.get('load')?.output).toEqualTypeOf<number | undefined>();
    expectTypeOf(result.jobs.get('publish')?.output?.runId).toEqualTypeOf<number | undefined>();
    // @ts-expect-error load's output is a number
    result.jobs.get('load')?.output?.rows;
    // A key the pipeline does not have is still a string lookup, typed unknown.
    expectTypeOf(result.jobs.get(String('dynamic'))?.output).toEqualTypeOf<unknown>();
    const resumed = await createEngine().resume(typed, 'run-1');
    expectTypeOf(resumed.jobs.get('count')?.output).toEqualTypeOf<number | undefined>();
    const handle = createEngine().start(typed);
    expectTypeOf(handle).toEqualTypeOf<RunHandle<typeof typed extends Pipeline<infer O> ? O : never>>();
  });

  it('keeps a later job from reading a job added after it', () => {
    pipeline('order')
      .job('first', {
        run: ({ upstream }) => {
          // @ts-expect-error 'second' is added after this job: its output type is not known here
          expectTypeOf(upstream.get('second')).toEqualTypeOf<number | undefined>();
        },
      })
      .job('second', { run: () => 2 });
  });
});
