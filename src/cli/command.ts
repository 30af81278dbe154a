import type { CliIo } from './cli-io.js';

/** One `brickwork` command. */
export interface Command {
  readonly name: string;
  /** One line for `brickwork --help`. */
  readonly summary: string;
  /** Its own `--help` text. */
  readonly usage: string;
  /** Runs it; resolves to the exit code. */
  run(args: readonly string[], io: CliIo): Promise<number>;
}
