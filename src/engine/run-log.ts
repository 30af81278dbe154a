import type { LogRecord, MetadataStore } from '../adapters/metadata-store.js';
import { StoreError } from '../errors.js';
import type { LogRow } from './run-rows.js';

interface Batch {
  readonly records: LogRecord[];
  readonly done: Promise<void>;
}

/**
 * Writes one run's rows to the store in `seq` order, grouping the rows that arrive while a
 * write is in flight into the next single `append` (group commit). Each `write` resolves
 * once its rows are durable. After a failed append every later write fails too, so nothing
 * is recorded out of order.
 */
export class RunLog {
  readonly #store: MetadataStore;
  #seq: number;
  #next: Batch | undefined;
  #writing: Promise<void> = Promise.resolve();
  #failure: StoreError | undefined;

  constructor(store: MetadataStore, lastSeq = 0) {
    this.#store = store;
    this.#seq = lastSeq;
  }

  /** The store failure that stopped the log, if any. */
  get failure(): StoreError | undefined {
    return this.#failure;
  }

  /**
   * Numbers and freezes rows, then appends them; resolves when they are durable, rejects
   * with a {@link StoreError}. Awaiting a write also means every earlier row is durable.
   */
  write(...rows: LogRow[]): Promise<void> {
    if (this.#failure) return Promise.reject(this.#failure);
    const batch = this.#next ?? this.#open();
    for (const row of rows) {
      row.seq = ++this.#seq;
      batch.records.push(Object.freeze(row));
    }
    return batch.done;
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
    if (this.#failure) throw this.#failure;
    try {
      await this.#store.append(records);
    } catch (cause) {
      const detail = cause instanceof Error ? cause.message : String(cause);
      this.#failure = new StoreError(`metadata store append failed: ${detail}`, { cause });
      throw this.#failure;
    }
  }
}
