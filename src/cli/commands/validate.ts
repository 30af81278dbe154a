import { parseCommand } from '../cli-args.js';
import { EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS, LOAD_USAGE, loadFromArgs } from '../load-from-args.js';

/** `brickwork validate <file...>`. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check pipeline files and list every problem',
  usage: `usage: brickwork validate <file|dir>... [options]

Checks pipeline files (brickwork YAML, the seed's job files or a directory of them) and
lists every problem with file:line:column. Exit 0 when valid, 2 otherwise.

${LOAD_USAGE}
      --json               print { valid, pipeline, jobs } as JSON`,
  async run(args, io) {
    const { values, positionals } = parseCommand('validate', args, LOAD_OPTIONS, { min: 1, max: Number.POSITIVE_INFINITY });
    const { pipeline } = await loadFromArgs(positionals, values, io);
    if (values.json) io.out(JSON.stringify({ valid: true, pipeline: pipeline.name, jobs: pipeline.order }));
    else io.out(`✔ pipeline '${pipeline.name}' is valid: ${pipeline.order.length} jobs (${pipeline.order.join(' → ')})`);
    return EXIT.ok;
  },
};
