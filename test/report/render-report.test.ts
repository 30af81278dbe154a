import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checks, createEngine, MemoryMetadataStore, pipeline, renderRunReport } from '../../src/index.js';

/** A finished run with a retried failure, a skip, a success and a failed warn check. */
async function aRun() {
  const store = new MemoryMetadataStore();
  const flow = pipeline('nightly', { defaults: { retry: { maxRetries: 1, minIntervalMs: 1, jitter: 'none' } } })
    .job('extract', { run: async () => 'rows', checks: [checks.custom('enough rows', () => false, { severity: 'warn' })] })
    .job('load', {
      run: async () => {
        throw new Error('table <orders> is locked');
      },
    })
    .after('extract')
    .job('index', { run: async () => 'ok' })
    .after('load')
    .build();
  const result = await createEngine({ store, notifiers: [] }).run(flow);
  return { flow, history: await store.history(result.runId), runId: result.runId };
}

describe('the HTML report', () => {
  it('tells the run: statuses, attempts, errors (escaped), checks, and the graph', async () => {
    const { flow, history, runId } = await aRun();
    const html = renderRunReport({ history, pipeline: flow });
    expect(html).toContain(`<title>nightly · ${runId} · failed</title>`);
    expect(html).toContain('data-job="extract" data-status="success"');
    expect(html).toContain('data-job="load" data-status="failed"');
    expect(html).toContain('data-job="index" data-status="skipped"');
    expect(html).toContain('table &lt;orders&gt; is locked');
    expect(html).not.toContain('<orders>');
    expect(html).toContain('<td>enough rows</td><td>failed (warn)</td>');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('renders in headless Chromium, showing every job and its status', async () => {
    const { flow, history } = await aRun();
    const dir = mkdtempSync(join(tmpdir(), 'brickwork-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderRunReport({ history, pipeline: flow }));
    const dom = execFileSync(
      'chromium',
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${join(dir, 'profile')}`,
        '--dump-dom',
        `file://${file}`,
      ],
      { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] },
    );
    for (const [job, status] of [
      ['extract', 'success'],
      ['load', 'failed'],
      ['index', 'skipped'],
    ]) {
      expect(dom).toMatch(
        new RegExp(`<tr data-job="${job}"><td><code>${job}</code></td><td><span class="status"[^>]*>${status}</span>`),
      );
      expect(dom).toContain(`data-job="${job}" data-status="${status}"`);
    }
  });
});
