import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pipelineService } from '../../examples/http-service.js';
import { nightly, scheduledRun } from '../../examples/scheduled-script.js';
import { runYamlPipeline } from '../../examples/yaml-pipeline.js';
import { createEngine, DatabricksJobsClient, MemoryMetadataStore } from '../../src/index.js';
import { type Emulator, type ScriptedJob, startEmulator } from '../../src/testing.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  vi.restoreAllMocks();
});

const poll = { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 };

async function workspace(load: Partial<ScriptedJob> = {}) {
  emulator = await startEmulator({
    timeScale: 100,
    jobs: [
      { name: 'Data_Extract_Job', durationMs: 300 },
      { name: 'Data_Load_Job', durationMs: 300, ...load },
      { name: 'ES_Load_Job', durationMs: 300 },
    ],
  });
  const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token, requestsPerSecond: 200 });
  return { emu: emulator, adapters: { jobsApi, store: new MemoryMetadataStore(), notifiers: [], poll } };
}

describe('examples run against the emulator', () => {
  it('yaml-pipeline: loads examples/pipeline.yml with its parameter and runs it, retrying a failure', async () => {
    const { emu, adapters } = await workspace({ outcomes: ['FAILED', 'SUCCESS'] });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const result = await runYamlPipeline('2026-11-30', adapters);
    expect(result.status).toBe('success');
    expect(result.jobs.get('load')?.attempts).toHaveLength(2);
    expect(emu.runs()[0]?.jobParameters).toEqual({ day: '2026-11-30' });
  });

  it('scheduled-script: a failed night is resumed the next time, then a new run starts', async () => {
    const { emu, adapters } = await workspace({ outcomes: ['FAILED', 'FAILED', 'FAILED', 'SUCCESS'] });
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const engine = createEngine(adapters);
    expect(await scheduledRun(engine, nightly)).toBe(1);
    expect(await scheduledRun(engine, nightly)).toBe(0);
    expect(await scheduledRun(engine, nightly)).toBe(0);
    const runs = await engine.store.listRuns({ pipeline: 'nightly' });
    expect(runs.map((r) => r.status)).toEqual(['success', 'success']);
    // extract ran once for the failed night (kept on resume) and once for the next.
    expect(emu.runs().filter((r) => r.runName === 'Data_Extract_Job')).toHaveLength(2);
  });

  it('http-service: starts a run over HTTP and streams its events to the end', async () => {
    const { adapters } = await workspace();
    const engine = createEngine(adapters);
    const server = pipelineService(engine, new Map([['nightly', nightly]]));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const started = await fetch(`${base}/pipelines/nightly/runs`, { method: 'POST' });
      expect(started.status).toBe(202);
      const { runId } = (await started.json()) as { runId: string };
      const stream = await fetch(`${base}/runs/${runId}/events`);
      expect(stream.headers.get('content-type')).toBe('text/event-stream');
      const text = await stream.text(); // ends when the run finishes
      const names = [...text.matchAll(/^event: (.+)$/gm)].map((m) => m[1]);
      expect(names[0]).toBe('run:start');
      expect(names.at(-1)).toBe('run:finish');
      expect(names.filter((n) => n === 'job:success')).toHaveLength(3);
      expect(names).toContain('job:triggered');
      const status = (await (await fetch(`${base}/runs/${runId}`)).json()) as { status: string };
      expect(status.status).toBe('success');
      expect((await fetch(`${base}/pipelines/unknown/runs`, { method: 'POST' })).status).toBe(404);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
