/**
 * A MetadataStore of your own: the run log as a JSON-lines file (one row per line), with
 * leases in a second file. Written only against brickwork's public API; the tests run the
 * MetadataStore contract suite and a pipeline with a resume on it
 * (test/examples/custom-store.test.ts). Good for one machine; use the SQLite or Databricks
 * store when several processes share the log.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  type LeaseFence,
  LeaseLostError,
  type LeaseResult,
  type LogRecord,
  type MetadataStore,
  type RunSummary,
  summarizeRuns,
} from 'brickwork';

/** A run log in `path` (JSON lines) and its leases in `path + '.leases.json'`. */
export class JsonLinesStore implements MetadataStore {
  readonly #path: string;
  readonly #leasePath: string;
  /** Lease changes one after another: a read-modify-write of the lease file must not interleave. */
  #leaseQueue: Promise<unknown> = Promise.resolve();

  constructor(path: string) {
    this.#path = path;
    this.#leasePath = `${path}.leases.json`;
  }

  async init(): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    await appendFile(this.#path, '');
  }

  async append(records: readonly LogRecord[], fence?: LeaseFence): Promise<void> {
    const write = () => appendFile(this.#path, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    // One write call per batch: the rows land together, in order.
    if (!fence) return write();
    // Fenced: checked and written in the lease queue, so no takeover slips in between.
    await this.#changeLeases(async (leases) => {
      if (leases[fence.runId]?.owner !== fence.owner) throw new LeaseLostError(fence.runId);
      await write();
    });
  }

  async latest(runId: string): Promise<readonly LogRecord[]> {
    const newest = new Map<string, LogRecord>();
    for (const row of await this.history(runId)) newest.set(row.jobId, row);
    return [...newest.values()].sort((a, b) => a.seq - b.seq);
  }

  async history(runId: string): Promise<readonly LogRecord[]> {
    return (await this.#rows()).filter((row) => row.pipelineRunId === runId).sort((a, b) => a.seq - b.seq);
  }

  async listRuns(query: { readonly pipeline?: string; readonly limit?: number } = {}): Promise<readonly RunSummary[]> {
    return summarizeRuns(await this.#rows(), query.pipeline, query.limit);
  }

  acquireLease(runId: string, owner: string, ttlMs: number): Promise<LeaseResult> {
    return this.#changeLeases((leases) => {
      const held = leases[runId];
      const now = Date.now();
      if (held && held.owner !== owner && held.expiresAt > now) {
        return { acquired: false, holder: held.owner, expiresAt: new Date(held.expiresAt) };
      }
      leases[runId] = { owner, expiresAt: now + ttlMs };
      return { acquired: true, expiresAt: new Date(now + ttlMs) };
    });
  }

  renewLease(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    return this.#changeLeases((leases) => {
      const held = leases[runId];
      // Past its expiry too, as long as nobody took it over.
      if (!held || held.owner !== owner) return false;
      held.expiresAt = Date.now() + ttlMs;
      return true;
    });
  }

  async releaseLease(runId: string, owner: string): Promise<void> {
    await this.#changeLeases((leases) => {
      if (leases[runId]?.owner === owner) delete leases[runId];
    });
  }

  /** Reads the leases, lets `change` edit them, writes them back — one change at a time. */
  #changeLeases<T>(change: (leases: Record<string, { owner: string; expiresAt: number }>) => T | Promise<T>): Promise<T> {
    const next = this.#leaseQueue.then(async () => {
      const leases = JSON.parse(await readFile(this.#leasePath, 'utf8').catch(() => '{}'));
      const result = await change(leases);
      await writeFile(this.#leasePath, JSON.stringify(leases));
      return result;
    });
    this.#leaseQueue = next.catch(() => {});
    return next;
  }

  async #rows(): Promise<LogRecord[]> {
    const text = await readFile(this.#path, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => {
        const row = JSON.parse(line) as Record<string, unknown>;
        // JSON has no dates: revive the three time columns.
        for (const column of ['startTime', 'endTime', 'eventTime']) {
          if (typeof row[column] === 'string') row[column] = new Date(row[column]);
        }
        return row as unknown as LogRecord;
      });
  }
}
