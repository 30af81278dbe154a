import type { Engine, Pipeline, RunResult } from '../../index.js';
import { parseCommand } from '../cli-args.js';
import { engineFromEnv } from '../cli-engine.js';
import { type CliIo, EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS, loadFromArgs } from '../load-from-args.js';
import { showProgress } from '../progress.js';
import { recordedPipeline } from '../recorded-pipeline.js';
import { table, when } from '../table.js';
import { HELP } from '../usage.js';

/** `brickwork run <file...>`. */
export const runCommand: Command = {
  ...HELP.run,
  async run(args, io) {
    const { values, positionals } = parseCommand(
      'run',
      args,
      { ...LOAD_OPTIONS, 'run-id': { type: 'string' } },
      { min: 1, max: Number.POSITIVE_INFINITY },
    );
    const { pipeline, files, params } = await loadFromArgs(positionals, values, io);
    const engine = engineFromEnv(io.env);
    const runId = values['run-id'] as string | undefined;
    const annotations = {
      files: JSON.stringify(files),
      params: JSON.stringify(params),
      ...(values.name ? { name: String(values.name) } : {}),
    };
    return execute(engine, pipeline, io, Boolean(values.json), (signal) =>
      engine.run(pipeline, { signal, annotations, ...(runId ? { runId } : {}) }),
    );
  },
};

/** `brickwork resume <run-id>`. */
export const resumeCommand: Command = {
  ...HELP.resume,
  async run(args, io) {
    const { values, positionals } = parseCommand(
      'resume',
      args,
      {
        ...LOAD_OPTIONS,
        file: { type: 'string', multiple: true, short: 'f' },
        'allow-changed': { type: 'boolean' },
        wait: { type: 'boolean' },
      },
      { min: 1, max: 1 },
    );
    const runId = positionals[0] as string;
    const engine = engineFromEnv(io.env);
    const pipeline = await recordedPipeline(engine, runId, values, io);
    const allowChanged = Boolean(values['allow-changed']);
    return execute(engine, pipeline, io, Boolean(values.json), (signal) =>
      engine.resume(pipeline, runId, { signal, allowChanged, waitForLease: Boolean(values.wait) }),
    );
  },
};

/** Runs with progress and Ctrl-C handling; prints the outcome and says how to resume. */
async function execute(
  engine: Engine,
  pipeline: Pipeline,
  io: CliIo,
  json: boolean,
  start: (signal: AbortSignal) => Promise<RunResult>,
): Promise<number> {
  const controller = new AbortController();
  let interrupted = false;
  const stopListening = io.onInterrupt(() => {
    interrupted = true;
    io.err('\nInterrupted: canceling the in-flight jobs (and their Databricks runs)…');
    controller.abort(new Error('interrupted (Ctrl-C)'));
  });
  const stopProgress = showProgress(engine, pipeline, io);
  let result: RunResult;
  try {
    result = await start(controller.signal);
  } finally {
    stopProgress();
    stopListening();
  }
  if (json) io.out(JSON.stringify({ ...result, jobs: Object.fromEntries(result.jobs) }, null, 2));
  else io.out(summary(result));
  if (result.status !== 'success') io.err(`Resume with: brickwork resume ${result.runId}`);
  if (interrupted) return EXIT.interrupted;
  return result.status === 'success' ? EXIT.ok : EXIT.failed;
}

function summary(result: RunResult): string {
  const rows = [...result.jobs.values()].map((job) => [
    job.key,
    job.status,
    String(job.attempts.length),
    job.durationMs === undefined ? '-' : `${Math.round(job.durationMs / 1000)}s`,
    job.attempts.at(-1)?.runPageUrl ?? '-',
    job.error ? `${job.error.class}: ${job.error.message}` : (job.reason ?? ''),
  ]);
  const head = `Run ${result.runId} of '${result.pipeline}' ${result.status} (${when(result.startedAt)} → ${when(result.endedAt)})`;
  return `${head}\n${table(['JOB', 'STATUS', 'ATTEMPTS', 'TIME', 'DATABRICKS RUN', 'ERROR'], rows)}`;
}
