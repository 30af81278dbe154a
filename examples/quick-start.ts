/**
 * The README's example, type-checked by `npm test`.
 */
import { createEngine, NonRetriableError, pipeline } from 'brickwork';

interface Order {
  readonly id: number;
  readonly amount: number;
}

async function fetchOrders(signal: AbortSignal): Promise<Order[]> {
  signal.throwIfAborted();
  return [{ id: 1, amount: 10 }];
}

async function saveOrders(orders: readonly Order[], day: string | undefined): Promise<number> {
  return day ? orders.length : 0;
}

async function removeTempFiles(): Promise<void> {}

const nightly = pipeline('nightly-etl', { concurrency: 4, defaults: { retry: { maxRetries: 2, minIntervalMs: 5_000 } } })
  .job('extract', { run: async ({ signal }) => fetchOrders(signal), timeoutSeconds: 600 })
  .job('load', {
    run: async ({ upstream, parameters }) => {
      const orders = upstream.get('extract') ?? []; // Order[]: typed from extract's run
      if (orders.length === 0) throw new NonRetriableError('nothing to load');
      return saveOrders(orders, parameters.day);
    },
  })
  .after('extract')
  .job('cleanup', { run: async () => removeTempFiles(), runIf: 'all_done' })
  .after('load')
  .build();

const engine = createEngine(); // runs are recorded in .brickwork/state.db
engine.on('job:retry', (e) => console.warn(`${e.job}: attempt ${e.attempt}/${e.maxAttempts} in ${e.delayMs} ms`));
engine.on('job:failed', (e) => console.error(`${e.job} failed: ${e.error.message}`));

const result = await engine.run(nightly, { parameters: { day: '2026-11-30' }, signal: AbortSignal.timeout(3_600_000) });
console.log(
  result.status,
  [...result.jobs.values()].map((job) => `${job.key}=${job.status}`),
);
