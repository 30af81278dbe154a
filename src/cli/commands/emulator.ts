import { readFile } from 'node:fs/promises';
import { type EmulatorOptions, startEmulator } from '../../testing.js';
import { parseCommand } from '../cli-args.js';
import { EXIT, UsageError } from '../cli-io.js';
import type { Command } from '../command.js';

/** `brickwork emulator`. */
export const emulatorCommand: Command = {
  name: 'emulator',
  summary: 'start a local Databricks workspace emulator (Jobs API, SQL warehouse, Delta tables)',
  usage: `usage: brickwork emulator [--port N] [--time-scale X] [--config emulator.json] [--token T]

Prints DATABRICKS_HOST, DATABRICKS_TOKEN and BRICKWORK_SQL_WAREHOUSE lines to put in the
environment of brickwork commands, and runs until interrupted.

      --port N             port on 127.0.0.1 (default: a free one)
      --time-scale X       emulated milliseconds per real one (default 1)
      --config FILE        JSON of the emulator's options: jobs, tables, faults, warehouseId…
      --token T            the personal access token to accept`,
  async run(args, io) {
    const { values } = parseCommand(
      'emulator',
      args,
      { port: { type: 'string' }, 'time-scale': { type: 'string' }, config: { type: 'string' }, token: { type: 'string' } },
      { min: 0, max: 0 },
    );
    const port = Number(values.port ?? 0);
    const timeScale = Number(values['time-scale'] ?? 1);
    if (!Number.isInteger(port) || port < 0) throw new UsageError(`emulator: --port must be a port number, got '${values.port}'`);
    if (!(timeScale > 0)) throw new UsageError(`emulator: --time-scale must be positive, got '${values['time-scale']}'`);
    let config: EmulatorOptions = {};
    if (values.config) {
      try {
        config = JSON.parse(await readFile(String(values.config), 'utf8')) as EmulatorOptions;
      } catch (error) {
        throw new UsageError(`emulator: cannot read --config ${values.config}: ${(error as Error).message}`);
      }
    }
    const emulator = await startEmulator({
      ...config,
      port,
      timeScale,
      ...(values.token ? { token: String(values.token) } : {}),
    });
    io.out(
      `DATABRICKS_HOST=${emulator.url}\nDATABRICKS_TOKEN=${emulator.token}\nBRICKWORK_SQL_WAREHOUSE=${emulator.warehouseId}`,
    );
    await new Promise<void>((resolve) => {
      const stop = io.onInterrupt(() => {
        stop();
        resolve();
      });
    });
    await emulator.stop();
    return EXIT.ok;
  },
};
