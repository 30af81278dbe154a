#!/usr/bin/env node
/**
 * The `brickwork` command. Everything it does goes through the public API; see `cli.ts`.
 * @module
 */
import { quickAnswer } from './usage.js';

const args = process.argv.slice(2);
// Help and the version without loading the engine.
const quick = quickAnswer(args);
if (quick) {
  (quick.toErr ? process.stderr : process.stdout).write(`${quick.text}\n`);
  process.exitCode = quick.code;
} else {
  const { runCli } = await import('./cli.js');
  process.exitCode = await runCli(args, {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    interactive: process.stderr.isTTY === true,
    env: process.env,
    onInterrupt: (handler) => {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  });
}
