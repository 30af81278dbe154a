import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine, LeaseHeldError, pipeline, SqlMetadataStore, StatementExecutionSqlClient } from '../../src/index.js';
import { type CliProcess, startCli } from '../cli/run-cli.js';
import { expectRowOrder } from '../helpers.js';

let emulator: CliProcess | undefined;
afterEach(async () => {
  vi.useRealTimers();
  emulator?.child.kill('SIGINT');
  await emulator?.exited;
  emulator = undefined;
});

/** `brickwork emulator` in its own process: its warehouse keeps its own clock. */
async function startWarehouse(): Promise<{ host: string; token: string; warehouseId: string }> {
  emulator = startCli(['emulator', '--token', 'dapi-skew']);
  const started = emulator;
  await new Promise<void>((resolve) =>
    started.child.stdout?.on('data', () => started.stdout.includes('BRICKWORK_SQL_WAREHOUSE') && resolve()),
  );
  return {
    host: /DATABRICKS_HOST=(\S+)/.exec(started.stdout)?.[1] ?? '',
    token: 'dapi-skew',
    warehouseId: /BRICKWORK_SQL_WAREHOUSE=(\S+)/.exec(started.stdout)?.[1] ?? '',
  };
}

describe('lease expiry on the store clock', () => {
  it('a process whose clock runs ten minutes ahead does not take a live lease over (default options)', async () => {
    const warehouse = await startWarehouse();
    const store = new SqlMetadataStore({ sql: new StatementExecutionSqlClient(warehouse) });
    let finish: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const nightly = () =>
      pipeline('skewed')
        .job('wait', { run: () => held })
        .build();
    const holder = createEngine({ notifiers: [], store });
    const started = new Promise<void>((resolve) => holder.on('job:start', () => resolve()));
    const run = holder.run(nightly(), { runId: 'skewed-1' });
    await started;

    // Another machine, its clock ten minutes ahead: by its clock the lease expired long ago.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 10 * 60_000, shouldAdvanceTime: true });
    const ahead = createEngine({ notifiers: [], store, owner: 'machine-ahead' });
    await expect(ahead.resume(nightly(), 'skewed-1')).rejects.toBeInstanceOf(LeaseHeldError);
    vi.useRealTimers();

    finish();
    expect((await run).status).toBe('success');
    const history = await store.history('skewed-1');
    expectRowOrder(history);
    expect(history.filter((row) => row.event === 'run_finished')).toHaveLength(1);
  }, 60_000);
});
