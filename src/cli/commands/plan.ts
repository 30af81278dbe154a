import { parseCommand } from '../cli-args.js';
import { engineFromEnv } from '../cli-engine.js';
import { EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS, loadFromArgs } from '../load-from-args.js';
import { table } from '../table.js';
import { HELP } from '../usage.js';

/** `brickwork plan <file...> [--resume <run-id>]`. */
export const planCommand: Command = {
  ...HELP.plan,
  async run(args, io) {
    const { values, positionals } = parseCommand(
      'plan',
      args,
      { ...LOAD_OPTIONS, resume: { type: 'string' } },
      { min: 1, max: Number.POSITIVE_INFINITY },
    );
    const { pipeline } = await loadFromArgs(positionals, values, io);
    const resume = values.resume as string | undefined;
    const plan = await engineFromEnv(io.env).plan(pipeline, resume === undefined ? {} : { resume });
    if (values.json) {
      io.out(JSON.stringify({ ...plan, jobs: Object.fromEntries(plan.jobs) }, null, 2));
      return EXIT.ok;
    }
    const rows = [...plan.jobs].map(([key, job]) => [
      key,
      job.action === 'reattach' || job.action === 'repair' ? `${job.action} run ${job.databricksRunId}` : job.action,
      String(job.attempt),
      job.after.join(', ') || '-',
      job.restoresTo?.map((t) => `${t.table}@${t.version ?? 'new'}`).join(', ') ?? '-',
    ]);
    const first = plan.finishesRestores.length
      ? `\nFirst finishes the interrupted restore of: ${plan.finishesRestores.join(', ')}`
      : '';
    io.out(
      `${resume ? `Resuming ${resume}` : 'A new run'} of '${plan.pipeline}':\n${table(['JOB', 'ACTION', 'ATTEMPT', 'AFTER', 'RESTORES TO'], rows)}${first}`,
    );
    return EXIT.ok;
  },
};
