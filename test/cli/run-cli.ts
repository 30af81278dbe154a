import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** A `brickwork` process running from the sources (as the built bin would), not on a terminal. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves to the exit code. */
  readonly exited: Promise<number>;
  /** Resolves once stderr contains `text`. */
  waitFor(text: string | RegExp): Promise<void>;
}

/** Starts `brickwork ...args` with `env` added to a clean environment. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: mkdtempSync(join(tmpdir(), 'brickwork-home-')), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const cli: CliProcess = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))),
    waitFor: (text) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (typeof text === 'string' ? cli.stderr.includes(text) : text.test(cli.stderr)) resolve();
        };
        child.stderr?.on('data', check);
        child.on('exit', () => reject(new Error(`exited before printing ${text}:\n${cli.stderr}`)));
        check();
      }),
  };
  child.stdout?.on('data', (chunk: Buffer) => (cli.stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (cli.stderr += chunk.toString()));
  return cli;
}

/** Runs `brickwork ...args` to its end. */
export async function cli(args: readonly string[], env: Record<string, string> = {}) {
  const process = startCli(args, env);
  const code = await process.exited;
  return { code, stdout: process.stdout, stderr: process.stderr };
}
