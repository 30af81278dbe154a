import type { Engine, Pipeline } from '../index.js';
import type { CliIo } from './cli-io.js';

interface JobLine {
  state: string;
  attempt: string;
  startedAt: number | undefined;
  endedAt: number | undefined;
  link: string;
}

const MARKS: Readonly<Record<string, string>> = {
  pending: '·',
  queued: '◦',
  running: '▶',
  retrying: '↻',
  success: '✔',
  failed: '✖',
  skipped: '⤼',
  canceled: '■',
};

/**
 * Shows a run's progress: in a terminal, one line per job (state, attempt i/n, elapsed,
 * Databricks run link) redrawn in place; otherwise one timestamped line per event.
 * Returns the function that stops it.
 */
export function showProgress(engine: Engine, pipeline: Pipeline, io: CliIo): () => void {
  const lines = new Map<string, JobLine>(
    pipeline.order.map((key) => [key, { state: 'pending', attempt: '', startedAt: undefined, endedAt: undefined, link: '' }]),
  );
  const width = Math.max(...pipeline.order.map((key) => key.length));
  let drawn = 0;
  const draw = () => {
    if (!io.interactive) return;
    const now = Date.now();
    const text = [...lines].map(([key, line]) => {
      const elapsed = line.startedAt === undefined ? '' : `${Math.round(((line.endedAt ?? now) - line.startedAt) / 1000)}s`;
      return `${MARKS[line.state] ?? ' '} ${key.padEnd(width)}  ${line.state.padEnd(8)} ${line.attempt.padEnd(5)} ${elapsed.padStart(6)}  ${line.link}`.trimEnd();
    });
    io.err(`${drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ''}${text.join('\n')}`);
    drawn = text.length;
  };
  /** Records what happened to `job`: its line changes by `change`, or a timestamped line says `text`. */
  const report = (job: string, text: string, change?: Partial<JobLine>) => {
    const line = lines.get(job);
    if (line && change) Object.assign(line, change);
    if (io.interactive) draw();
    else io.err(`${new Date().toISOString()} ${job} ${text}`);
  };
  const offs = [
    engine.on('job:queued', (e) => report(e.job, 'queued', { state: 'queued' })),
    engine.on('job:start', (e) =>
      report(e.job, `started attempt ${e.attempt}/${e.maxAttempts}`, {
        state: 'running',
        attempt: `${e.attempt}/${e.maxAttempts}`,
        startedAt: lines.get(e.job)?.startedAt ?? Date.now(),
      }),
    ),
    engine.on('job:triggered', (e) =>
      report(e.job, `attempt ${e.attempt} is Databricks run ${e.databricksRunId}${e.runPageUrl ? ` ${e.runPageUrl}` : ''}`, {
        link: e.runPageUrl ?? `run ${e.databricksRunId}`,
      }),
    ),
    engine.on('job:attempt_failed', (e) =>
      report(
        e.job,
        `attempt ${e.attempt}/${e.maxAttempts} failed (${e.error.class}): ${e.error.message}${e.willRetry ? ' — retrying' : ''}`,
        e.willRetry ? { state: 'retrying' } : undefined,
      ),
    ),
    engine.on('job:success', (e) => report(e.job, `succeeded in ${e.durationMs} ms`, { state: 'success', endedAt: Date.now() })),
    engine.on('job:failed', (e) =>
      report(e.job, `failed (${e.error.class}): ${e.error.message}`, {
        state: 'failed',
        endedAt: Date.now(),
        ...(e.runPageUrl ? { link: e.runPageUrl } : {}),
      }),
    ),
    engine.on('job:skipped', (e) => report(e.job, `skipped: ${e.reason}`, { state: 'skipped' })),
    engine.on('job:canceled', (e) => report(e.job, `canceled: ${e.reason}`, { state: 'canceled', endedAt: Date.now() })),
    engine.on('rollback:succeeded', (e) => report(e.job, `tables restored (${e.scope})`)),
    engine.on('rollback:failed', (e) => report(e.job, `rollback failed: ${e.error}`)),
    engine.on('rollback:raced', (e) => report(e.job, `tables restored, but ${e.error}`)),
    engine.on('job:check', (e) =>
      report(e.job, `check ${e.result.name} ${e.result.passed ? 'passed' : 'failed'}: ${e.result.message}`),
    ),
  ];
  const ticker = io.interactive ? setInterval(draw, 1000) : undefined;
  ticker?.unref();
  draw();
  return () => {
    if (ticker) clearInterval(ticker);
    draw();
    for (const off of offs) off();
  };
}
