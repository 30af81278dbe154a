import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.js';

describe('brickwork demo', () => {
  it('runs the seed pipelines on the emulator: retries, a rollback, alerts, resume, status and report', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'brickwork-demo-')), 'report.html');
    const demo = await cli(['demo', '--out', out]);
    expect(demo.code).toBe(0);
    expect(demo.stderr).toMatch(/Data_Load_Job attempt 1\/4 failed \(run_failed\): .*ConcurrentAppendException.* — retrying/);
    expect(demo.stdout).toContain('rollback of main.etl.orders: restored from version 2 to 0');
    expect(demo.stdout).toContain('main.etl.orders now holds ids 1');
    expect(demo.stderr).toContain('✖ nightly-etl › load failed (attempt 2/2)');
    expect(demo.stderr).toContain('ℹ nightly-etl recovered: the resumed run succeeded');
    expect(demo.stdout).toMatch(/→ abcd success/);
    expect(demo.stdout).toMatch(
      /RUN ID\s+PIPELINE\s+STATUS[\s\S]*abcd\s+success[\s\S]*nightly-etl\s+success[\s\S]*seed\s+success/,
    );
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out, 'utf8')).toContain('data-job="load" data-status="success"');
  }, 60_000);
});
