import { parseCommand } from '../cli-args.js';
import { EXIT, UsageError } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS, loadFromArgs } from '../load-from-args.js';
import { HELP } from '../usage.js';

/** `brickwork graph <file...> --format mermaid|dot`. */
export const graphCommand: Command = {
  ...HELP.graph,
  async run(args, io) {
    const { values, positionals } = parseCommand(
      'graph',
      args,
      { ...LOAD_OPTIONS, format: { type: 'string' } },
      { min: 1, max: Number.POSITIVE_INFINITY },
    );
    const format = (values.format as string | undefined) ?? 'mermaid';
    if (format !== 'mermaid' && format !== 'dot') throw new UsageError(`graph: --format must be mermaid or dot, got '${format}'`);
    const { pipeline } = await loadFromArgs(positionals, values, io);
    io.out(format === 'dot' ? pipeline.toDot() : pipeline.toMermaid());
    return EXIT.ok;
  },
};
