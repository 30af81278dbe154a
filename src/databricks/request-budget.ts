/**
 * The request budget shared by every client of one workspace in this process, so hundreds
 * of concurrent jobs cannot flood the API: at most `perSecond` requests in any rolling
 * second, in small bursts — `burst` requests per window of a tenth of a second or more
 * (20 a second: 2 per 100 ms), sliding. Waiters are served first come, first served.
 *
 * Time is `performance.now()`, which no clock step moves: p-queue's interval reads
 * `Date.now()`, so a wall clock stepped back (NTP, a VM resumed) stalled every Databricks
 * call for the size of the step — ten minutes back, ten minutes of silence while jobs ran.
 * The timer a waiter waits on keeps the process alive: a run waiting for the budget is in
 * flight.
 */
export class RequestBudget {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #windowMs: number;
  /** When each of the last `burst` requests was granted, oldest first. */
  readonly #granted: number[] = [];
  #turn: Promise<void> = Promise.resolve();

  constructor(perSecond: number) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`requests per second must be a positive number, got ${perSecond}`);
    }
    this.#perSecond = perSecond;
    this.#burst = Math.ceil(perSecond / 10);
    this.#windowMs = Math.ceil((1000 * this.#burst) / perSecond);
  }

  /** Requests a second. */
  get perSecond(): number {
    return this.#perSecond;
  }

  /** Resolves when a request may be sent. */
  take(): Promise<void> {
    const grant = this.#turn.then(() => this.#grant());
    this.#turn = grant;
    return grant;
  }

  async #grant(): Promise<void> {
    if (this.#granted.length === this.#burst) {
      const wait = (this.#granted[0] as number) + this.#windowMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.#granted.shift();
    }
    this.#granted.push(performance.now());
  }
}

const budgets = new Map<string, RequestBudget>();

/** The budget shared by the clients of one workspace that ask for the same rate. */
export function budgetFor(baseUrl: string, perSecond: number): RequestBudget {
  const key = `${perSecond} ${baseUrl}`;
  let budget = budgets.get(key);
  if (!budget) {
    budget = new RequestBudget(perSecond);
    budgets.set(key, budget);
  }
  return budget;
}
