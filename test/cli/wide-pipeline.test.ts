import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startCli } from './run-cli.js';

const WIDE = 30;

describe('a wide pipeline, as a user runs it', () => {
  it(`runs ${WIDE} parallel Databricks jobs to the end with default options, the emulator in its own process`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brickwork-wide-'));
    const jobs = Array.from({ length: WIDE }, (_, i) => ({ name: `job_${i}`, durationMs: 1500 }));
    writeFileSync(join(dir, 'emulator.json'), JSON.stringify({ jobs }));
    const lines = ['name: wide', `concurrency: ${WIDE}`, 'jobs:'];
    for (const { name } of jobs) lines.push(`  ${name}:`, `    job_name: ${name}`);
    writeFileSync(join(dir, 'pipeline.yml'), `${lines.join('\n')}\n`);
    const emulator = startCli(['emulator', '--config', join(dir, 'emulator.json'), '--token', 'dapi-wide']);
    try {
      await new Promise<void>((resolve) =>
        emulator.child.stdout?.on('data', () => emulator.stdout.includes('DATABRICKS_TOKEN') && resolve()),
      );
      const host = /DATABRICKS_HOST=(\S+)/.exec(emulator.stdout)?.[1] ?? '';
      const run = startCli(['run', join(dir, 'pipeline.yml'), '--json'], {
        DATABRICKS_HOST: host,
        DATABRICKS_TOKEN: 'dapi-wide',
        BRICKWORK_STATE_DB: join(dir, 'state.db'),
      });
      const code = await run.exited;
      expect(run.stderr).not.toMatch(/Error|error:/);
      expect(code).toBe(0);
      const result = JSON.parse(run.stdout) as { status: string; jobs: Record<string, { status: string }> };
      expect(result.status).toBe('success');
      expect(Object.values(result.jobs).filter((job) => job.status === 'success')).toHaveLength(WIDE);
      const status = startCli(['status', '--json'], { BRICKWORK_STATE_DB: join(dir, 'state.db') });
      expect(await status.exited).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject([{ status: 'success', pipelineName: 'wide' }]);
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.exited;
    }
  }, 120_000);
});
