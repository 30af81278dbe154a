import { afterEach, describe, expect, it } from 'vitest';
import { checks, InvalidOptionsError, PipelineValidationError, pipeline } from '../../src/index.js';
import type { Emulator } from '../../src/testing.js';
import { deltaSetup, idsOf } from './delta-setup.js';

let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

const loadJob = {
  name: 'Data_Load_Job',
  durationMs: 300,
  writes: {
    'main.etl.orders': [
      { id: 7, amount: 70 },
      { id: 8, amount: -5 },
    ],
  },
};

describe('data-quality checks between jobs', () => {
  it('a failed blocking check fails the job, restores its tables and skips its dependents', async () => {
    const { emu, store, engine, box, events } = await deltaSetup({
      tables: { 'main.etl.orders': [{ id: 1, amount: 10 }] },
      jobs: [loadJob],
    });
    emulator = emu;
    let published = false;
    const flow = pipeline('nightly')
      .job('load', {
        databricks: { jobName: 'Data_Load_Job' },
        writes: ['main.etl.orders'],
        checks: [
          checks.rowCount('main.etl.orders', { min: 1 }),
          checks.sql('no negative amounts', 'SELECT COUNT(*) = 0 FROM `main`.`etl`.`orders` WHERE amount < 0'),
        ],
      })
      .job('publish', {
        run: async () => {
          published = true;
        },
      })
      .after('load')
      .build();
    const result = await engine.run(flow);

    expect(result.status).toBe('failed');
    const load = result.jobs.get('load');
    expect(load?.status).toBe('failed');
    expect(load?.error).toEqual({
      class: 'check_failed',
      message: 'check no negative amounts failed: no negative amounts does not hold',
      retriable: false,
    });
    expect(load?.checks?.map((c) => [c.name, c.severity, c.passed, c.observed])).toEqual([
      ['rowCount(main.etl.orders)', 'error', true, 3],
      ['no negative amounts', 'error', false, false],
    ]);
    expect(load?.rollback?.status).toBe('succeeded');
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
    expect(result.jobs.get('publish')?.status).toBe('skipped');
    expect(published).toBe(false);
    const rows = (await store.history(result.runId)).filter((row) => row.jobName === 'load').map((row) => row.event);
    expect(rows.slice(-5)).toEqual(['check_passed', 'check_failed', 'rollback_started', 'rollback_succeeded', 'failed']);
    expect(events.of('job:check').map((e) => e.result.passed)).toEqual([true, false]);
    // One alert: the check's; the job's failure is not told twice.
    expect(box.got.map((n) => [n.kind, n.severity, n.title])).toEqual([
      ['check_failed', 'error', 'nightly › load: a blocking check failed'],
    ]);
  });

  it('a failed warn check tells and lets the pipeline go on', async () => {
    const { emu, engine, box } = await deltaSetup({ tables: { 'main.etl.orders': [{ id: 1, amount: 10 }] }, jobs: [loadJob] });
    emulator = emu;
    const flow = pipeline('nightly')
      .job('load', {
        databricks: { jobName: 'Data_Load_Job' },
        writes: ['main.etl.orders'],
        checks: [checks.rowCount('main.etl.orders', { max: 2, severity: 'warn' })],
      })
      .job('publish', { run: async () => 'published' })
      .after('load')
      .build();
    const result = await engine.run(flow);

    expect(result.status).toBe('success');
    expect(result.jobs.get('publish')?.output).toBe('published');
    expect(result.jobs.get('load')?.checks?.[0]).toMatchObject({
      passed: false,
      severity: 'warn',
      message: 'main.etl.orders has 3 rows, expected at most 2',
    });
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1, 7, 8]);
    expect(box.got.map((n) => [n.kind, n.severity, n.title])).toEqual([
      ['check_failed', 'warning', 'nightly › load: a warning check failed'],
    ]);
  });

  it('checks schemas, boolean queries and custom predicates, and explains what is wrong', async () => {
    const { emu, engine } = await deltaSetup({ tables: { 'main.etl.orders': [{ id: 1, amount: 10.5, note: 'x' }] } });
    emulator = emu;
    const flow = pipeline('checks')
      .job('report', {
        run: async () => ({ rows: 3 }),
        checks: [
          checks.schema('main.etl.orders', { id: 'bigint', amount: 'double' }, { severity: 'warn' }),
          checks.schema(
            'main.etl.orders',
            { id: 'string', amount: 'double' },
            { exact: true, severity: 'warn', name: 'strict schema' },
          ),
          checks.schema('main.etl.orders', ['id', 'customer'], { severity: 'warn', name: 'names' }),
          checks.sql('not a boolean', 'SELECT id, amount FROM `main`.`etl`.`orders`', { severity: 'warn' }),
          checks.custom('three rows reported', ({ output }) => (output as { rows: number }).rows === 3, { severity: 'warn' }),
          checks.custom('throws', () => Promise.reject(new Error('lookup service down')), { severity: 'warn' }),
        ],
      })
      .build();
    const result = await engine.run(flow);
    expect(result.jobs.get('report')?.checks?.map((c) => [c.passed, c.message])).toEqual([
      [true, 'main.etl.orders has the expected columns'],
      [false, 'main.etl.orders: id is bigint, expected string; unexpected column note'],
      [false, 'main.etl.orders: missing column customer'],
      [false, 'not a boolean: the query must return one row with one boolean column, got 1 row(s): [{"id":1,"amount":10.5}]'],
      [true, 'three rows reported holds'],
      [false, 'throws could not run: lookup service down'],
    ]);
  });

  it('rejects table names that try SQL injection before anything is sent', async () => {
    const { emu } = await deltaSetup({ tables: { 'main.etl.orders': [{ id: 1 }] } });
    emulator = emu;
    const attack = 'main.etl.orders; DROP TABLE main.etl.orders --';
    expect(() => checks.rowCount(attack)).toThrow(InvalidOptionsError);
    expect(() => checks.schema('`main`.`etl`.`x`', ['id'])).toThrow("checks.schema: '`main`.`etl`.`x`' is not a table name");
    const build = () =>
      pipeline('p')
        .job('load', { run: async () => 1, writes: [attack] })
        .build();
    expect(build).toThrow(PipelineValidationError);
    expect(build).toThrow('load.writes.0: must be a table name such as catalog.schema.table');
    expect(emu.calls().filter((call) => call.path.includes('/sql/'))).toEqual([]);
    expect(idsOf(emu, 'main.etl.orders')).toEqual([1]);
  });
});

describe('parameters in check SQL', () => {
  const today = () =>
    pipeline('daily')
      .job('load', {
        run: async () => 'loaded',
        checks: [checks.sql('rows for the day', 'SELECT COUNT(*) > 0 FROM `main`.`etl`.`orders` WHERE day = :day')],
      })
      .build();

  it('binds the run parameter to :day — a value that is SQL stays a value', async () => {
    const { emu, engine, sql } = await deltaSetup({ tables: { 'main.etl.orders': [{ id: 1, day: 'd1' }] } });
    emulator = emu;
    expect((await engine.run(today(), { parameters: { day: 'd1' } })).status).toBe('success');
    const injection = "d2' OR '1'='1";
    // Spliced into the text, the value would make the check pass over a day with no rows.
    const [spliced] = await sql.query(`SELECT COUNT(*) > 0 AS ok FROM \`main\`.\`etl\`.\`orders\` WHERE day = '${injection}'`);
    // (The emulator's warehouse answers booleans as 1, as SQLite does; Databricks says true.)
    expect([true, 1]).toContain(Object.values(spliced ?? {})[0]);
    const injected = await engine.run(today(), { parameters: { day: injection } });
    expect(injected.status).toBe('failed');
    expect(injected.jobs.get('load')?.error).toMatchObject({ class: 'check_failed' });
  });

  it('fails the check, naming the marker, when the run has no such parameter', async () => {
    const { emu, engine } = await deltaSetup({ tables: { 'main.etl.orders': [{ id: 1, day: 'd1' }] } });
    emulator = emu;
    const result = await engine.run(today());
    expect(result.jobs.get('load')?.checks?.[0]).toMatchObject({
      passed: false,
      message: 'rows for the day: the query uses :day, but the run has no such parameter',
    });
  });
});
