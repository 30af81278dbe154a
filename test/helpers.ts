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

/**
 * Row order: `seq` is 1, 2, 3, …, and after each `run_finished` the next row opens a new
 * segment — a resume (`run_resumed`) or an `engine.rollback` of the finished run (its
 * `rollback_started` rows have scope `manual`, and only rollback rows follow until the next
 * resume).
 */
export function expectRowOrder(rows: readonly LogRecord[]): void {
  expect(rows.map((row) => row.seq)).toEqual(rows.map((_, i) => i + 1));
  let manual = false;
  rows.forEach((row, i) => {
    if (row.event === 'run_resumed') manual = false;
    if (manual) expect(`${row.seq}:${row.event}`).toMatch(/^\d+:rollback_/);
    const next = rows[i + 1];
    if (row.event !== 'run_finished' || !next) return;
    manual = next.event === 'rollback_started' && JSON.parse(next.details ?? '{}').scope === 'manual';
    if (!manual) expect(`${next.seq}:${next.event}`).toBe(`${next.seq}:run_resumed`);
  });
}
