import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { budgetFor, RequestBudget } from '../../src/databricks/request-budget.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RequestBudget', () => {
  it('spaces requests in bursts of a tenth of a second, at most the rate in any rolling second, first come first served', async () => {
    const budget = new RequestBudget(10);
    const start = Date.now();
    const granted: [number, number][] = [];
    const takes = Array.from({ length: 25 }, (_, i) => budget.take().then(() => granted.push([i, Date.now() - start])));
    await vi.runAllTimersAsync();
    await Promise.all(takes);
    expect(granted.map(([i]) => i)).toEqual([...Array(25).keys()]);
    expect(granted.slice(0, 4).map(([, at]) => at)).toEqual([0, 100, 200, 300]);
    expect(granted[24]?.[1]).toBe(2400);
    // The invariant: no rolling second holds more than 10 grants.
    for (const [, at] of granted)
      expect(granted.filter(([, other]) => other >= at && other < at + 1000).length).toBeLessThanOrEqual(10);
  });

  it('grants the first burst at once after an idle spell, the next one an interval later', async () => {
    const budget = new RequestBudget(20);
    for (let i = 0; i < 2; i++) await budget.take();
    await vi.advanceTimersByTimeAsync(10_000);
    const start = Date.now();
    for (let i = 0; i < 2; i++) await budget.take();
    expect(Date.now()).toBe(start);
    let third = false;
    void budget.take().then(() => (third = true));
    await vi.advanceTimersByTimeAsync(99);
    expect(third).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(third).toBe(true);
  });

  it('rides out a wall clock stepped back ten minutes (NTP, a resumed VM) without stalling', async () => {
    const budget = new RequestBudget(20);
    for (let i = 0; i < 2; i++) await budget.take();
    vi.setSystemTime(Date.now() - 10 * 60_000);
    let third = false;
    void budget.take().then(() => (third = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(third).toBe(true);
  });

  it('is shared per workspace', () => {
    expect(budgetFor('https://a.example', 10)).toBe(budgetFor('https://a.example', 10));
    expect(budgetFor('https://a.example', 10)).not.toBe(budgetFor('https://a.example', 99));
    expect(budgetFor('https://b.example', 10)).not.toBe(budgetFor('https://a.example', 10));
    expect(() => new RequestBudget(0)).toThrow('requests per second must be a positive number, got 0');
  });
});
