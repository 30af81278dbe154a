import { parseCommand } from '../cli-args.js';
import { engineFromEnv } from '../cli-engine.js';
import { EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { LOAD_OPTIONS, LOAD_USAGE, loadFromArgs } from '../load-from-args.js';
import { table } from '../table.js';

/** `brickwork plan <file...> [--resume <run-id>]`. */
export const planCommand: Command = {
  name: 'plan',
  summary: 'show what a run (or a resume) would run, keep, re-attach or restore',
  usage: `usage: brickwork plan <file|dir>... [--resume RUN_ID] [options]

Shows, job by job in order, what \`run\` would do — or \`resume RUN_ID\`, read from the log:
run (from which attempt), keep (succeeded), reattach (watch the recorded Databricks run),
repeat (same attempt, same idempotency token), and the table versions a failure restores.

${LOAD_USAGE}
      --resume RUN_ID      plan the resume of this run
      --json               print the plan as JSON`,
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
      job.action === 'reattach' ? `reattach run ${job.databricksRunId}` : job.action,
      String(job.attempt),
      job.after.join(', ') || '-',
      job.restoresTo?.map((t) => `${t.table}@${t.version ?? 'new'}`).join(', ') ?? '-',
    ]);
    io.out(
      `${resume ? `Resuming ${resume}` : 'A new run'} of '${plan.pipeline}':\n${table(['JOB', 'ACTION', 'ATTEMPT', 'AFTER', 'RESTORES TO'], rows)}`,
    );
    return EXIT.ok;
  },
};
