import type { Engine, Pipeline } from '../index.js';
import { paramsOf } from './cli-args.js';
import { type CliIo, UsageError } from './cli-io.js';
import { loadFromArgs } from './load-from-args.js';

/**
 * The pipeline a run was started with by `brickwork run`: its files, `--param` values and
 * name are in the run's `run_started` row. `--file`, `--param` and `--name` override them.
 */
export async function recordedPipeline(
  engine: Engine,
  runId: string,
  values: Readonly<Record<string, unknown>>,
  io: CliIo,
): Promise<Pipeline> {
  const started = (await engine.store.history(runId)).find((row) => row.event === 'run_started');
  if (!started) throw new UsageError(`the metadata log has no run '${runId}' (see brickwork status)`);
  const recorded = (JSON.parse(started.details ?? '{}') as { annotations?: Record<string, string> }).annotations ?? {};
  const files = (values.file as string[] | undefined) ?? (recorded.files ? (JSON.parse(recorded.files) as string[]) : []);
  if (files.length === 0) throw new UsageError(`run '${runId}' did not record its pipeline files; pass them with --file`);
  const params = {
    ...(recorded.params ? (JSON.parse(recorded.params) as Record<string, string>) : {}),
    ...paramsOf(values.param as string[] | undefined),
  };
  const name = (values.name as string | undefined) ?? recorded.name;
  const param = Object.entries(params).map(([key, value]) => `${key}=${value}`);
  return (await loadFromArgs(files, { param, ...(name ? { name } : {}) }, io)).pipeline;
}
