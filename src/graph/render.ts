import type { JobDefinition } from './job-definition.js';

/** Mermaid flowchart of the jobs, edges pointing from a dependency to its dependent. */
export function renderMermaid(jobs: ReadonlyMap<string, JobDefinition>): string {
  const ids = new Map<string, string>();
  const lines = ['flowchart TD'];
  for (const key of jobs.keys()) {
    const id = `j${ids.size}`;
    ids.set(key, id);
    lines.push(`  ${id}["${key}"]`);
  }
  for (const job of jobs.values()) {
    for (const dependency of job.after) lines.push(`  ${ids.get(dependency)} --> ${ids.get(job.key)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Graphviz DOT digraph of the jobs. Keys are validated, so quoting them is safe. */
export function renderDot(name: string, jobs: ReadonlyMap<string, JobDefinition>): string {
  const lines = [`digraph "${name}" {`, '  rankdir=LR;', '  node [shape=box];'];
  for (const job of jobs.values()) {
    const shape = job.kind === 'databricks' ? ' [style=rounded]' : '';
    lines.push(`  "${job.key}"${shape};`);
  }
  for (const job of jobs.values()) {
    for (const dependency of job.after) lines.push(`  "${dependency}" -> "${job.key}";`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
