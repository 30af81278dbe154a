/**
 * The time as a `Date`, one object per millisecond: the rows and results a run makes in the
 * same millisecond share it. A `Date` costs about 120 bytes to keep, nearly as much as a log
 * row, and a run of instant jobs makes hundreds per millisecond. Shared dates are why the
 * dates in rows and results must be treated as read-only.
 */
export class RunClock {
  #last: Date | undefined;

  /** The current time. */
  now(): Date {
    const ms = Date.now();
    if (this.#last === undefined || this.#last.getTime() !== ms) this.#last = new Date(ms);
    return this.#last;
  }
}
