import { parseCommand } from '../cli-args.js';
import { EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS, loadFromArgs } from '../load-from-args.js';
import { HELP } from '../usage.js';

/** `brickwork validate <file...>`. */
export const validateCommand: Command = {
  ...HELP.validate,
  async run(args, io) {
    const { values, positionals } = parseCommand('validate', args, LOAD_OPTIONS, { min: 1, max: Number.POSITIVE_INFINITY });
    const { pipeline } = await loadFromArgs(positionals, values, io);
    if (values.json) io.out(JSON.stringify({ valid: true, pipeline: pipeline.name, jobs: pipeline.order }));
    else io.out(`✔ pipeline '${pipeline.name}' is valid: ${pipeline.order.length} jobs (${pipeline.order.join(' → ')})`);
    return EXIT.ok;
  },
};
