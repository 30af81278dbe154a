import type { Pipeline } from '../graph/pipeline.js';
import { escapeHtml } from '../util/escape-html.js';

/** Fill colour of a job's status. */
export const STATUS_COLOURS: Readonly<Record<string, string>> = {
  success: '#16a34a',
  failed: '#dc2626',
  skipped: '#9ca3af',
  canceled: '#6b7280',
  in_progress: '#2563eb',
  pending: '#d1d5db',
};

const BOX_W = 170;
const BOX_H = 40;
const GAP_X = 60;
const GAP_Y = 20;

/** The pipeline's graph as inline SVG, laid out in layers (longest path from a root), jobs coloured by status. */
export function graphSvg(pipeline: Pipeline, statusOf: (key: string) => string): string {
  const layer = new Map<string, number>();
  for (const key of pipeline.order) {
    const parents = pipeline.jobs.get(key)?.after ?? [];
    layer.set(key, parents.length === 0 ? 0 : Math.max(...parents.map((p) => (layer.get(p) ?? 0) + 1)));
  }
  const rows = new Map<number, number>();
  const place = new Map<string, { x: number; y: number }>();
  for (const key of pipeline.order) {
    const column = layer.get(key) ?? 0;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    place.set(key, { x: 10 + column * (BOX_W + GAP_X), y: 10 + row * (BOX_H + GAP_Y) });
  }
  const width = 20 + (Math.max(...layer.values()) + 1) * (BOX_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...rows.values()) * (BOX_H + GAP_Y) - GAP_Y;
  const edges: string[] = [];
  const nodes: string[] = [];
  for (const key of pipeline.order) {
    const to = place.get(key) as { x: number; y: number };
    for (const parent of pipeline.jobs.get(key)?.after ?? []) {
      const from = place.get(parent) as { x: number; y: number };
      edges.push(
        `<line x1="${from.x + BOX_W}" y1="${from.y + BOX_H / 2}" x2="${to.x}" y2="${to.y + BOX_H / 2}" stroke="#64748b" marker-end="url(#arrow)"/>`,
      );
    }
    const status = statusOf(key);
    const label = key.length > 22 ? `${key.slice(0, 21)}…` : key;
    nodes.push(
      `<g class="job" data-job="${escapeHtml(key)}" data-status="${escapeHtml(status)}"><title>${escapeHtml(key)}: ${escapeHtml(status)}</title>` +
        `<rect x="${to.x}" y="${to.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="${STATUS_COLOURS[status] ?? '#d1d5db'}"/>` +
        `<text x="${to.x + BOX_W / 2}" y="${to.y + BOX_H / 2 + 5}" text-anchor="middle" fill="#fff" font-size="13">${escapeHtml(label)}</text></g>`,
    );
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="job graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" markerHeight="8" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#64748b"/></marker></defs>
${edges.join('\n')}
${nodes.join('\n')}
</svg>`;
}
