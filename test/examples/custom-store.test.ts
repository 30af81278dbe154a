import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMetadataStore } from 'brickwork/testing';
import { describe, expect, it } from 'vitest';
import { JsonLinesStore } from '../../examples/custom-store.js';
import { createEngine, pipeline } from '../../src/index.js';
import { expectRowOrder } from '../helpers.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'brickwork-jsonl-')), 'runs.jsonl');

describeMetadataStore('examples/custom-store JsonLinesStore', async () => new JsonLinesStore(fresh()), { describe, it });

describe('examples/custom-store', () => {
  it('records a run and resumes it from the file, in a new engine', async () => {
    const path = fresh();
    let broken = true;
    const flow = pipeline('nightly')
      .job('extract', { run: async () => 'rows' })
      .job('load', {
        run: async () => {
          if (broken) throw new Error('warehouse down');
          return 'loaded';
        },
      })
      .after('extract')
      .build();
    const first = await createEngine({ store: new JsonLinesStore(path), notifiers: [] }).run(flow);
    expect(first.status).toBe('failed');
    broken = false;
    const again = await createEngine({ store: new JsonLinesStore(path), notifiers: [] }).resume(flow, first.runId);
    expectRowOrder(await new JsonLinesStore(path).history(first.runId));
    expect(again.status).toBe('success');
    expect(again.jobs.get('extract')?.attempts).toHaveLength(1);
    expect(again.jobs.get('load')?.attempts.map((a) => a.attempt)).toEqual([1, 2]);
  });
});
