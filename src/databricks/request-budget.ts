/**
 * A token bucket shared by every client of one workspace in this process, so hundreds of
 * concurrent jobs cannot flood the API: up to `perSecond` requests a second, with bursts of
 * up to `perSecond`. Waiters are served first come, first served.
 */
export class RequestBudget {
  readonly #perSecond: number;
  #tokens: number;
  #updatedAt: number;
  #queue: (() => void)[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  readonly #clock: () => number;

  /** @param clock milliseconds from a monotonic source (wall-clock changes must not starve it). */
  constructor(perSecond: number, clock: () => number = () => performance.now()) {
    if (!(perSecond > 0)) throw new RangeError(`requests per second must be positive, got ${perSecond}`);
    this.#perSecond = perSecond;
    this.#clock = clock;
    this.#tokens = perSecond;
    this.#updatedAt = clock();
  }

  /** Requests a second. */
  get perSecond(): number {
    return this.#perSecond;
  }

  /** Resolves when a request may be sent. */
  take(): Promise<void> {
    this.#refill();
    if (this.#queue.length === 0 && this.#tokens >= 1) {
      this.#tokens -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#queue.push(resolve);
      this.#schedule();
    });
  }

  #refill(): void {
    const now = this.#clock();
    this.#tokens = Math.min(this.#perSecond, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#perSecond);
    this.#updatedAt = now;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const wait = Math.max(0, Math.ceil(((1 - this.#tokens) / this.#perSecond) * 1000));
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#refill();
      while (this.#queue.length > 0 && this.#tokens >= 1) {
        this.#tokens -= 1;
        this.#queue.shift()?.();
      }
      if (this.#queue.length > 0) this.#schedule();
    }, wait);
    this.#timer.unref?.();
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
