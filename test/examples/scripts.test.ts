import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/testing.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
let emulator: Emulator | undefined;
afterEach(() => emulator?.stop());

/** Runs an example script as a user would (`npx tsx examples/…`), with `env` added to a clean environment. */
function script(file: string, env: Record<string, string>) {
  return run(process.execPath, ['--import', 'tsx', join(ROOT, 'examples', file)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'brickwork-home-')), ...env },
  });
}

const stateDb = () => join(mkdtempSync(join(tmpdir(), 'brickwork-example-')), 'state.db');

describe('the README examples, run as scripts', () => {
  it('quick-start runs its in-process pipeline on the default SQLite log', async () => {
    const { stdout } = await script('quick-start.ts', { BRICKWORK_STATE_DB: stateDb() });
    expect(stdout.trim()).toBe("success [ 'extract=success', 'load=success', 'cleanup=success' ]");
  });

  it("databricks-seed runs the seed's three jobs on the workspace of DATABRICKS_HOST (the emulator)", async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [{ name: 'Data_Extract_Job' }, { name: 'Data_Load_Job', outcomes: ['FAILED', 'SUCCESS'] }, { name: 'ES_Load_Job' }],
    });
    const { stdout } = await script('databricks-seed.ts', {
      DATABRICKS_HOST: emulator.url,
      DATABRICKS_TOKEN: emulator.token,
      BRICKWORK_STATE_DB: stateDb(),
    });
    expect(stdout.trim()).toBe('success');
    // The load's retry repairs its failed run: three runs, the load's repaired once.
    expect(emulator.runs().map((r) => `${r.runName}:${r.segments.length}`)).toEqual([
      'Data_Extract_Job:1',
      'Data_Load_Job:2',
      'ES_Load_Job:1',
    ]);
  }, 30_000);
});
