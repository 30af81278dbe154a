import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConsoleNotifier,
  createEngine,
  DatabricksJobsClient,
  type Engine,
  loadPipeline,
  type Pipeline,
  type RunResult,
  renderRunReport,
  SqliteMetadataStore,
  StatementExecutionSqlClient,
} from '../../index.js';
import { startEmulator } from '../../testing.js';
import { parseCommand } from '../cli-args.js';
import { type CliIo, EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { showProgress } from '../progress.js';
import { table, when } from '../table.js';
import { HELP } from '../usage.js';

/** The package's `demo/` directory, from the sources or from `dist/`. */
function demoDirectory(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'demo', 'nightly.yml'))) return join(dir, 'demo');
  }
  throw new Error('the demo files are missing: reinstall brickwork');
}

/** `brickwork demo`. */
export const demoCommand: Command = {
  ...HELP.demo,
  async run(args, io) {
    const { values } = parseCommand('demo', args, { out: { type: 'string', short: 'o' } }, { min: 0, max: 0 });
    const dir = demoDirectory();
    const emulator = await startEmulator({
      timeScale: 20,
      tables: { 'main.etl.raw': [{ id: 1, day: '2026-11-29' }], 'main.etl.orders': [{ id: 1, amount: 10.5 }] },
      jobs: [
        { name: 'Data_Extract_Job', durationMs: 20_000 },
        {
          name: 'Data_Load_Job',
          durationMs: 20_000,
          outcomes: ['FAILED', 'SUCCESS'],
          errorMessage: 'ConcurrentAppendException: files were added by a concurrent update',
        },
        { name: 'ES_Load_Job', durationMs: 10_000 },
        { name: 'Nightly_Extract', durationMs: 20_000, writes: { 'main.etl.raw': [{ id: 2, day: '2026-11-30' }] } },
        {
          name: 'Nightly_Load',
          durationMs: 20_000,
          outcomes: ['FAILED', 'FAILED', 'SUCCESS'],
          errorMessage: 'AnalysisException: cannot resolve column amount_eur',
          writes: { 'main.etl.orders': [{ id: 2, amount: 20 }] },
        },
        { name: 'Nightly_Index', durationMs: 10_000 },
        { name: 'Job_A', durationMs: 20_000 },
        { name: 'Job_B', durationMs: 30_000 },
        { name: 'Job_C', durationMs: 40_000 },
        { name: 'Job_D', durationMs: 10_000 },
      ],
    });
    try {
      const state = join(await mkdtemp(join(tmpdir(), 'brickwork-demo-')), 'state.db');
      const sql = new StatementExecutionSqlClient({
        host: emulator.url,
        token: emulator.token,
        warehouseId: emulator.warehouseId,
      });
      const engine = createEngine({
        jobsApi: new DatabricksJobsClient({ host: emulator.url, token: emulator.token, requestsPerSecond: 100 }),
        store: new SqliteMetadataStore({ path: state }),
        sql,
        notifiers: [new ConsoleNotifier({ write: (text) => io.err(`\n🔔 alert\n${text}\n`) })],
        poll: { minIntervalMs: 100, maxIntervalMs: 500, maxSweepIntervalMs: 500 },
      });
      io.out(`Emulated workspace at ${emulator.url}; the run log is ${state}\n`);

      io.out("1. The seed's job files, loaded as they are (Data_Load_Job fails once and is retried):");
      await runShown(engine, await loadPipeline(join(dir, 'seed-jobs'), { name: 'seed' }), io, (p) => engine.run(p));

      io.out('\n2. nightly-etl: load fails twice, its half-written Delta table is restored, an alert goes out:');
      const nightly = await loadPipeline(join(dir, 'nightly.yml'), { params: { day: '2026-11-30' }, env: {} });
      const failed = await runShown(engine, nightly, io, (p) => engine.run(p));
      const rollback = failed.jobs.get('load')?.rollback?.tables[0];
      io.out(
        `   rollback of ${rollback?.table}: ${rollback?.status} from version ${rollback?.fromVersion} to ${rollback?.toVersion}`,
      );
      io.out(
        `   main.etl.orders now holds ids ${emulator
          .table('main.etl.orders')
          .map((row) => row.id)
          .join(', ')}`,
      );
      io.out(`\n   Resuming ${failed.runId}: extract is kept, load runs again from the restored table:`);
      await runShown(engine, nightly, io, (p) => engine.resume(p, failed.runId));

      io.out('\n3. The A/B/C/D graph: B after A, C beside them, D after B:');
      await runShown(engine, await loadPipeline(join(dir, 'abcd.yml'), { env: {} }), io, (p) => engine.run(p));

      const runs = await engine.store.listRuns({ limit: 10 });
      io.out(
        `\nThe run log:\n${table(
          ['RUN ID', 'PIPELINE', 'STATUS', 'STARTED', 'ENDED'],
          runs.map((r) => [r.runId, r.pipelineName, r.status, when(r.startedAt), when(r.endedAt)]),
        )}`,
      );
      const out = (values.out as string | undefined) ?? 'brickwork-demo-report.html';
      await writeFile(out, renderRunReport({ history: await engine.store.history(failed.runId), pipeline: nightly }));
      io.out(`\nWrote the report of ${failed.runId} to ${out} — open it in a browser.`);
      return EXIT.ok;
    } finally {
      await emulator.stop();
    }
  },
};

async function runShown(
  engine: Engine,
  pipeline: Pipeline,
  io: CliIo,
  start: (p: Pipeline) => Promise<RunResult>,
): Promise<RunResult> {
  // Plain lines even on a terminal: alerts and the story are printed between them.
  const stop = showProgress(engine, pipeline, { ...io, interactive: false });
  try {
    const result = await start(pipeline);
    io.out(`   → ${result.pipeline} ${result.status} in ${Math.round(result.durationMs / 100) / 10}s (run ${result.runId})`);
    return result;
  } finally {
    stop();
  }
}
