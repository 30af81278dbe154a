import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createEngine,
  DatabricksJobsClient,
  type LeaseFence,
  type LogRecord,
  pipeline,
  SqliteMetadataStore,
  StoreError,
} from '../../src/index.js';
import { startEmulator } from '../../src/testing.js';
import { expectRowOrder } from '../helpers.js';

/** A SQLite store on a disk that fills up when the second Databricks run id is recorded. */
class FillingDisk extends SqliteMetadataStore {
  #triggered = 0;
  #full = false;

  override async append(records: readonly LogRecord[], fence?: LeaseFence): Promise<void> {
    this.#triggered += records.filter((record) => record.event === 'triggered').length;
    if (this.#triggered >= 2) this.#full = true;
    if (this.#full) throw new Error('SQLITE_FULL: database or disk is full');
    return super.append(records, fence);
  }
}

const twoLoads = () =>
  pipeline('filling')
    .job('a', { databricks: { jobName: 'Load_A' } })
    .job('b', { databricks: { jobName: 'Load_B' } })
    .build();

describe('a store that fails while runs are being triggered', () => {
  it('leaves no Databricks run running, and the resume starts new attempts instead of reading the cancellations (default options)', async () => {
    const emu = await startEmulator({
      timeScale: 10,
      jobs: [
        { name: 'Load_A', durationMs: 20_000 },
        { name: 'Load_B', durationMs: 20_000 },
      ],
    });
    try {
      const path = join(mkdtempSync(join(tmpdir(), 'brickwork-full-')), 'state.db');
      const jobsApi = new DatabricksJobsClient({ host: emu.url, token: emu.token });
      const failing = createEngine({ notifiers: [], jobsApi, store: new FillingDisk({ path }) });
      await expect(failing.run(twoLoads(), { runId: 'full-1' })).rejects.toBeInstanceOf(StoreError);
      expect(emu.runs()).toHaveLength(2);
      // Both were canceled, the one whose id never reached the log too.
      expect(emu.runs().map((run) => run.canceledAt !== undefined)).toEqual([true, true]);

      const store = new SqliteMetadataStore({ path });
      const result = await createEngine({ notifiers: [], jobsApi, store }).resume(twoLoads(), 'full-1');
      expect(result.status).toBe('success');
      for (const key of ['a', 'b']) {
        const attempts = result.jobs.get(key)?.attempts ?? [];
        expect(attempts.map((attempt) => attempt.status)).toEqual(['canceled', 'success']);
        expect(attempts[0]?.error?.message).toMatch(/no brickwork process could record why: a new attempt starts/);
      }
      expect(emu.runs()).toHaveLength(4);
      const history = await store.history('full-1');
      expectRowOrder(history);
      expect(history.filter((row) => row.event === 'run_finished')).toHaveLength(1);
    } finally {
      await emu.stop();
    }
  }, 60_000);
});
