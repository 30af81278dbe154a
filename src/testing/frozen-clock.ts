/** A stopped wall clock: `set` moves it, `restore` gives the real one back. */
export interface FrozenClock {
  set(iso: string): void;
  restore(): void;
}

/**
 * Stops the wall clock at `iso`: `Date.now()` and `new Date()` answer the set time until
 * `restore()`. Timers and `performance.now()` are left alone, so I/O (a SQL store's driver,
 * sockets) keeps working.
 */
export function frozenClock(iso: string): FrozenClock {
  const RealDate = globalThis.Date;
  let now = RealDate.parse(iso);
  class StoppedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof RealDate> | []) {
      if (args.length === 0) super(now);
      else super(...(args as ConstructorParameters<typeof RealDate>));
    }
    static override now(): number {
      return now;
    }
    // Dates made before the clock stopped are dates too.
    static override [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = StoppedDate as DateConstructor;
  return {
    set(next) {
      now = RealDate.parse(next);
    },
    restore() {
      globalThis.Date = RealDate;
    },
  };
}
