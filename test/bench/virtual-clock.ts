/**
 * A discrete-event clock shared by both engines in the makespan benchmark: jobs sleep on it,
 * and time jumps to the next wake-up only once every promise in flight has settled.
 */
export class VirtualClock {
  #now = 0;
  #sleepers: { at: number; wake: () => void }[] = [];

  /** Current virtual time, in seconds. */
  get now(): number {
    return this.#now;
  }

  /** Resolves after `seconds` of virtual time. */
  sleep(seconds: number): Promise<void> {
    return new Promise((wake) => this.#sleepers.push({ at: this.#now + seconds, wake }));
  }

  /** Drives `work` to completion, advancing time whenever nothing else can happen. */
  async drive<T>(work: Promise<T>): Promise<T> {
    let done = false;
    const settled = work.finally(() => {
      done = true;
    });
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) break;
      if (this.#sleepers.length === 0) continue;
      this.#sleepers.sort((a, b) => a.at - b.at);
      const at = (this.#sleepers[0] as { at: number }).at;
      this.#now = at;
      while (this.#sleepers.length > 0 && (this.#sleepers[0] as { at: number }).at === at) this.#sleepers.shift()?.wake();
    }
    return settled;
  }
}
