import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadPipeline } from '../../src/index.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const seed = join(fixtures, 'seed-jobs');
const pipelines = join(fixtures, 'pipelines');

async function problemsOf(load: Promise<unknown>): Promise<string[]> {
  const error = await load.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems.map((p) => `${p.file.split('/').pop()}:${p.line}:${p.column} ${p.path}: ${p.message}`);
}

describe("the seed's job files", () => {
  it('load unchanged into a three-job chain with their retries, timeouts and failure emails', async () => {
    const p = await loadPipeline(seed);
    expect(p.name).toBe('Data_Extract_Job');
    expect(p.order).toEqual(['Data_Extract_Job', 'Data_Load_Job', 'ES_Load_Job']);
    expect(p.jobs.get('Data_Load_Job')?.after).toEqual(['Data_Extract_Job']);
    expect(p.jobs.get('ES_Load_Job')?.after).toEqual(['Data_Load_Job']);
    const load = p.jobs.get('Data_Load_Job');
    expect(load?.databricks).toEqual({ jobName: 'Data_Load_Job' });
    expect(load?.retry).toMatchObject({ maxRetries: 3, retryOnTimeout: true });
    expect(load?.timeoutSeconds).toBe(3600);
    expect(load?.notify).toEqual({ recipients: ['data_pipeline_admin@example.com'] });
  });

  it('load from a list of files in any order, with a name', async () => {
    const files = ['es_load_job.yml', 'data_extract_job.yml', 'data_load_job.yml'].map((f) => join(seed, f));
    const p = await loadPipeline(files, { name: 'seed' });
    expect(p.name).toBe('seed');
    expect(p.order).toEqual(['Data_Extract_Job', 'Data_Load_Job', 'ES_Load_Job']);
  });

  it('report a trigger of a job no file defines', async () => {
    expect(await problemsOf(loadPipeline([join(seed, 'data_extract_job.yml')]))).toEqual([
      "data_extract_job.yml:22:19 jobs.0.on_success.trigger_job.job_name: triggers 'Data_Load_Job', which none of the files defines",
    ]);
  });
});

describe('brickwork pipeline files', () => {
  it('load jobs, policies, checks, notifications and bundle jobs, with ${params}', async () => {
    const p = await loadPipeline(join(pipelines, 'nightly.yml'), { params: { day: '2026-11-30' }, env: { env: 'prod' } });
    expect(p.name).toBe('nightly-etl');
    expect(p.settings).toMatchObject({ concurrency: 4, rollback: 'job', notify: { onSuccess: true } });
    expect(p.order).toEqual(['extract', 'load', 'index']);
    expect(p.jobs.get('extract')).toMatchObject({
      databricks: { jobName: 'Data_Extract_Job', parameters: { day: '2026-11-30' } },
      retry: { maxRetries: 2, minIntervalMs: 5000 },
      timeoutSeconds: 3600,
      writes: ['main.etl.raw'],
    });
    const load = p.jobs.get('load');
    expect(load?.databricks).toEqual({ jobName: '[prod] Data_Load_Job' });
    // The bundle's task policy, overridden field by field by the file's own.
    expect(load?.retry).toMatchObject({ maxRetries: 1, minIntervalMs: 2000, retryOnTimeout: true });
    expect(load?.timeoutSeconds).toBe(1800);
    expect(load?.notify).toEqual({ onRetry: true, recipients: ['oncall@example.com'] });
    expect(load?.checks.map((c) => [c.name, c.severity])).toEqual([
      ['rowCount(main.etl.orders)', 'error'],
      ['schema(main.etl.orders)', 'warn'],
      ['no negative amounts', 'error'],
    ]);
    expect(p.jobs.get('index')).toMatchObject({ databricks: { jobId: 42 }, runIf: 'all_done', rollback: 'none' });
  });

  it('list every problem at once with file:line:column, and suggest keys for typos', async () => {
    expect(await problemsOf(loadPipeline(join(pipelines, 'broken.yml')))).toEqual([
      "broken.yml:2:1 concurency: unknown key 'concurency' — did you mean 'concurrency'?",
      "broken.yml:7:7 jobs.extract.retries.max_retrys: unknown key 'max_retrys' — did you mean 'max_retries'?",
      'broken.yml:8:22 jobs.extract.timeout_seconds: Too small: expected number to be >0',
      'broken.yml:9:3 jobs.load: needs exactly one of job_name, job_id, submit or bundle_job, got none',
      "broken.yml:10:27 jobs.load.depends_on.1: depends on 'missing', which is not a job of this file",
      'broken.yml:11:13 jobs.load.run_if: Invalid option: expected one of "all_success"|"all_done"|"none_failed"|"at_least_one_success"|"at_least_one_failed"|"all_failed"',
      'broken.yml:14:24 jobs.index.parameters.day: parameter ${undefined_param} is not set: pass --param undefined_param=… or set the environment variable undefined_param',
    ]);
  });

  it('report graph problems at the job they concern', async () => {
    const problems = await problemsOf(loadPipeline(join(pipelines, 'cycle.yml')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^cycle\.yml:\d+:3 .*→/);
  });

  it('report a job without a target, unknown bundle jobs, syntax errors and missing files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brickwork-yaml-'));
    writeFileSync(join(dir, 'p.yml'), 'name: p\njobs:\n  a: { depends_on: [] }\n  b: { bundle_job: nope }\n');
    expect(await problemsOf(loadPipeline(join(dir, 'p.yml')))).toEqual([
      'p.yml:3:3 jobs.a: needs exactly one of job_name, job_id, submit or bundle_job, got none',
      'p.yml:4:20 jobs.b.bundle_job: no bundle file defines resources.jobs.nope (list bundle files under bundles)',
    ]);
    writeFileSync(join(dir, 'bad.yml'), 'name: p\njobs:\n  a: [unclosed\n');
    expect((await problemsOf(loadPipeline(join(dir, 'bad.yml'))))[0]).toMatch(/^bad\.yml:\d+:\d+ : /);
    expect(await problemsOf(loadPipeline(join(dir, 'missing.yml')))).toEqual(['missing.yml:1:1 : no such file or directory']);
  });

  it('refuse ${...} inside the SQL of a check, at its position, and bind :name instead', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brickwork-yaml-'));
    const file = (query: string) =>
      [
        'name: p',
        'jobs:',
        '  load:',
        '    job_id: 1',
        '    checks:',
        `      - sql: { name: rows today, query: "${query}" }`,
        '',
      ].join('\n');
    writeFileSync(join(dir, 'spliced.yml'), file("SELECT COUNT(*) > 0 FROM t WHERE day = '${day}'"));
    expect(await problemsOf(loadPipeline(join(dir, 'spliced.yml'), { params: { day: 'd1' } }))).toEqual([
      "spliced.yml:6:41 jobs.load.checks.0.sql.query: '${day}' in SQL is not allowed: write :day and the run's parameter 'day' is bound as a SQL parameter",
    ]);
    writeFileSync(join(dir, 'bound.yml'), file('SELECT COUNT(*) > 0 FROM t WHERE day = :day'));
    const bound = await loadPipeline(join(dir, 'bound.yml'));
    expect(bound.jobs.get('load')?.checks.map((check) => check.name)).toEqual(['rows today']);
  });
});
