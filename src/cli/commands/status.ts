import { parseCommand } from '../cli-args.js';
import { engineFromEnv } from '../cli-engine.js';
import { EXIT, UsageError } from '../cli-io.js';
import type { Command } from '../command.js';
import { table, when } from '../table.js';
import { HELP } from '../usage.js';

/** `brickwork status [run-id]`. */
export const statusCommand: Command = {
  ...HELP.status,
  async run(args, io) {
    const { values, positionals } = parseCommand('status', args, { limit: { type: 'string' } }, { min: 0, max: 1 });
    const engine = engineFromEnv(io.env);
    const runId = positionals[0];
    if (runId === undefined) {
      const limit = Number(values.limit ?? 20);
      if (!Number.isInteger(limit) || limit < 1)
        throw new UsageError(`status: --limit must be a positive integer, got '${values.limit}'`);
      const runs = await engine.store.listRuns({ limit });
      if (values.json) io.out(JSON.stringify(runs, null, 2));
      else if (runs.length === 0) io.out('No runs recorded yet.');
      else
        io.out(
          table(
            ['RUN ID', 'PIPELINE', 'STATUS', 'STARTED', 'ENDED'],
            runs.map((r) => [r.runId, r.pipelineName, r.status, when(r.startedAt), when(r.endedAt)]),
          ),
        );
      return EXIT.ok;
    }
    const report = await engine.status(runId);
    if (values.json) {
      io.out(JSON.stringify({ ...report, jobs: Object.fromEntries(report.jobs) }, null, 2));
      return EXIT.ok;
    }
    const rows = [...report.jobs].map(([key, job]) => [
      key,
      job.status,
      job.event,
      String(job.attempt),
      when(job.updatedAt),
      job.runPageUrl ?? (job.databricksRunId === null ? '-' : String(job.databricksRunId)),
      job.errorMessage ?? '',
    ]);
    io.out(
      `Run ${report.runId} of '${report.pipeline}': ${report.status}\n${table(['JOB', 'STATUS', 'EVENT', 'ATTEMPT', 'UPDATED', 'DATABRICKS RUN', 'ERROR'], rows)}`,
    );
    return EXIT.ok;
  },
};
