import type { LeaseFence, LogRecord, MetadataStore } from '../../adapters/metadata-store.js';
import { LeaseLostError, StoreError } from '../../model/errors.js';
import type { LogRow } from './run-rows.js';

interface Batch {
  readonly records: LogRecord[];
  readonly done: Promise<void>;
}

/**
 * Writes one run's rows to the store in `seq` order, grouping the rows that arrive while a
 * write is in flight into the next single `append` (group commit). Each `write` resolves
 * once its row is durable; `record` does not wait. After a failed append every later write
 * fails too, so nothing is recorded out of order. Each row gets dates of its own, so that
 * nothing a caller keeps (a result, an event) shares a mutable `Date` with the log. Every
 * append carries the drive's lease fence, so a drive that lost its lease writes nothing.
 */
export class RunLog {
  readonly #store: MetadataStore;
  #seq: number;
  #next: Batch | undefined;
  #writing: Promise<void> = Promise.resolve();
  #failure: StoreError | undefined;
  readonly #fence: LeaseFence | undefined;
  readonly #onFailure: (failure: StoreError) => void;

  /**
   * @param lastSeq the `seq` of the run's last row already in the store.
   * @param fence the lease the drive holds, checked by the store on every append.
   * @param onFailure called once, with the failure that stopped the log (a
   * {@link LeaseLostError} when the store fenced the drive off).
   */
  constructor(
    store: MetadataStore,
    lastSeq: number,
    fence: LeaseFence | undefined,
    onFailure: (failure: StoreError) => void = () => {},
  ) {
    this.#store = store;
    this.#seq = lastSeq;
    this.#fence = fence;
    this.#onFailure = onFailure;
  }

  /** The store failure that stopped the log, if any. */
  get failure(): StoreError | undefined {
    return this.#failure;
  }

  /**
   * Numbers and freezes a row, then appends it; resolves when it is durable, rejects
   * with a {@link StoreError}. Awaiting a write also means every earlier row is durable.
   */
  write(row: LogRow): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    return this.#add(row).done;
  }

  /**
   * Like {@link write} for a row nobody waits for: a failure reaches `onFailure` (once the
   * log has failed, rows are dropped; nothing after a failure is recorded).
   */
  record(row: LogRow): void {
    if (!this.#failure) this.#add(row);
  }

  #add(row: LogRow): Batch {
    const batch = this.#next ?? this.#open();
    row.seq = ++this.#seq;
    row.eventTime = new Date(row.eventTime.getTime());
    if (row.startTime) row.startTime = new Date(row.startTime.getTime());
    if (row.endTime) row.endTime = new Date(row.endTime.getTime());
    batch.records.push(Object.freeze(row));
    return batch;
  }

  #open(): Batch {
    const records: LogRecord[] = [];
    const done = this.#writing.then(() => {
      if (this.#next?.records === records) this.#next = undefined;
      return this.#append(records);
    });
    this.#writing = done.catch(() => {});
    this.#next = { records, done };
    return this.#next;
  }

  async #append(records: LogRecord[]): Promise<void> {
    try {
      if (this.#failure) throw this.#failure;
      await this.#store.append(records, this.#fence);
    } catch (cause) {
      if (!this.#failure) {
        const detail = cause instanceof Error ? cause.message : String(cause);
        this.#failure =
          cause instanceof LeaseLostError ? cause : new StoreError(`metadata store append failed: ${detail}`, { cause });
        this.#onFailure(this.#failure);
      }
      throw this.#failure;
    }
  }
}
