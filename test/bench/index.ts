/**
 * `npm run bench`: builds the package, then prints one JSON document with every benchmark.
 * Run with --expose-gc so heap baselines are taken after a full collection.
 */
import { cpus } from 'node:os';
import { buildTime } from './build.js';
import { makespans } from './makespan.js';
import { overhead } from './overhead.js';
import { polling } from './polling.js';
import { startup } from './startup.js';

const quick = process.argv.includes('--quick');
const report = {
  node: process.version,
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  date: new Date().toISOString(),
  overhead: [await overhead(10_000, quick ? 3 : 15), await overhead(100_000, quick ? 1 : 5)],
  makespan: await makespans(20, 200, 8),
  build: buildTime(100_000, quick ? 3 : 5),
  polling: await polling(),
  startup: startup(quick ? 5 : 15),
};
console.log(JSON.stringify(report, null, 2));
