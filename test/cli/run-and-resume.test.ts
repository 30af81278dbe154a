import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteMetadataStore } from '../../src/index.js';
import { type Emulator, type EmulatorOptions, type ScriptedJob, startEmulator } from '../../src/testing.js';
import { expectRowOrder } from '../helpers.js';
import { cli, startCli } from './run-cli.js';

let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

/** An emulator with the seed's jobs and the environment that points brickwork at it. */
async function workspace(options: EmulatorOptions) {
  emulator = await startEmulator({ timeScale: 100, ...options });
  const env = {
    DATABRICKS_HOST: emulator.url,
    DATABRICKS_TOKEN: emulator.token,
    BRICKWORK_STATE_DB: join(mkdtempSync(join(tmpdir(), 'brickwork-cli-')), 'state.db'),
    BRICKWORK_POLL_MS: '10',
  };
  return { emu: emulator, env };
}

const seedJobs = (load: Partial<ScriptedJob>): ScriptedJob[] => [
  { name: 'Data_Extract_Job', durationMs: 500 },
  { name: 'Data_Load_Job', durationMs: 500, ...load },
  { name: 'ES_Load_Job', durationMs: 500 },
];

describe('brickwork run, status, plan and resume against the emulator', () => {
  it("runs the seed's job files, prints plain timestamped progress, and exits 0", async () => {
    const { env } = await workspace({ jobs: seedJobs({}) });
    const run = await cli(['run', 'test/fixtures/seed-jobs', '--run-id', 'seed-1'], env);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z Data_Extract_Job started attempt 1\/4$/m);
    expect(run.stderr).toMatch(/Data_Load_Job attempt 1 is Databricks run \d+ http:\/\/127\.0\.0\.1:\d+\/\?o=0#job\/2\/run\/\d+/);
    expect(run.stdout).toContain("Run seed-1 of 'Data_Extract_Job' success");
    expect(run.stdout).toMatch(/ES_Load_Job\s+success\s+1 /);

    const runs = await cli(['status', '--json'], env);
    expect(JSON.parse(runs.stdout)).toEqual([expect.objectContaining({ runId: 'seed-1', status: 'success' })]);
    const one = await cli(['status', 'seed-1'], env);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/Data_Load_Job\s+success\s+succeeded\s+1/);
    expect((await cli(['status', 'nope'], env)).code).toBe(2);

    const out = join(mkdtempSync(join(tmpdir(), 'brickwork-report-')), 'report.html');
    const report = await cli(['report', 'seed-1', '--out', out], env);
    expect([report.code, report.stdout.trim()]).toEqual([0, `Wrote ${out}`]);
    const html = readFileSync(out, 'utf8');
    for (const job of ['Data_Extract_Job', 'Data_Load_Job', 'ES_Load_Job'])
      expect(html).toContain(`data-job="${job}" data-status="success"`);
  });

  it('exits 1 when a job fails, says how to resume, plans the resume, and resume finishes the run', async () => {
    const { emu, env } = await workspace({ jobs: seedJobs({ outcomes: ['FAILED', 'FAILED', 'FAILED', 'FAILED', 'SUCCESS'] }) });
    const failed = await cli(['run', 'test/fixtures/seed-jobs', '--run-id', 'seed-2', '--json'], { ...env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Resume with: brickwork resume seed-2');
    const result = JSON.parse(failed.stdout);
    expect(result.status).toBe('failed');
    expect(result.jobs.Data_Load_Job.attempts).toHaveLength(4);
    expect(result.jobs.ES_Load_Job.status).toBe('skipped');

    const plan = await cli(['plan', 'test/fixtures/seed-jobs', '--resume', 'seed-2'], env);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/Data_Extract_Job\s+keep\s+1/);
    // Its last run failed in its task: the resume repairs that run rather than start one.
    expect(plan.stdout).toMatch(/Data_Load_Job\s+repair run \d+\s+5/);
    expect(plan.stdout).toMatch(/ES_Load_Job\s+run\s+1/);

    const resumed = await cli(['resume', 'seed-2'], env);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain("Run seed-2 of 'Data_Extract_Job' success");
    expectRowOrder(await new SqliteMetadataStore({ path: env.BRICKWORK_STATE_DB }).history('seed-2'));
    expect(emu.runs().filter((r) => r.runName === 'Data_Extract_Job')).toHaveLength(1);
  });

  it('Ctrl-C cancels the Databricks run, records the run as canceled, prints the resume command and exits 130', async () => {
    const { emu, env } = await workspace({ timeScale: 1, jobs: seedJobs({}).map((job) => ({ ...job, durationMs: 600_000 })) });
    const run = startCli(['run', 'test/fixtures/seed-jobs', '--run-id', 'seed-3'], env);
    await run.waitFor(/Data_Extract_Job attempt 1 is Databricks run \d+/);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    expect(run.stderr).toContain('Interrupted: canceling the in-flight jobs');
    expect(run.stderr).toContain('Resume with: brickwork resume seed-3');
    expect(emu.runs()[0]?.canceledAt).toBeDefined();
    const status = await cli(['status', 'seed-3', '--json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'canceled', jobs: { Data_Extract_Job: { status: 'canceled' } } });
  });
});
