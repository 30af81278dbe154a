import { describe, expect, it } from 'vitest';
import type { ActiveRunsPage, JobsApi, RunState } from '../../src/adapters/jobs-api.js';
import { RunWatcher } from '../../src/engine/databricks/databricks-run-watcher.js';

/** A workspace whose runs/list answers take `listMs`; run 1 ends after `endAfter` sweeps. */
function slowWorkspace(listMs: number, endAfter: number) {
  const sweepStarts: number[] = [];
  const api = {
    listActiveRuns: async (): Promise<ActiveRunsPage> => {
      sweepStarts.push(performance.now());
      await new Promise((resolve) => setTimeout(resolve, listMs));
      const active = sweepStarts.length < endAfter;
      return { runs: active ? [{ runId: 1, lifeCycleState: 'RUNNING' }] : [] };
    },
    getRun: async (runId: number): Promise<RunState> => ({ runId, lifeCycleState: 'TERMINATED', resultState: 'SUCCESS' }),
  } as unknown as JobsApi;
  return { api, sweepStarts };
}

describe('RunWatcher cadence', () => {
  it('starts sweeps an interval apart from start to start, however long a sweep takes', async () => {
    const { api, sweepStarts } = slowWorkspace(400, 4);
    const poll = { minIntervalMs: 1000, maxIntervalMs: 1000, backoffFactor: 1, maxSweepIntervalMs: 1000 };
    const watcher = new RunWatcher(api, poll, () => 0.5);
    const state = await watcher.wait(1, new AbortController().signal);
    expect(state.resultState).toBe('SUCCESS');
    expect(sweepStarts).toHaveLength(4);
    const gaps = sweepStarts.slice(1).map((at, i) => at - (sweepStarts[i] as number));
    // After each sweep's start, not its end: 1000 ms, not 1400 ms (timers may fire a little late).
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(990);
      expect(gap).toBeLessThan(1250);
    }
  });

  it('waits for a sweep that outlasts the interval instead of overlapping it', async () => {
    const { api, sweepStarts } = slowWorkspace(700, 3);
    const poll = { minIntervalMs: 500, maxIntervalMs: 500, backoffFactor: 1, maxSweepIntervalMs: 500 };
    const watcher = new RunWatcher(api, poll, () => 0.5);
    await watcher.wait(1, new AbortController().signal);
    const gaps = sweepStarts.slice(1).map((at, i) => at - (sweepStarts[i] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(695);
  });
});
