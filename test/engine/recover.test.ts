import { describe, expect, it } from 'vitest';
import { createEngine, type LogRecord, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { logRecord, recordEvents } from '../../src/testing.js';
import { work } from '../helpers.js';

const nightly = () =>
  pipeline('nightly')
    .job('extract', { run: work(5, 'rows') })
    .job('load', { run: work(5, 'loaded') })
    .after('extract')
    .build();

/** What a process that died mid-run leaves: `run_started` and a started attempt, no end. */
function crashed(runId: string, hash: string): LogRecord[] {
  const base = { pipelineName: 'nightly', pipelineRunId: runId };
  return [
    logRecord({
      ...base,
      seq: 1,
      jobId: runId,
      jobName: null,
      event: 'run_started',
      attempt: 0,
      details: JSON.stringify({ pipelineHash: hash, hashFormat: 'brickwork.pipeline/5', parameters: {} }),
    }),
    logRecord({ ...base, seq: 2, jobId: `${runId}/extract`, jobName: 'extract', status: 'pending', event: 'queued', attempt: 0 }),
    logRecord({ ...base, seq: 3, jobId: `${runId}/extract`, jobName: 'extract', event: 'started', attempt: 1 }),
  ];
}

describe('engine.recover', () => {
  it('resumes every unfinished run once, even with two engines recovering at the same time', async () => {
    const store = new MemoryMetadataStore();
    const hash = nightly().hash;
    for (const runId of ['crashed-1', 'crashed-2', 'crashed-3']) await store.append(crashed(runId, hash));
    const done = await createEngine({ notifiers: [], store }).run(nightly(), { runId: 'finished' });
    expect(done.status).toBe('success');

    const first = createEngine({ notifiers: [], store, owner: 'replica-a' });
    const second = createEngine({ notifiers: [], store, owner: 'replica-b' });
    const heard = recordEvents(first);
    const [a, b] = await Promise.all([first.recover({ pipelines: [nightly()] }), second.recover({ pipelines: [nightly()] })]);
    const recovered = [...a, ...b].map((result) => result.runId).sort();
    expect(recovered).toEqual(['crashed-1', 'crashed-2', 'crashed-3']);
    expect([...a, ...b].every((result) => result.status === 'success')).toBe(true);
    expect(
      heard
        .of('run:recovered')
        .map((e) => e.runId)
        .sort(),
    ).toEqual(a.map((result) => result.runId).sort());
    for (const runId of recovered) {
      const rows = await store.history(runId);
      expect(rows.filter((row) => row.event === 'run_resumed')).toHaveLength(1);
      expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.at(-1)).toMatchObject({ event: 'run_finished', status: 'success' });
    }
    // Nothing is left to recover; the finished run was never touched.
    expect(await first.recover({ pipelines: [nightly()] })).toEqual([]);
    expect((await store.history('finished')).filter((row) => row.event === 'run_resumed')).toHaveLength(0);
  });
});
