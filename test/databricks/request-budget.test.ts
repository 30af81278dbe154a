import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { budgetFor, RequestBudget } from '../../src/databricks/request-budget.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RequestBudget', () => {
  it('allows a burst, then spaces requests at the rate, first come first served', async () => {
    const budget = new RequestBudget(10, () => Date.now());
    const start = Date.now();
    const granted: [number, number][] = [];
    const takes = Array.from({ length: 25 }, (_, i) => budget.take().then(() => granted.push([i, Date.now() - start])));
    await vi.runAllTimersAsync();
    await Promise.all(takes);
    expect(granted.map(([i]) => i)).toEqual([...Array(25).keys()]);
    expect(granted.slice(0, 10).every(([, at]) => at === 0)).toBe(true);
    expect(granted[10]?.[1]).toBe(100);
    expect(granted[24]?.[1]).toBe(1500);
  });

  it('refills while idle, up to one second of requests', async () => {
    const budget = new RequestBudget(5, () => Date.now());
    for (let i = 0; i < 5; i++) await budget.take();
    vi.advanceTimersByTime(10_000);
    const start = Date.now();
    for (let i = 0; i < 5; i++) await budget.take();
    expect(Date.now()).toBe(start);
    let sixth = false;
    void budget.take().then(() => (sixth = true));
    await vi.advanceTimersByTimeAsync(199);
    expect(sixth).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(sixth).toBe(true);
  });

  it('is shared per workspace', () => {
    expect(budgetFor('https://a.example', 10)).toBe(budgetFor('https://a.example', 10));
    expect(budgetFor('https://a.example', 10)).not.toBe(budgetFor('https://a.example', 99));
    expect(budgetFor('https://b.example', 10)).not.toBe(budgetFor('https://a.example', 10));
    expect(() => new RequestBudget(0)).toThrow('requests per second must be positive, got 0');
  });
});
