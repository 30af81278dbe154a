import { resolve } from 'node:path';
import { loadPipeline, type Pipeline } from '../index.js';
import { paramsOf } from './cli-args.js';
import type { CliIo } from './cli-io.js';

/** The options of commands that load pipeline files. */
export const LOAD_OPTIONS = {
  param: { type: 'string', multiple: true, short: 'p' },
  name: { type: 'string' },
} as const;

/** The pipeline of the files, with `--param` and `--name`. */
export async function loadFromArgs(
  files: readonly string[],
  values: Readonly<Record<string, unknown>>,
  io: CliIo,
): Promise<{ pipeline: Pipeline; files: string[]; params: Record<string, string> }> {
  const params = paramsOf(values.param as string[] | undefined);
  const name = values.name as string | undefined;
  // Problems name the files as given; the log keeps absolute paths for `resume`.
  const pipeline = await loadPipeline(files, { params, env: io.env, ...(name ? { name } : {}) });
  return { pipeline, files: files.map((file) => resolve(file)), params };
}
