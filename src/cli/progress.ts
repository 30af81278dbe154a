import type { Engine, EngineEvents, Pipeline } from '../index.js';
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
  const say = (job: string, text: string) => {
    if (!io.interactive) io.err(`${new Date().toISOString()} ${job} ${text}`);
  };
  const update = (job: string, change: Partial<JobLine>) => {
    const line = lines.get(job);
    if (line) Object.assign(line, change);
    draw();
  };
  const offs = [
    engine.on('job:queued', (e) => (update(e.job, { state: 'queued' }), say(e.job, 'queued'))),
    engine.on('job:start', (e: EngineEvents['job:start']) => {
      update(e.job, {
        state: 'running',
        attempt: `${e.attempt}/${e.maxAttempts}`,
        startedAt: lines.get(e.job)?.startedAt ?? Date.now(),
      });
      say(e.job, `started attempt ${e.attempt}/${e.maxAttempts}`);
    }),
    engine.on('job:triggered', (e) => {
      update(e.job, { link: e.runPageUrl ?? `run ${e.databricksRunId}` });
      say(e.job, `attempt ${e.attempt} is Databricks run ${e.databricksRunId}${e.runPageUrl ? ` ${e.runPageUrl}` : ''}`);
    }),
    engine.on('job:attempt_failed', (e) => {
      if (e.willRetry) update(e.job, { state: 'retrying' });
      say(
        e.job,
        `attempt ${e.attempt}/${e.maxAttempts} failed (${e.error.class}): ${e.error.message}${e.willRetry ? ' — retrying' : ''}`,
      );
    }),
    engine.on(
      'job:success',
      (e) => (update(e.job, { state: 'success', endedAt: Date.now() }), say(e.job, `succeeded in ${e.durationMs} ms`)),
    ),
    engine.on('job:failed', (e) => {
      update(e.job, { state: 'failed', endedAt: Date.now(), ...(e.runPageUrl ? { link: e.runPageUrl } : {}) });
      say(e.job, `failed (${e.error.class}): ${e.error.message}`);
    }),
    engine.on('job:skipped', (e) => (update(e.job, { state: 'skipped' }), say(e.job, `skipped: ${e.reason}`))),
    engine.on(
      'job:canceled',
      (e) => (update(e.job, { state: 'canceled', endedAt: Date.now() }), say(e.job, `canceled: ${e.reason}`)),
    ),
    engine.on('rollback:succeeded', (e) => say(e.job, `tables restored (${e.scope})`)),
    engine.on('rollback:failed', (e) => say(e.job, `rollback failed: ${e.error}`)),
    engine.on('job:check', (e) =>
      say(e.job, `check ${e.result.name} ${e.result.passed ? 'passed' : 'failed'}: ${e.result.message}`),
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
