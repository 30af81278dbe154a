import { afterEach, describe, expect, it, vi } from 'vitest';
import { RunClock } from '../../src/engine/run-clock.js';

describe('RunClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives one date per millisecond, and a new one when the time moves', () => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00.000Z') });
    const clock = new RunClock();
    const first = clock.now();
    expect(clock.now()).toBe(first);
    vi.advanceTimersByTime(1);
    const second = clock.now();
    expect(second).not.toBe(first);
    expect(second.toISOString()).toBe('2026-11-30T12:00:00.001Z');
    expect(first.toISOString()).toBe('2026-11-30T12:00:00.000Z');
  });
});
