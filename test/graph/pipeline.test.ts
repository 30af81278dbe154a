import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checks, ErrorCode, type JobSpec, pipeline, UnknownJobError } from '../../src/index.js';

const noop = async () => {};

const seed = (retryOfA: { maxRetries?: number } = {}) =>
  pipeline('seed')
    .job('A', { run: noop, estimatedDurationSeconds: 10, ...(retryOfA.maxRetries === undefined ? {} : { retry: retryOfA }) })
    .job('B', { run: noop, estimatedDurationSeconds: 60 })
    .after('A')
    .job('C', { run: noop, estimatedDurationSeconds: 5 })
    .after('A')
    .job('D', { run: noop, estimatedDurationSeconds: 10 })
    .after('B')
    .build();

describe('Pipeline', () => {
  it('exposes order, roots, leaves and dependents', () => {
    const p = seed();
    expect(p.order).toEqual(['A', 'B', 'C', 'D']);
    expect(p.roots).toEqual(['A']);
    expect(p.leaves).toEqual(['C', 'D']);
    expect(p.dependentsOf('A')).toEqual(['B', 'C']);
    expect(p.dependentsOf('D')).toEqual([]);
  });

  it('orders every job after its dependencies, whatever the order of definition', () => {
    const p = pipeline('p')
      .job('z', { run: noop, after: ['y' as never] })
      .job('y', { run: noop, after: ['x' as never] })
      .job('x', { run: noop })
      .build();
    expect(p.order).toEqual(['x', 'y', 'z']);
  });

  it('throws a clear error for an unknown key', () => {
    expect(() => seed().dependentsOf('nope')).toThrow(UnknownJobError);
    expect(() => seed().dependentsOf('nope')).toThrow("pipeline 'seed' has no job 'nope'");
    try {
      seed().dependentsOf('nope');
    } catch (error) {
      expect((error as UnknownJobError).code).toBe(ErrorCode.UnknownJob);
    }
  });

  it('finds the critical path by estimated duration, defaulting to 1 s', () => {
    expect(seed().criticalPath()).toEqual(['A', 'B', 'D']);
    const unweighted = pipeline('p')
      .job('a', { run: noop })
      .job('b', { run: noop })
      .job('c', { run: noop })
      .after('b')
      .job('d', { run: noop })
      .after('c')
      .build();
    expect(unweighted.criticalPath()).toEqual(['b', 'c', 'd']);
  });

  it('is frozen all the way down', () => {
    const p = seed();
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.order)).toBe(true);
    expect(Object.isFrozen(p.roots)).toBe(true);
    expect(Object.isFrozen(p.jobs.get('A'))).toBe(true);
    expect(Object.isFrozen(p.jobs.get('B')?.after)).toBe(true);
    expect(Object.isFrozen(p.dependentsOf('A'))).toBe(true);
    expect(Object.isFrozen(p.settings)).toBe(true);
    // A real Map, typed read-only: it prints and clones as one.
    expect(p.jobs).toBeInstanceOf(Map);
    expect(structuredClone(new Map([...p.jobs].map(([key, job]) => [key, job.after])))).toEqual(
      new Map([...p.jobs].map(([key, job]) => [key, job.after])),
    );
    expect(() => (p.order as string[]).push('X')).toThrow(TypeError);
    expect(() => {
      (p as { name: string }).name = 'other';
    }).toThrow(TypeError);
    expect(p.jobs.size).toBe(4);
  });

  it('has a stable hash that changes with the definition only', () => {
    const a = seed();
    const b = seed();
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(b.hash);
    const tagsOrder1 = pipeline('p')
      .job('a', { run: noop, tags: { x: '1', y: '2' } })
      .build();
    const tagsOrder2 = pipeline('p')
      .job('a', { run: noop, tags: { y: '2', x: '1' } })
      .build();
    expect(tagsOrder1.hash).toBe(tagsOrder2.hash);
    expect(seed({ maxRetries: 1 }).hash).not.toBe(a.hash);
    expect(seed({ maxRetries: 0 }).hash).toBe(a.hash);
  });

  it('hashes the documented canonical JSON document, versioned', () => {
    const p = pipeline('doc', { concurrency: 2, notify: { onSuccess: true } })
      .job('a', { databricks: { jobName: 'A', parameters: { z: '1', a: '2' } }, tags: { team: 'x' } })
      .job('b', { run: noop, timeoutSeconds: 60, retry: { maxRetries: 1, retryIf: () => true } })
      .after('a')
      .build();
    const retry = (maxRetries: number, retryIf: string | null) => ({
      afterWorkspaceRetries: false,
      backoffFactor: 2,
      jitter: 'full',
      maxIntervalMs: 300000,
      maxRetries,
      minIntervalMs: 1000,
      retryIf,
      retryOnTimeout: false,
    });
    // Keys sorted at every level; notify is not part of what runs.
    const document = JSON.stringify({
      format: 'brickwork.pipeline/5',
      jobs: [
        {
          after: [],
          databricks: { jobName: 'A', parameters: { a: '2', z: '1' } },
          estimatedDurationSeconds: null,
          key: 'a',
          kind: 'databricks',
          retry: retry(0, null),
          runIf: 'all_success',
          tags: { team: 'x' },
          timeoutSeconds: null,
          warnAfterSeconds: null,
          writes: [],
        },
        {
          after: ['a'],
          databricks: null,
          estimatedDurationSeconds: null,
          key: 'b',
          kind: 'in-process',
          retry: retry(1, 'function'),
          runIf: 'all_success',
          tags: {},
          timeoutSeconds: 60,
          warnAfterSeconds: null,
          writes: [],
        },
      ],
      name: 'doc',
      settings: { concurrency: 2 },
    });
    expect(p.hash).toBe(createHash('sha256').update(document).digest('hex'));
  });

  it('changes the hash with every field of every job, even one that differs only from the job before it', () => {
    type Fields = Record<string, unknown>;
    // Bare jobs share their resolved policy objects, as most jobs of a large pipeline do.
    const base: Fields = { run: noop };
    const twoJobs = (second: Fields, first: Fields = {}) =>
      pipeline('p')
        .job('a', { ...base, ...first } as unknown as JobSpec)
        .job('b', { ...base, after: ['a'], ...second } as unknown as JobSpec)
        .build().hash;
    const same = twoJobs({});
    expect(twoJobs({})).toBe(same);
    const variants: Fields[] = [
      { run: undefined, databricks: { jobId: 1 } },
      { runIf: 'all_done' },
      { timeoutSeconds: 60 },
      { warnAfterSeconds: 30 },
      { estimatedDurationSeconds: 5 },
      { writes: ['main.sales.orders'] },
      { retry: { maxRetries: 2 } },
      { retry: { maxRetries: 0, retryIf: () => true } },
      { tags: { team: 'ml' } },
      { after: [] },
    ];
    const hashes = variants.map((second) => twoJobs(second));
    expect(new Set([same, ...hashes]).size).toBe(variants.length + 1);
    // Equal values in different objects, and the same change on either job, hash alike.
    expect(twoJobs({ retry: { maxRetries: 0 }, tags: {} })).toBe(same);
    expect(twoJobs({ writes: ['main.sales.orders'] }, { writes: ['main.sales.orders'] })).toBe(
      twoJobs({ writes: ['main.sales.orders'] }, { writes: ['main.sales.orders'] }),
    );
    expect(twoJobs({ timeoutSeconds: 60 })).not.toBe(twoJobs({}, { timeoutSeconds: 60 }));
    const onDatabricks = (jobId: number) => ({ run: undefined, databricks: { jobId } });
    expect(twoJobs(onDatabricks(2), onDatabricks(1))).not.toBe(twoJobs(onDatabricks(1), onDatabricks(1)));
    // What does not change what runs is left out.
    expect(twoJobs({ rollback: 'none', notify: { onStart: true } })).toBe(same);
  });

  it('renders Mermaid and DOT', () => {
    const p = pipeline('etl')
      .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
      .job('load', { run: noop })
      .after('extract')
      .build();
    expect(p.toMermaid()).toBe('flowchart TD\n  j0["extract"]\n  j1["load"]\n  j0 --> j1\n');
    expect(p.toDot()).toBe(
      'digraph "etl" {\n  rankdir=LR;\n  node [shape=box];\n  "extract" [style=rounded];\n  "load";\n  "extract" -> "load";\n}\n',
    );
  });

  it('serialises to JSON without functions', () => {
    const p = pipeline('etl', { concurrency: 2, description: 'nightly' })
      .job('a', {
        run: noop,
        retry: { retryIf: () => true },
        writes: ['main.etl.t'],
        checks: [checks.rowCount('main.etl.t', { min: 1, severity: 'warn' })],
      })
      .build();
    const json = JSON.parse(JSON.stringify(p));
    expect(json).toEqual({
      name: 'etl',
      settings: { concurrency: 2, description: 'nightly' },
      jobs: [
        {
          key: 'a',
          after: [],
          kind: 'in-process',
          retry: {
            afterWorkspaceRetries: false,
            maxRetries: 0,
            minIntervalMs: 1000,
            backoffFactor: 2,
            maxIntervalMs: 300000,
            jitter: 'full',
            retryOnTimeout: false,
            retryIf: 'function',
          },
          runIf: 'all_success',
          writes: ['main.etl.t'],
          tags: {},
          checks: [{ name: 'rowCount(main.etl.t)', severity: 'warn' }],
          rollback: 'job',
        },
      ],
    });
  });

  it('handles a deep chain without recursion limits', () => {
    let builder = pipeline('chain').job('j0', { run: noop });
    for (let i = 1; i < 20_000; i++) builder = builder.job(`j${i}`, { run: noop }).after(`j${i - 1}` as never);
    const p = builder.build();
    expect(p.order[19_999]).toBe('j19999');
    expect(p.criticalPath()).toHaveLength(20_000);
  });

  it('finds cycles in a deep graph without recursion limits', () => {
    let builder = pipeline('ring').job('j0', { run: noop, after: ['j19999' as never] });
    for (let i = 1; i < 20_000; i++) builder = builder.job(`j${i}`, { run: noop }).after(`j${i - 1}` as never);
    expect(() => builder.build()).toThrow(/cycle: j0 → j1 → j2 → .* → j19999 → j0/);
  });
});
