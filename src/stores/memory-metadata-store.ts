import type { LeaseFence, LeaseResult, LogRecord, MetadataStore, RunSummary } from '../adapters/metadata-store.js';
import { LeaseLostError } from '../model/errors.js';
import { summarizeRuns } from './summarize-runs.js';

/**
 * A {@link MetadataStore} in memory: fast and forgotten when the process ends. For tests,
 * examples and runs that need no resume across processes.
 */
export class MemoryMetadataStore implements MetadataStore {
  readonly #runs = new Map<string, LogRecord[]>();
  readonly #runRows: LogRecord[] = [];
  readonly #leases = new Map<string, { owner: string; expiresAt: number }>();

  /** Nothing to create. */
  async init(): Promise<void> {}

  /** Keeps the rows (they are frozen by the engine, so no copy is needed), if the fence holds. */
  async append(records: readonly LogRecord[], fence?: LeaseFence): Promise<void> {
    if (fence && this.#leases.get(fence.runId)?.owner !== fence.owner) throw new LeaseLostError(fence.runId);
    for (const record of records) {
      const rows = this.#runs.get(record.pipelineRunId);
      if (rows) rows.push(record);
      else this.#runs.set(record.pipelineRunId, [record]);
      if (record.jobName === null) this.#runRows.push(record);
    }
  }

  /** The newest row per `jobId`, ordered by `seq`. */
  async latest(runId: string): Promise<readonly LogRecord[]> {
    const newest = new Map<string, LogRecord>();
    for (const row of this.#sorted(runId)) newest.set(row.jobId, row);
    return [...newest.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Every row of the run, ordered by `seq`. */
  async history(runId: string): Promise<readonly LogRecord[]> {
    return this.#sorted(runId);
  }

  /** Runs, newest first. */
  async listRuns(query: { readonly pipeline?: string; readonly limit?: number } = {}): Promise<readonly RunSummary[]> {
    return summarizeRuns(this.#runRows, query.pipeline, query.limit);
  }

  /** Takes the lease unless another owner holds an unexpired one. */
  async acquireLease(runId: string, owner: string, ttlMs: number): Promise<LeaseResult> {
    const now = Date.now();
    const held = this.#leases.get(runId);
    if (held && held.owner !== owner && held.expiresAt > now) {
      return { acquired: false, holder: held.owner, expiresAt: new Date(held.expiresAt) };
    }
    this.#leases.set(runId, { owner, expiresAt: now + ttlMs });
    return { acquired: true, expiresAt: new Date(now + ttlMs) };
  }

  /** Extends the lease if `owner` is still its holder. */
  async renewLease(runId: string, owner: string, ttlMs: number): Promise<boolean> {
    const held = this.#leases.get(runId);
    if (!held || held.owner !== owner) return false;
    held.expiresAt = Date.now() + ttlMs;
    return true;
  }

  /** Drops the lease if `owner` holds it. */
  async releaseLease(runId: string, owner: string): Promise<void> {
    if (this.#leases.get(runId)?.owner === owner) this.#leases.delete(runId);
  }

  #sorted(runId: string): LogRecord[] {
    return [...(this.#runs.get(runId) ?? [])].sort((a, b) => a.seq - b.seq);
  }
}
