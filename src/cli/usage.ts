/**
 * Every command's name, summary and help text, and `--help`/`--version` answered without
 * loading the engine: `main.ts` imports only this module for them.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The options `--param` and `--name` of every command that loads pipeline files. */
export const LOAD_USAGE = `  -p, --param name=value   value of \${name} in the files (repeatable; else the environment)
      --name NAME          pipeline name for the seed's job files`;

/** What `brickwork <name> --help` prints, and its line in `brickwork --help`. */
export interface CommandHelp {
  readonly name: string;
  /** One line for `brickwork --help`. */
  readonly summary: string;
  /** Its own `--help` text. */
  readonly usage: string;
}

/** The help of each command, by name. */
export const HELP = {
  run: {
    name: 'run',
    summary: 'run a pipeline, with live progress',
    usage: `usage: brickwork run <file|dir>... [options]

Runs the pipeline on Databricks (DATABRICKS_HOST and DATABRICKS_TOKEN, or a ~/.databrickscfg
profile) and records it in the metadata log (.brickwork/state.db unless configured).
Ctrl-C cancels the in-flight Databricks runs, records the run as canceled and prints the
command that resumes it. Exit 0 success, 1 failed, 2 usage or configuration, 130 interrupted.

${LOAD_USAGE}
      --run-id ID          id of the new run (default: time-based)
      --json               print the RunResult as JSON on stdout`,
  },
  resume: {
    name: 'resume',
    summary: 'continue a failed, canceled or crashed run',
    usage: `usage: brickwork resume <run-id> [options]

Continues the run from the log: succeeded jobs are kept, recorded Databricks runs are
re-attached, the rest runs again. The pipeline files and --param values the run started
with are read from the log; pass them again to override.

  -f, --file FILE          pipeline file or directory (repeatable)
${LOAD_USAGE}
      --allow-changed      resume even though the pipeline changed since the run started
      --wait               wait while another live process holds the run (it says who, and until when)
      --json               print the RunResult as JSON on stdout`,
  },
  recover: {
    name: 'recover',
    summary: 'resume every unfinished run that no live process drives (after a restart)',
    usage: `usage: brickwork recover [--watch] [options]

Resumes every run of the metadata log that did not finish and whose lease is free, expired
or held by a process that is gone, each with the pipeline files and --param values it was
started with (runs started through the SDK, which record no files, are skipped and said).
Several processes may recover at once: each run is driven by one. Exit 0 when every
recovered run succeeded (or there was none), 1 otherwise, 130 interrupted.

      --watch              keep recovering, every --interval seconds, until interrupted
      --interval SECONDS   time between passes with --watch (default 30)
      --concurrency N      runs resumed at once (default 4)
      --json               print the RunResults as JSON on stdout`,
  },
  status: {
    name: 'status',
    summary: 'list runs, or show where one run stands',
    usage: `usage: brickwork status [run-id] [--limit N] [--json]

Without a run id: the latest runs of the metadata log. With one: each job's newest row.

      --limit N            runs to list (default 20)
      --json               print JSON`,
  },
  plan: {
    name: 'plan',
    summary: 'show what a run (or a resume) would run, keep, re-attach or restore',
    usage: `usage: brickwork plan <file|dir>... [--resume RUN_ID] [options]

Shows, job by job in order, what \`run\` would do — or \`resume RUN_ID\`, read from the log:
run (from which attempt), keep (succeeded), reattach (watch the recorded Databricks run),
repeat (same attempt, same idempotency token), and the table versions a failure restores.

${LOAD_USAGE}
      --resume RUN_ID      plan the resume of this run
      --json               print the plan as JSON`,
  },
  graph: {
    name: 'graph',
    summary: 'print the job graph as Mermaid or Graphviz dot',
    usage: `usage: brickwork graph <file|dir>... [--format mermaid|dot] [options]

${LOAD_USAGE}
      --format FORMAT      mermaid (default) or dot`,
  },
  validate: {
    name: 'validate',
    summary: 'check pipeline files and list every problem',
    usage: `usage: brickwork validate <file|dir>... [options]

Checks pipeline files (brickwork YAML, the seed's job files or a directory of them) and
lists every problem with file:line:column. Exit 0 when valid, 2 otherwise.

${LOAD_USAGE}
      --json               print { valid, pipeline, jobs } as JSON`,
  },
  report: {
    name: 'report',
    summary: 'write a self-contained HTML report of a run (graph, timeline, errors, checks, rollbacks)',
    usage: `usage: brickwork report <run-id> [--out report.html] [options]

Writes one HTML file that needs no network to view: the graph coloured by status, a
timeline of every attempt, errors, check results and rollbacks. The pipeline files the run
started with are read from the log (for the graph); pass --file to use others.

  -o, --out FILE           where to write (default report-<run-id>.html)
  -f, --file FILE          pipeline file or directory (repeatable)
${LOAD_USAGE}`,
  },
  demo: {
    name: 'demo',
    summary: 'run the seed’s pipelines on a local emulator: retries, a rollback, alerts, resume, report',
    usage: `usage: brickwork demo [--out report.html]

Starts a local Databricks emulator and, with the embedded SQLite log, runs the seed's job
files (a job failing and retrying), a pipeline that fails, restores the Delta table it
half-wrote, alerts, and is resumed to success, and the A/B/C/D graph. Prints the status
table and writes an HTML report. Needs no account, configuration or network.

  -o, --out FILE           where to write the report (default brickwork-demo-report.html)`,
  },
  emulator: {
    name: 'emulator',
    summary: 'start a local Databricks workspace emulator (Jobs API, SQL warehouse, Delta tables)',
    usage: `usage: brickwork emulator [--port N] [--time-scale X] [--config emulator.json] [--token T]

Prints DATABRICKS_HOST, DATABRICKS_TOKEN and BRICKWORK_SQL_WAREHOUSE lines to put in the
environment of brickwork commands, and runs until interrupted.

      --port N             port on 127.0.0.1 (default: a free one)
      --time-scale X       emulated milliseconds per real one (default 1)
      --config FILE        JSON of the emulator's options: jobs, tables, faults, warehouseId…
      --token T            the personal access token to accept`,
  },
} as const satisfies Record<string, CommandHelp>;

/** `brickwork --help`. */
export const USAGE = `usage: brickwork <command> [options]

Runs a graph of Databricks jobs with retries, resume, alerts, Delta rollback and checks.

commands:
${Object.values(HELP)
  .map((c) => `  ${c.name.padEnd(10)} ${c.summary}`)
  .join('\n')}

Run 'brickwork <command> --help' for a command's options, 'brickwork --version' for the version.`;

/** What to print for `args` when it only asks for help or the version; `undefined` otherwise. */
export function quickAnswer(
  args: readonly string[],
): { readonly text: string; readonly code: 0 | 2; readonly toErr: boolean } | undefined {
  const [name, ...rest] = args;
  if (name === undefined) return { text: USAGE, code: 2, toErr: true };
  if (name === '--help' || name === '-h' || name === 'help') return { text: USAGE, code: 0, toErr: false };
  if (name === '--version' || name === '-v') return { text: version(), code: 0, toErr: false };
  const command = (HELP as Record<string, CommandHelp>)[name];
  if (command && (rest.includes('--help') || rest.includes('-h'))) return { text: command.usage, code: 0, toErr: false };
  return undefined;
}

/** The version in brickwork's package.json (found from this file, in src/ or dist/). */
function version(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'brickwork') return manifest.version ?? 'unknown';
  }
  return 'unknown';
}
