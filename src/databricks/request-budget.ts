import PQueue from 'p-queue';

/**
 * The request budget shared by every client of one workspace in this process, so hundreds
 * of concurrent jobs cannot flood the API: at most `perSecond` requests in any rolling
 * second, in small bursts — p-queue in strict mode, `intervalCap` requests per `interval` of
 * a tenth of a second or more (20 a second: 2 per 100 ms). Waiters are served first come,
 * first served.
 */
export class RequestBudget {
  readonly #perSecond: number;
  readonly #queue: PQueue;

  constructor(perSecond: number) {
    if (!(perSecond > 0) || !Number.isFinite(perSecond)) {
      throw new RangeError(`requests per second must be a positive number, got ${perSecond}`);
    }
    this.#perSecond = perSecond;
    const intervalCap = Math.ceil(perSecond / 10);
    this.#queue = new PQueue({ interval: Math.ceil((1000 * intervalCap) / perSecond), intervalCap, strict: true });
  }

  /** Requests a second. */
  get perSecond(): number {
    return this.#perSecond;
  }

  /** Resolves when a request may be sent. */
  async take(): Promise<void> {
    await this.#queue.add(() => undefined);
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
