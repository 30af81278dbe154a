import { describe, expect, it } from 'vitest';
import { ErrorCode, PipelineValidationError, pipeline, type ValidationProblem } from '../../src/index.js';

const noop = async () => {};

function problemsOf(build: () => unknown): ValidationProblem[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineValidationError);
    expect((error as PipelineValidationError).code).toBe(ErrorCode.PipelineInvalid);
    return [...(error as PipelineValidationError).problems];
  }
  throw new Error('expected a PipelineValidationError');
}

/** Untyped keys, for graphs the type system would reject. */
const k = (key: string) => key as never;

describe('pipeline builder', () => {
  it('builds jobs and dependencies from .after() and spec.after', () => {
    const p = pipeline('etl')
      .job('a', { run: noop })
      .job('b', { run: noop })
      .after('a')
      .job('c', { run: noop, after: ['a'] })
      .after('b')
      .build();
    expect(p.jobs.get('b')?.after).toEqual(['a']);
    expect(p.jobs.get('c')?.after).toEqual(['a', 'b']);
    expect(p.order).toEqual(['a', 'b', 'c']);
  });

  it('never mutates a builder it returned earlier', () => {
    const base = pipeline('etl').job('a', { run: noop });
    const withB = base.job('b', { run: noop }).after('a');
    const withC = base.job('c', { run: noop }).after('a');
    expect([...base.build().jobs.keys()]).toEqual(['a']);
    expect([...withB.build().jobs.keys()]).toEqual(['a', 'b']);
    expect([...withC.build().jobs.keys()]).toEqual(['a', 'c']);
    expect(Object.isFrozen(base)).toBe(true);
  });

  it('copies specs so later changes to the caller objects have no effect', () => {
    const spec = { run: noop, writes: ['main.etl.orders'], retry: { maxRetries: 2 }, tags: { team: 'data' } };
    const p = pipeline('etl').job('a', spec).build();
    spec.writes.push('main.etl.other');
    spec.retry.maxRetries = 9;
    spec.tags.team = 'other';
    const job = p.jobs.get('a');
    expect(job?.writes).toEqual(['main.etl.orders']);
    expect(job?.retry.maxRetries).toBe(2);
    expect(job?.tags).toEqual({ team: 'data' });
  });

  it('merges pipeline defaults field by field', () => {
    const p = pipeline('etl', {
      defaults: { retry: { maxRetries: 3, minIntervalMs: 50 }, timeoutSeconds: 60, runIf: 'all_done' },
    })
      .job('a', { run: noop, retry: { minIntervalMs: 5 } })
      .job('b', { run: noop, timeoutSeconds: 5, runIf: 'all_success' })
      .build();
    expect(p.jobs.get('a')).toMatchObject({
      retry: { maxRetries: 3, minIntervalMs: 5, backoffFactor: 2 },
      timeoutSeconds: 60,
      runIf: 'all_done',
    });
    expect(p.jobs.get('b')).toMatchObject({
      retry: { maxRetries: 3, minIntervalMs: 50 },
      timeoutSeconds: 5,
      runIf: 'all_success',
    });
  });

  it('reports duplicate keys', () => {
    expect(problemsOf(() => pipeline('p').job('a', { run: noop }).job('a', { run: noop }).build())).toEqual([
      { path: 'a', message: 'duplicate job key' },
    ]);
  });

  it('reports unknown dependencies', () => {
    expect(
      problemsOf(() =>
        pipeline('p')
          .job('a', { run: noop, after: [k('ghost')] })
          .build(),
      ),
    ).toEqual([{ path: 'a.after', message: "depends on unknown job 'ghost'" }]);
  });

  it('reports self-dependency', () => {
    expect(
      problemsOf(() =>
        pipeline('p')
          .job('a', { run: noop, after: [k('a')] })
          .build(),
      ),
    ).toEqual([{ path: 'a.after', message: 'a job cannot depend on itself' }]);
  });

  it('reports a cycle with its path', () => {
    const problems = problemsOf(() =>
      pipeline('p')
        .job('a', { run: noop, after: [k('c')] })
        .job('b', { run: noop, after: [k('a')] })
        .job('c', { run: noop, after: [k('b')] })
        .job('d', { run: noop, after: [k('a')] })
        .build(),
    );
    expect(problems).toEqual([{ path: 'a', message: 'cycle: a → b → c → a' }]);
  });

  it('reports each independent cycle', () => {
    const problems = problemsOf(() =>
      pipeline('p')
        .job('a', { run: noop, after: [k('b')] })
        .job('b', { run: noop, after: [k('a')] })
        .job('x', { run: noop, after: [k('y')] })
        .job('y', { run: noop, after: [k('x')] })
        .build(),
    );
    expect(problems.map((p) => p.message)).toEqual(['cycle: a → b → a', 'cycle: x → y → x']);
  });

  it('reports an empty pipeline', () => {
    expect(problemsOf(() => pipeline('p').build())).toEqual([{ path: 'pipeline', message: 'has no jobs' }]);
  });

  it('reports invalid policy values with their path', () => {
    const problems = problemsOf(() =>
      pipeline('p')
        .job('neg', { run: noop, retry: { maxRetries: -1 } })
        .job('nan', { run: noop, retry: { minIntervalMs: Number.NaN } })
        .job('rule', { run: noop, runIf: 'sometimes' as never })
        .job('zero', { run: noop, timeoutSeconds: 0 })
        .build(),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'neg.retry.maxRetries',
      'nan.retry.minIntervalMs',
      'rule.runIf',
      'zero.timeoutSeconds',
    ]);
  });

  it('reports unknown spec fields, a missing or double executor, and bad keys', () => {
    const problems = problemsOf(() =>
      pipeline('p')
        .job('typo', { run: noop, retries: 3 } as never)
        .job('none', {} as never)
        .job('both', { run: noop, databricks: { jobId: 1 } } as never)
        .job('bad key!', { run: noop })
        .job('bad-table', { run: noop, writes: ['main.etl.orders; DROP TABLE x'] })
        .build(),
    );
    expect(problems.map((p) => p.path)).toEqual(["'bad key!'", 'typo', 'none', 'both', 'bad-table.writes.0']);
    expect(problems[1]?.message).toMatch(/retries/);
  });

  it('lists every problem at once', () => {
    const error = (() => {
      try {
        pipeline('bad name', { concurrency: 0 })
          .after(k('nothing'))
          .job('a', { run: noop, after: [k('ghost')] })
          .job('a', { run: noop })
          .job('b', { run: noop, retry: { maxRetries: -2 }, after: [k('b')] })
          .build();
      } catch (thrown) {
        return thrown as PipelineValidationError;
      }
      throw new Error('unreachable');
    })();
    expect(error.problems).toHaveLength(6);
    expect(error.message).toContain("pipeline 'bad name' is invalid (6 problems)");
    expect(error.message).toContain('after(nothing) was called before any job');
    expect(error.message).toContain("depends on unknown job 'ghost'");
    expect(error.message).toContain('duplicate job key');
    expect(error.message).toContain('b.retry.maxRetries');
    expect(error.message).toContain('pipeline.concurrency');
  });

  it('does not report a dependency on an invalid job as unknown', () => {
    const problems = problemsOf(() =>
      pipeline('p')
        .job('a', { run: noop, retry: { maxRetries: -1 } })
        .job('b', { run: noop })
        .after('a')
        .build(),
    );
    expect(problems.map((p) => p.path)).toEqual(['a.retry.maxRetries']);
  });

  it('accepts the three kinds of Databricks targets', () => {
    const p = pipeline('p')
      .job('byId', { databricks: { jobId: 42, parameters: { day: '2026-11-30' } } })
      .job('byName', { databricks: { jobName: 'Data_Extract_Job' } })
      .job('oneTime', { databricks: { submit: { run_name: 'once', tasks: [] } } })
      .build();
    expect([...p.jobs.values()].map((job) => job.kind)).toEqual(['databricks', 'databricks', 'databricks']);
    expect(Object.isFrozen(p.jobs.get('oneTime')?.databricks)).toBe(true);
  });
});
