/**
 * (e) Start-up cost: a fresh `node` importing the built package (ESM and CJS), and the
 * command answering `--help`, against `node -e 0` measured in the same run. Median of
 * `rounds` processes each; ratios against the bare process. Target: import ≤ 2.5×.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function medianMs(args: readonly string[], rounds: number): number {
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const { status, stderr } = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    times.push(performance.now() - started);
    if (status !== 0) throw new Error(`node ${args.join(' ')} failed: ${stderr}`);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)] as number);
}

/** Start-up times of the built package, and their ratios to a bare `node -e 0`. */
export function startup(rounds: number) {
  const bare = medianMs(['-e', '0'], rounds);
  const esm = medianMs(['--input-type=module', '-e', "await import('./dist/index.js')"], rounds);
  const cjs = medianMs(['-e', "require('./dist/index.cjs')"], rounds);
  const help = medianMs(['dist/cli.js', '--help'], rounds);
  const ratio = (ms: number) => Math.round((ms / bare) * 100) / 100;
  return {
    rounds,
    bareNodeMs: bare,
    importEsmMs: esm,
    requireCjsMs: cjs,
    cliHelpMs: help,
    ratio: { importEsm: ratio(esm), requireCjs: ratio(cjs), cliHelp: ratio(help) },
  };
}
