import { expect, vi } from 'vitest';
import type { LogRow } from '../src/engine/log/run-rows.js';
import type { JobContext, LogRecord } from '../src/index.js';
import { logRecord } from '../src/testing.js';

/** Advances fake timers one timer at a time until `promise` settles. */
export async function settle<T>(promise: Promise<T>): Promise<T> {
  let done = false;
  promise.then(
    () => (done = true),
    () => (done = true),
  );
  for (let step = 0; !done && step < 100_000; step++) await vi.advanceTimersToNextTimerAsync();
  return promise;
}

/** A job body that waits `ms` (fake-timer friendly) and honours the context's signal. */
export function work(ms: number, value?: unknown): (context: JobContext) => Promise<unknown> {
  return ({ signal }) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve(value), ms);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(signal.reason);
      });
    });
}

/** A job body that fails its first `failures` calls, then succeeds. Counts calls. */
export function flaky(
  failures: number,
  message = 'transient failure',
): ((context: JobContext) => Promise<string>) & { calls: number } {
  const body = Object.assign(
    async () => {
      body.calls++;
      if (body.calls <= failures) throw new Error(`${message} #${body.calls}`);
      return 'ok';
    },
    { calls: 0 },
  );
  return body;
}

/** A complete log row with neutral values, overridden by `fields`, to fill in further. */
export function logRow(fields: Partial<LogRecord> = {}): LogRow {
  return logRecord(fields);
}

/** Row order: `seq` is 1, 2, 3, …, and after each `run_finished` the next row opens a new segment. */
export function expectRowOrder(rows: readonly LogRecord[]): void {
  expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
  rows.forEach((row, i) => {
    const next = rows[i + 1];
    if (row.event === 'run_finished' && next) expect(`${next.seq}:${next.event}`).toBe(`${next.seq}:run_resumed`);
  });
}
