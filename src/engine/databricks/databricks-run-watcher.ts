import type { JobsApi, RunState } from '../../adapters/jobs-api.js';
import { isTerminalRun } from './databricks-run-outcome.js';
import type { PollOptions } from './poll-options.js';

interface Waiter {
  /** Whether a state read is the end being waited for. */
  readonly done: (state: RunState) => boolean;
  readonly resolve: (state: RunState) => void;
  readonly reject: (error: unknown) => void;
}

/** Runs a list sweep may read, beyond one page per 25 watched runs, before polling runs one by one. */
const SPARE_PAGES = 1;

/**
 * Watches every running Databricks run of an engine with shared sweeps: one
 * `runs/list?active_only=true` page observes up to 25 runs, and only runs that left the
 * active list are read with `runs/get`. Sweeps start `minIntervalMs` apart and slow down to
 * `maxSweepIntervalMs`, on a fixed cadence measured from each sweep's start; when other
 * active runs in the workspace would make the list long, the remaining runs are read one
 * by one.
 */
export class RunWatcher {
  readonly #jobsApi: JobsApi;
  readonly #poll: Required<PollOptions>;
  readonly #random: () => number;
  readonly #waiters = new Map<number, Waiter>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #interval: number;
  /** When the last sweep started (`performance.now()`, which no clock step moves). */
  #lastSweepStart = performance.now();

  constructor(jobsApi: JobsApi, poll: Required<PollOptions>, random: () => number) {
    this.#jobsApi = jobsApi;
    this.#poll = poll;
    this.#random = random;
    this.#interval = poll.minIntervalMs;
  }

  /**
   * Resolves with the terminal state of `runId`. Rejects with `signal.reason` when the
   * signal aborts (the caller cancels the run), or with an error that retrying cannot fix.
   */
  wait(runId: number, signal: AbortSignal, done: (state: RunState) => boolean = isTerminalRun): Promise<RunState> {
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.#waiters.delete(runId);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      const settle =
        <T>(next: (value: T) => void) =>
        (value: T) => {
          signal.removeEventListener('abort', onAbort);
          this.#waiters.delete(runId);
          next(value);
        };
      if (this.#waiters.size === 0) {
        this.#interval = this.#poll.minIntervalMs;
        this.#lastSweepStart = performance.now();
      }
      this.#waiters.set(runId, { done, resolve: settle(resolve), reject: settle(reject) });
      this.#schedule();
    });
  }

  #schedule(): void {
    if (this.#timer !== undefined || this.#waiters.size === 0) return;
    // Sweeps keep a fixed cadence: the next one is due an interval after this one started,
    // not after it ended (a long sweep is not followed by a full wait), and never overlaps it.
    const due = this.#lastSweepStart + Math.round(this.#interval * (0.9 + 0.2 * this.#random()));
    this.#timer = setTimeout(
      () => {
        this.#lastSweepStart = performance.now();
        void this.#sweep().finally(() => {
          this.#timer = undefined;
          this.#interval = Math.min(this.#interval * this.#poll.backoffFactor, this.#poll.maxSweepIntervalMs);
          this.#schedule();
        });
      },
      Math.max(0, due - performance.now()),
    );
  }

  async #sweep(): Promise<void> {
    const unseen = new Set(this.#waiters.keys());
    const active = await this.#listActive(unseen).catch(() => undefined);
    const left = [...unseen].filter((runId) => !active?.has(runId));
    await Promise.all(left.map((runId) => this.#read(runId)));
  }

  /** Reads one run that left the active list (or could not be listed). */
  async #read(runId: number): Promise<void> {
    try {
      const state = await this.#jobsApi.getRun(runId);
      const waiter = this.#waiters.get(runId);
      if (waiter?.done(state)) waiter.resolve(state);
    } catch (error) {
      // Transient trouble: try again next sweep. A refusal will not go away.
      if ((error as { retriable?: unknown }).retriable !== true) this.#waiters.get(runId)?.reject(error);
    }
  }

  /** Reads active-run pages until every watched run is seen or the spare pages run out. */
  async #listActive(watched: ReadonlySet<number>): Promise<Set<number>> {
    const seen = new Set<number>();
    const pages = Math.ceil(watched.size / 25) + SPARE_PAGES;
    let pageToken: string | undefined;
    for (let page = 0; page < pages; page++) {
      const answer = await this.#jobsApi.listActiveRuns(pageToken === undefined ? {} : { pageToken });
      for (const run of answer.runs) if (watched.has(run.runId)) seen.add(run.runId);
      pageToken = answer.nextPageToken;
      if (pageToken === undefined || seen.size === watched.size) break;
    }
    return seen;
  }
}
