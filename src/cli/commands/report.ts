import { writeFile } from 'node:fs/promises';
import { type Pipeline, renderRunReport } from '../../index.js';
import { parseCommand } from '../cli-args.js';
import { engineFromEnv } from '../cli-engine.js';
import { EXIT, UsageError } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS } from '../load-from-args.js';
import { recordedPipeline } from '../recorded-pipeline.js';
import { HELP } from '../usage.js';

/** `brickwork report <run-id> --out report.html`. */
export const reportCommand: Command = {
  ...HELP.report,
  async run(args, io) {
    const { values, positionals } = parseCommand(
      'report',
      args,
      { ...LOAD_OPTIONS, out: { type: 'string', short: 'o' }, file: { type: 'string', multiple: true, short: 'f' } },
      { min: 1, max: 1 },
    );
    const runId = positionals[0] as string;
    const engine = engineFromEnv(io.env);
    const history = await engine.store.history(runId);
    if (history.length === 0) throw new UsageError(`report: the metadata log has no run '${runId}' (see brickwork status)`);
    let pipeline: Pipeline | undefined;
    try {
      pipeline = await recordedPipeline(engine, runId, values, io);
    } catch (error) {
      io.err(`brickwork report: no graph (${(error as Error).message})`);
    }
    const out = (values.out as string | undefined) ?? `report-${runId}.html`;
    await writeFile(out, renderRunReport({ history, ...(pipeline ? { pipeline } : {}) }));
    io.out(`Wrote ${out}`);
    return EXIT.ok;
  },
};
