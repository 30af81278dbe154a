import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, DatabricksJobsClient, pipeline, type RunResult, SqliteMetadataStore } from '../../src/index.js';
import { startEmulator } from '../../src/testing.js';
import { waitFor } from '../databricks/wait-for.js';
import { expectRowOrder } from '../helpers.js';
import { CRASH_JOBS, crashPipeline } from './crash-pipeline.js';

/**
 * Kill points: the child dies once the emulator has answered this many requests. A whole run
 * at default options takes about 44 — never fewer than 33 (15 triggers, a runs/get after
 * each, 3 failure outputs), sweeps aside — so these fall before, during and after triggers,
 * while polling, between jobs and during retries, and always before the run's end.
 */
const KILL_AFTER_CALLS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30];

/**
 * Resumes the run at once: the dead child held its lease with the default lifetime (a
 * minute), and a holder on this host whose process is gone is taken over without waiting.
 */
function resumeAtOnce(engine: ReturnType<typeof createEngine>, runId: string): Promise<RunResult> {
  return engine.resume(crashPipeline(), runId);
}

describe('crash safety', () => {
  it.concurrent.each(KILL_AFTER_CALLS)(
    'a run killed after %i API calls resumes without running any Databricks job twice',
    async (killAfter) => {
      const emu = await startEmulator({ timeScale: 100, jobs: CRASH_JOBS });
      try {
        const path = join(mkdtempSync(join(tmpdir(), 'brickwork-crash-')), 'state.db');
        const runId = `crash-${killAfter}`;
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), emu.url, emu.token, path, runId],
          {
            stdio: 'ignore',
          },
        );
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
        await waitFor(async () => (emu.calls().length >= killAfter || child.exitCode !== null ? true : undefined), 20_000);
        child.kill('SIGKILL');
        expect(await exited).toBe('SIGKILL');

        const store = new SqliteMetadataStore({ path });
        const jobsApi = new DatabricksJobsClient({ host: emu.url, token: emu.token });
        const engine = createEngine({ notifiers: [], jobsApi, store });
        const before = await store.history(runId).catch(() => []);
        expect(before.at(-1)?.event).not.toBe('run_finished');
        const keptBefore = new Set(before.filter((row) => row.event === 'succeeded').map((row) => row.jobName));
        const runsBefore = emu.runs().length;
        let result: RunResult;
        if (before.length === 0) {
          result = await engine.run(crashPipeline(), { runId });
        } else {
          result = await resumeAtOnce(engine, runId);
        }

        expect(result.status).toBe('success');
        const history = await store.history(runId);
        expectRowOrder(history);
        expect(history.at(-1)).toMatchObject({ event: 'run_finished', status: 'success' });
        // Every Databricks run is one logical attempt: one run per idempotency token.
        const tokens = emu
          .calls()
          .filter((call) => call.path.endsWith('/run-now'))
          .map((call) => String(call.request.idempotency_token));
        expect(emu.runs()).toHaveLength(new Set(tokens).size);
        for (const [key, job] of result.jobs) {
          const jobId = crashPipeline().jobs.get(key)?.databricks as { jobId: number };
          const runsOfJob = emu.runs().filter((run) => run.jobId === jobId.jobId);
          // A retry after a failed task repairs the run: the attempts share it, each repair once.
          const runIds = [...new Set(job.attempts.map((attempt) => attempt.databricksRunId))];
          expect(runsOfJob.map((run) => run.runId)).toEqual(runIds);
          const repairs = runsOfJob.reduce((sum, run) => sum + run.segments.length - 1, 0);
          expect(repairs).toBe(job.attempts.length - runIds.length);
          // What had succeeded before the kill never ran again.
          if (keptBefore.has(key)) expect(runsOfJob.every((run) => emu.runs().indexOf(run) < runsBefore)).toBe(true);
        }
      } finally {
        await emu.stop();
      }
    },
    // Five at a time (vitest's maxConcurrency), each its own emulator, child and file.
    60_000,
  );
});

describe('crash between triggering a run and recording it', () => {
  it('repeats the attempt with the same token, so Databricks hands back the same run', async () => {
    // runs/get answers slowly, and the run id is recorded only after the first runs/get:
    // a kill while it hangs leaves `started` in the log with no `triggered`.
    const emu = await startEmulator({ timeScale: 100, jobs: CRASH_JOBS, faults: { slowMs: 2000, pathIncludes: '/runs/get' } });
    try {
      const path = join(mkdtempSync(join(tmpdir(), 'brickwork-crash-')), 'state.db');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts'), emu.url, emu.token, path, 'window'],
        {
          stdio: 'ignore',
        },
      );
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await waitFor(async () => (emu.runs().length >= 1 ? true : undefined), 20_000);
      child.kill('SIGKILL');
      await exited;
      emu.setFaults({});
      const [lost] = emu.runs();

      const store = new SqliteMetadataStore({ path });
      const events = (await store.history('window')).filter((row) => row.jobName === 'extract').map((row) => row.event);
      expect(events).toEqual(['queued', 'started']);
      const jobsApi = new DatabricksJobsClient({ host: emu.url, token: emu.token });
      const engine = createEngine({ notifiers: [], jobsApi, store });
      const result = await resumeAtOnce(engine, 'window');
      expect(result.status).toBe('success');
      expect(result.jobs.get('extract')?.attempts).toMatchObject([
        { attempt: 1, status: 'success', databricksRunId: lost?.runId },
      ]);
      expect(emu.runs().filter((run) => run.jobId === 1)).toHaveLength(1);
    } finally {
      await emu.stop();
    }
  }, 60_000);
});

describe('crash after taking the lease, before run_started', () => {
  it('leaves a run that run --run-id continues at once, with the default lease lifetime', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'brickwork-crash-')), 'state.db');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'lease-holder-child.ts'), path, 'early'],
      {
        stdio: ['ignore', 'pipe', 'ignore'],
      },
    );
    let said = '';
    await new Promise<void>((resolve) =>
      child.stdout?.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('\n')) resolve();
      }),
    );
    expect(said).toBe('held\n');
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    const store = new SqliteMetadataStore({ path });
    expect(await store.history('early')).toEqual([]);
    const engine = createEngine({ notifiers: [], store });
    const result = await engine.run(
      pipeline('early')
        .job('a', { run: () => 'ok' })
        .build(),
      { runId: 'early' },
    );
    expect(result.status).toBe('success');
  });
});
