import { readFile } from 'node:fs/promises';
import { type EmulatorOptions, startEmulator } from '../../testing.js';
import { parseCommand } from '../cli-args.js';
import { EXIT, UsageError } from '../cli-io.js';
import type { Command } from '../command.js';
import { HELP } from '../usage.js';

/** `brickwork emulator`. */
export const emulatorCommand: Command = {
  ...HELP.emulator,
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
