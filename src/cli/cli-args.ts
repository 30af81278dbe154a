import { parseArgs } from 'node:util';
import { UsageError } from './cli-io.js';

/** Options every command understands. */
const COMMON = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const;

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/** A command's parsed arguments. */
export interface ParsedCommand {
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly positionals: readonly string[];
}

/** Parses a command's arguments; unknown options and wrong counts are {@link UsageError}s. */
export function parseCommand(
  command: string,
  args: readonly string[],
  options: OptionSpec,
  positionals: { readonly min: number; readonly max: number },
): ParsedCommand {
  let parsed: ParsedCommand;
  try {
    parsed = parseArgs({ args: [...args], options: { ...COMMON, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
  const count = parsed.positionals.length;
  if (!parsed.values.help && (count < positionals.min || count > positionals.max)) {
    throw new UsageError(
      `${command}: expected ${positionals.min === positionals.max ? positionals.min : `${positionals.min}–${positionals.max}`} argument(s), got ${count}`,
    );
  }
  return parsed;
}

/** `--param name=value` options as a record. */
export function paramsOf(values: readonly string[] | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const item of values ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new UsageError(`--param needs name=value, got '${item}'`);
    params[item.slice(0, at)] = item.slice(at + 1);
  }
  return params;
}
