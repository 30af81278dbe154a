import { describe, expect, it } from 'vitest';
import { checks, PipelineValidationError, pipeline } from '../../src/index.js';

const noop = async () => {};

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(PipelineValidationError);
    return (error as PipelineValidationError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('expected a PipelineValidationError');
}

describe('rollback, checks and notify in specs', () => {
  it('resolves the rollback scope: job, then defaults, then the pipeline, then job', () => {
    const p = pipeline('p', { rollback: 'pipeline', defaults: { rollback: 'none' } })
      .job('a', { run: noop, rollback: 'job' })
      .job('b', { run: noop })
      .build();
    expect(p.jobs.get('a')?.rollback).toBe('job');
    expect(p.jobs.get('b')?.rollback).toBe('none');
    expect(pipeline('q').job('a', { run: noop }).build().jobs.get('a')?.rollback).toBe('job');
    expect(pipeline('r', { rollback: 'pipeline' }).job('a', { run: noop }).build().jobs.get('a')?.rollback).toBe('pipeline');
  });

  it('keeps checks and merges notify over the pipeline defaults, frozen', () => {
    const check = checks.custom('ok', () => true);
    const p = pipeline('p', { defaults: { notify: { onRetry: true, notifiers: ['slack'] } } })
      .job('a', { run: noop, checks: [check], notify: { notifiers: ['email'] } })
      .build();
    const a = p.jobs.get('a');
    expect(a?.checks).toEqual([check]);
    expect(a?.notify).toEqual({ onRetry: true, notifiers: ['email'] });
    expect(Object.isFrozen(a?.notify)).toBe(true);
    expect(Object.isFrozen(a?.checks)).toBe(true);
  });

  it('leaves notify, rollback and checks out of the hash', () => {
    const plain = pipeline('p').job('a', { run: noop }).build();
    const guarded = pipeline('p', { rollback: 'none', notify: { onSuccess: true } })
      .job('a', { run: noop, checks: [checks.custom('ok', () => true)], notify: { onRetry: true }, rollback: 'job' })
      .build();
    expect(guarded.hash).toBe(plain.hash);
  });

  it('reports bad scopes, checks, duplicate check names and notify fields', () => {
    const check = checks.custom('same', () => true);
    expect(
      problemsOf(() =>
        pipeline('p', { rollback: 'sometimes' as never })
          .job('a', { run: noop, rollback: 'always' as never })
          .job('b', { run: noop, checks: [{ name: 'fake' } as never] })
          .job('c', { run: noop, checks: [check, check] })
          .job('d', { run: noop, notify: { onFailure: 'yes' as never, recipients: ['not-an-address'] } })
          .build(),
      ),
    ).toEqual([
      'pipeline.rollback: Invalid option: expected one of "job"|"pipeline"|"none"',
      'a.rollback: Invalid option: expected one of "job"|"pipeline"|"none"',
      'b.checks.0: must be a check made by checks.rowCount, checks.schema, checks.sql or checks.custom',
      'c.checks: check names must be unique within a job',
      'd.notify.onFailure: Invalid input: expected boolean, received string',
      'd.notify.recipients.0: must be an email address',
    ]);
  });

  it('refuses bad check options where the check is made', () => {
    expect(() => checks.rowCount('main.etl.orders', { min: Number.NaN })).toThrow('min and max must be numbers');
    expect(() => checks.sql('empty', ' ')).toThrow("checks.sql('empty'): query must be SQL text");
    expect(() => checks.custom('x', () => true, { severity: 'fatal' as never })).toThrow("severity must be 'error' or 'warn'");
  });
});
