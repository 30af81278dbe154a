import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { startCli } from './run-cli.js';

let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

describe('brickwork emulator', () => {
  it('serves the configured workspace, prints its environment, and stops on Ctrl-C with exit 0', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'brickwork-emu-')), 'emulator.json');
    writeFileSync(config, JSON.stringify({ jobs: [{ name: 'Data_Extract_Job' }], warehouseId: 'wh1' }));
    const emu = startCli(['emulator', '--config', config, '--token', 'dapi-test']);
    await new Promise<void>((resolve) =>
      emu.child.stdout?.on('data', () => emu.stdout.includes('BRICKWORK_SQL_WAREHOUSE') && resolve()),
    );
    const host = /DATABRICKS_HOST=(\S+)/.exec(emu.stdout)?.[1];
    expect(emu.stdout).toContain('DATABRICKS_TOKEN=dapi-test');
    expect(emu.stdout).toContain('BRICKWORK_SQL_WAREHOUSE=wh1');
    const jobs = await fetch(`${host}/api/2.2/jobs/list`, { headers: { authorization: 'Bearer dapi-test' } });
    expect(((await jobs.json()) as { jobs: { settings: { name: string } }[] }).jobs[0]?.settings.name).toBe('Data_Extract_Job');
    emu.child.kill('SIGINT');
    expect(await emu.exited).toBe(0);
  });

  it('refuses a bad --config or --port with exit 2', async () => {
    const missing = startCli(['emulator', '--config', '/nonexistent/emulator.json']);
    expect(await missing.exited).toBe(2);
    expect(missing.stderr).toContain('cannot read --config /nonexistent/emulator.json');
  });
});

describe('live progress on a terminal', () => {
  it('redraws one line per job: state, attempt i/n, elapsed, Databricks run link', async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [
        { name: 'Data_Extract_Job', durationMs: 300 },
        { name: 'Data_Load_Job', durationMs: 300 },
        { name: 'ES_Load_Job', durationMs: 300 },
      ],
    });
    const err: string[] = [];
    const out: string[] = [];
    const code = await runCli(['run', 'test/fixtures/seed-jobs'], {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      interactive: true,
      env: {
        DATABRICKS_HOST: emulator.url,
        DATABRICKS_TOKEN: emulator.token,
        BRICKWORK_STATE_DB: join(mkdtempSync(join(tmpdir(), 'brickwork-live-')), 'state.db'),
        BRICKWORK_POLL_MS: '10',
      },
      onInterrupt: () => () => {},
    });
    expect(code).toBe(0);
    // Redrawn in place: later frames move the cursor up over the previous one.
    expect(err.slice(1).every((frame) => frame.startsWith('\x1b[3F\x1b[J'))).toBe(true);
    const last = (err.at(-1) ?? '').replace('\x1b[3F\x1b[J', '').split('\n');
    expect(last).toHaveLength(3);
    expect(last[1]).toMatch(/^✔ Data_Load_Job\s+success\s+1\/4\s+\d+s\s+http:\/\/127\.0\.0\.1:\d+\/\?o=0#job\/2\/run\/\d+$/);
    expect(out.join('\n')).toContain('success');
  });
});
