import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type RunResult, SqliteMetadataStore } from '../../src/index.js';
import { waitFor } from '../databricks/wait-for.js';
import { expectRowOrder } from '../helpers.js';
import { startCli } from './run-cli.js';

const RUNS = ['crashed-1', 'crashed-2', 'crashed-3'];

describe('brickwork recover, as a service runs it', () => {
  it('two replicas recovering at once drive each crashed run exactly once (default options, separate processes)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brickwork-recover-'));
    const jobs = [
      { name: 'Extract', durationMs: 3000 },
      { name: 'Load', durationMs: 1000 },
    ];
    writeFileSync(join(dir, 'emulator.json'), JSON.stringify({ jobs }));
    writeFileSync(
      join(dir, 'pipeline.yml'),
      'name: recovering\njobs:\n  extract:\n    job_name: Extract\n  load:\n    job_name: Load\n    depends_on: [extract]\n',
    );
    const emulator = startCli(['emulator', '--config', join(dir, 'emulator.json'), '--token', 'dapi-recover']);
    try {
      await new Promise<void>((resolve) =>
        emulator.child.stdout?.on('data', () => emulator.stdout.includes('DATABRICKS_TOKEN') && resolve()),
      );
      const env = {
        DATABRICKS_HOST: /DATABRICKS_HOST=(\S+)/.exec(emulator.stdout)?.[1] ?? '',
        DATABRICKS_TOKEN: 'dapi-recover',
        BRICKWORK_STATE_DB: join(dir, 'state.db'),
      };
      const store = new SqliteMetadataStore({ path: env.BRICKWORK_STATE_DB });
      // Three runs, each killed (SIGKILL) once its first Databricks run is recorded.
      for (const runId of RUNS) {
        const run = startCli(['run', join(dir, 'pipeline.yml'), '--run-id', runId], env);
        await waitFor(async () => {
          const rows = await store.history(runId).catch(() => []);
          return rows.some((row) => row.event === 'triggered') ? true : undefined;
        }, 20_000);
        run.child.kill('SIGKILL');
        await run.exited;
      }

      const replicas = [startCli(['recover', '--json'], env), startCli(['recover', '--json'], env)];
      const codes = await Promise.all(replicas.map((replica) => replica.exited));
      expect(codes, replicas.map((replica) => replica.stderr).join('\n')).toEqual([0, 0]);
      const recovered = replicas.map((replica) => (JSON.parse(replica.stdout) as RunResult[]).map((result) => result.runId));
      expect([...(recovered[0] ?? []), ...(recovered[1] ?? [])].sort()).toEqual(RUNS);

      const databricksRuns = new Set<number>();
      for (const runId of RUNS) {
        const history = await store.history(runId);
        expectRowOrder(history);
        expect(history.filter((row) => row.event === 'run_finished').map((row) => row.status)).toEqual(['success']);
        for (const row of history) if (row.databricksRunId !== null) databricksRuns.add(row.databricksRunId);
        // The extract the crashed process started is watched to its end, not started again.
        expect(history.filter((row) => row.jobName === 'extract' && row.event === 'triggered')).toHaveLength(1);
      }
      expect(databricksRuns.size).toBe(RUNS.length * 2);

      const again = startCli(['recover'], env);
      expect(await again.exited).toBe(0);
      expect(again.stdout).toContain('Nothing to recover');
    } finally {
      emulator.child.kill('SIGINT');
      await emulator.exited;
    }
  }, 120_000);
});
