/**
 * Starts the workspace emulator from the command line, for trying brickwork by hand:
 *
 *   npm run emulator -- --port 8123 --jobs jobs.json --time-scale 60
 *
 * `jobs.json` holds an array of scripted jobs (`{ "name": …, "durationMs": …, "outcomes": […] }`).
 * Prints the URL and token as `DATABRICKS_HOST=…` / `DATABRICKS_TOKEN=…` lines and runs
 * until interrupted.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ScriptedJob } from './emulator-options.js';
import { startEmulator } from './start-emulator.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    jobs: { type: 'string' },
    'time-scale': { type: 'string', default: '1' },
    token: { type: 'string' },
  },
});
const port = Number(values.port);
const timeScale = Number(values['time-scale']);
if (!Number.isInteger(port) || port < 0 || !(timeScale > 0)) {
  console.error('usage: emulator [--port N] [--jobs jobs.json] [--time-scale X] [--token T]');
  process.exit(2);
}
const jobs = values.jobs === undefined ? [] : (JSON.parse(readFileSync(values.jobs, 'utf8')) as ScriptedJob[]);
const emulator = await startEmulator({ port, timeScale, jobs, ...(values.token ? { token: values.token } : {}) });
console.log(`DATABRICKS_HOST=${emulator.url}`);
console.log(`DATABRICKS_TOKEN=${emulator.token}`);
const stop = () => void emulator.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
