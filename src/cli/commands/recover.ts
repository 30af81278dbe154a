import { setTimeout as sleep } from 'node:timers/promises';
import type { RunResult, RunSummary } from '../../index.js';
import { parseCommand } from '../cli-args.js';
import { engineFromEnv } from '../cli-engine.js';
import { EXIT, UsageError } from '../cli-io.js';
import type { Command } from '../command.js';
import { recordedPipeline } from '../recorded-pipeline.js';
import { table, when } from '../table.js';
import { HELP } from '../usage.js';

/** `brickwork recover [--watch] [--interval SECONDS] [--concurrency N]`. */
export const recoverCommand: Command = {
  ...HELP.recover,
  async run(args, io) {
    const { values } = parseCommand(
      'recover',
      args,
      { watch: { type: 'boolean' }, interval: { type: 'string' }, concurrency: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const intervalSeconds = positiveNumber('--interval', values.interval, 30);
    const concurrency = positiveNumber('--concurrency', values.concurrency, 4);
    const engine = engineFromEnv(io.env);
    const controller = new AbortController();
    const stopListening = io.onInterrupt(() => {
      io.err('\nInterrupted: canceling the runs being recovered (they stay resumable)…');
      controller.abort(new Error('interrupted'));
    });
    engine.on('run:recovered', (e) => io.err(`${when(e.time)} recovered run ${e.runId} of '${e.pipeline}': ${e.result.status}`));
    const skipped = new Set<string>();
    // Each unfinished run resumes with the files and parameters it recorded; one that did
    // not record them (started through the SDK) is said once and left alone.
    const pipelineOf = async (run: RunSummary) => {
      try {
        return await recordedPipeline(engine, run.runId, {}, io);
      } catch (error) {
        if (!skipped.has(run.runId)) io.err(`skipping run ${run.runId} of '${run.pipelineName}': ${(error as Error).message}`);
        skipped.add(run.runId);
        return undefined;
      }
    };
    const results: RunResult[] = [];
    try {
      for (;;) {
        try {
          results.push(...(await engine.recover({ pipelines: pipelineOf, concurrency, signal: controller.signal })));
        } catch (error) {
          if (!values.watch) throw error;
          io.err(`recover: ${(error as Error).message}; trying again in ${intervalSeconds}s`);
        }
        if (!values.watch || controller.signal.aborted) break;
        await sleep(intervalSeconds * 1000, undefined, { signal: controller.signal }).catch(() => undefined);
        if (controller.signal.aborted) break;
      }
    } finally {
      stopListening();
    }
    if (values.json) io.out(JSON.stringify(results.map((result) => ({ ...result, jobs: Object.fromEntries(result.jobs) }))));
    else if (results.length === 0) io.out('Nothing to recover: no unfinished run is free to resume.');
    else
      io.out(
        table(
          ['RUN', 'PIPELINE', 'STATUS'],
          results.map((result) => [result.runId, result.pipeline, result.status]),
        ),
      );
    if (controller.signal.aborted) return EXIT.interrupted;
    return results.every((result) => result.status === 'success') ? EXIT.ok : EXIT.failed;
  },
};

function positiveNumber(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!(number > 0) || !Number.isFinite(number))
    throw new UsageError(`recover: ${option} must be a positive number, got '${value}'`);
  return number;
}
