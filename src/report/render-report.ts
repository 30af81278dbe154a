import type { LogRecord } from '../adapters/metadata-store.js';
import type { Pipeline } from '../graph/pipeline.js';
import { escapeHtml } from '../util/escape-html.js';
import { graphSvg, STATUS_COLOURS } from './graph-svg.js';
import { type JobStory, runStory } from './run-story.js';

/** What a report is made of. */
export interface RunReportInput {
  /** The run's rows (`store.history(runId)`). */
  readonly history: readonly LogRecord[];
  /** The pipeline, for the graph; without it the report has no graph. */
  readonly pipeline?: Pipeline;
}

/**
 * One self-contained HTML page about a run: the graph coloured by status, a timeline of
 * every attempt, errors, check results and rollbacks. No scripts, no network: it opens
 * anywhere, and can be attached to a ticket.
 *
 * @example
 * ```ts
 * await writeFile('report.html', renderRunReport({ history: await engine.store.history(runId), pipeline }));
 * ```
 */
export function renderRunReport(input: RunReportInput): string {
  const story = runStory(input.history);
  const jobs = input.pipeline
    ? input.pipeline.order.map(
        (key) => story.jobs.get(key) ?? { key, status: 'pending', attempts: [], checks: [], rollbacks: [] },
      )
    : [...story.jobs.values()];
  const statusOf = (key: string) => story.jobs.get(key)?.status ?? 'pending';
  const graph = input.pipeline ? `<h2>Graph</h2><div class="graph">${graphSvg(input.pipeline, statusOf)}</div>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(`${story.pipeline} · ${story.runId} · ${story.status}`)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#0f172a}
h1{font-size:20px;margin:0 0 4px} h2{font-size:16px;margin:24px 0 8px}
.status{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e2e8f0;vertical-align:top}
.bar{position:relative;height:18px;background:#f1f5f9;border-radius:3px;min-width:300px}
.bar span{position:absolute;top:2px;height:14px;border-radius:3px;min-width:2px}
code{font-size:12px} .muted{color:#64748b}
</style></head><body>
<h1>${escapeHtml(story.pipeline)} <span class="status" style="background:${colour(story.status)}">${escapeHtml(story.status)}</span></h1>
<div class="muted">Run <code>${escapeHtml(story.runId)}</code> · ${story.startedAt.toISOString()} → ${story.endedAt.toISOString()} · ${jobs.length} jobs</div>
${graph}
<h2>Timeline</h2>
${timeline(jobs, story.startedAt.getTime(), story.endedAt.getTime())}
${problems(jobs)}
</body></html>
`;
}

function timeline(jobs: readonly JobStory[], start: number, end: number): string {
  const span = Math.max(1, end - start);
  const rows = jobs.map((job) => {
    const bars = job.attempts.map((attempt) => {
      const from = attempt.startedAt.getTime();
      const to = attempt.endedAt?.getTime() ?? end;
      const left = ((from - start) / span) * 100;
      const width = Math.max(0.3, ((to - from) / span) * 100);
      const tip = `attempt ${attempt.attempt}: ${attempt.status}${attempt.error ? ` — ${attempt.error}` : ''}`;
      return `<span title="${escapeHtml(tip)}" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%;background:${colour(attempt.status)}"></span>`;
    });
    const links = job.attempts
      .filter((a) => a.runPageUrl)
      .map((a) => `<a href="${escapeHtml(a.runPageUrl as string)}">#${a.attempt}</a>`)
      .join(' ');
    return `<tr data-job="${escapeHtml(job.key)}"><td><code>${escapeHtml(job.key)}</code></td><td><span class="status" style="background:${colour(job.status)}">${escapeHtml(job.status)}</span></td><td>${job.attempts.length}</td><td><div class="bar">${bars.join('')}</div></td><td>${links || '-'}</td></tr>`;
  });
  return `<table><tr><th>Job</th><th>Status</th><th>Attempts</th><th>Timeline</th><th>Databricks runs</th></tr>\n${rows.join('\n')}</table>`;
}

function problems(jobs: readonly JobStory[]): string {
  const errors = jobs.flatMap((job) => [
    ...job.attempts.filter((a) => a.error).map((a) => [job.key, `attempt ${a.attempt}`, a.error as string]),
    ...(job.reason ? [[job.key, job.status, job.reason]] : []),
  ]);
  const checks = jobs.flatMap((job) =>
    job.checks.map((c) => [job.key, c.name, `${c.passed ? 'passed' : 'failed'} (${c.severity})`, c.message]),
  );
  const rollbacks = jobs.flatMap((job) =>
    job.rollbacks.flatMap((r) => r.tables.map((t) => [job.key, r.scope, r.status, t.table, t.status, t.reason ?? ''])),
  );
  return [
    section('Errors', ['Job', 'When', 'Error'], errors),
    section('Checks', ['Job', 'Check', 'Result', 'Message'], checks),
    section('Rollbacks', ['Job', 'Scope', 'Outcome', 'Table', 'Table outcome', 'Reason'], rollbacks),
  ].join('\n');
}

function section(title: string, header: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return `<h2>${title}</h2><p class="muted">None.</p>`;
  const head = header.map((h) => `<th>${h}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
  return `<h2>${title}</h2><table><tr>${head}</tr>\n${body}</table>`;
}

function colour(status: string): string {
  return STATUS_COLOURS[status === 'running' ? 'in_progress' : status] ?? '#94a3b8';
}
