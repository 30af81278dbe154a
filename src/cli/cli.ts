import { BrickworkError, ErrorCode } from '../index.js';
import { type CliIo, EXIT, UsageError } from './cli-io.js';
import type { Command } from './command.js';
import { demoCommand } from './commands/demo.js';
import { emulatorCommand } from './commands/emulator.js';
import { graphCommand } from './commands/graph.js';
import { planCommand } from './commands/plan.js';
import { recoverCommand } from './commands/recover.js';
import { reportCommand } from './commands/report.js';
import { resumeCommand, runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { quickAnswer, USAGE } from './usage.js';

const COMMANDS: readonly Command[] = [
  runCommand,
  resumeCommand,
  recoverCommand,
  statusCommand,
  planCommand,
  graphCommand,
  validateCommand,
  reportCommand,
  demoCommand,
  emulatorCommand,
];

/** Errors that mean "fix your input or configuration": exit 2. */
const CONFIGURATION = new Set<string>([
  ErrorCode.ConfigInvalid,
  ErrorCode.PipelineInvalid,
  ErrorCode.InvalidOptions,
  ErrorCode.DatabricksConfig,
  ErrorCode.UnknownRun,
  ErrorCode.PipelineChanged,
  ErrorCode.LeaseHeld,
]);

/** Runs `brickwork` with `args`; resolves to the exit code (0, 1, 2 or 130). */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const quick = quickAnswer(args);
  if (quick) {
    (quick.toErr ? io.err : io.out)(quick.text);
    return quick.code;
  }
  const [name, ...rest] = args;
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`brickwork: unknown command '${name}'\n\n${USAGE}`);
    return EXIT.usage;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`brickwork ${error.message}\n\n${command.usage}`);
      return EXIT.usage;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`brickwork ${name}: ${message}`);
    return error instanceof BrickworkError && CONFIGURATION.has(error.code) ? EXIT.usage : EXIT.failed;
  }
}
