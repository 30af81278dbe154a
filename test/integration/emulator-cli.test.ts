import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { DatabricksJobsClient } from '../../src/index.js';

describe('the emulator from the command line', () => {
  it('prints its host and token, serves the scripted jobs, and stops on SIGTERM', async () => {
    const jobs = join(mkdtempSync(join(tmpdir(), 'brickwork-emu-')), 'jobs.json');
    writeFileSync(jobs, JSON.stringify([{ name: 'Data_Extract_Job' }]));
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/testing/emulator/emulator-cli.ts', '--jobs', jobs, '--token', 'dapi-cli'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const lines = createInterface({ input: child.stdout });
    const env: Record<string, string> = {};
    for await (const line of lines) {
      const [key, value] = line.split('=');
      if (key && value) env[key] = value;
      if (env.DATABRICKS_TOKEN) break;
    }
    expect(env.DATABRICKS_HOST).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.DATABRICKS_TOKEN).toBe('dapi-cli');
    const client = new DatabricksJobsClient({ host: String(env.DATABRICKS_HOST), token: String(env.DATABRICKS_TOKEN) });
    expect(await client.resolveJobId('Data_Extract_Job')).toBe(1);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
