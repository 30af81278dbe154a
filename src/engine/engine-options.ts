import { hostname } from 'node:os';
import type { JobsApi } from '../adapters/jobs-api.js';
import type { MetadataStore } from '../adapters/metadata-store.js';
import { InvalidOptionsError } from '../errors.js';
import { MemoryMetadataStore } from '../stores/memory-metadata-store.js';
import { createLogger, type Logger } from './logger.js';

/** Options of {@link createEngine}. Every field is optional. */
export interface EngineOptions {
  /**
   * Where runs are recorded.
   * @default new MemoryMetadataStore()
   */
  readonly store?: MetadataStore;
  /** The Databricks Jobs API, needed by pipelines with `databricks` jobs. */
  readonly jobsApi?: JobsApi;
  /**
   * Jobs running at once when the pipeline does not set `concurrency`.
   * @default 4
   */
  readonly concurrency?: number;
  /**
   * Diagnostics (listener failures, lease trouble).
   * @default warnings and errors to stderr
   */
  readonly logger?: Logger;
  /**
   * Lifetime of the lease that keeps other processes from driving the same run; renewed
   * at a third of it.
   * @default 60000
   */
  readonly leaseTtlMs?: number;
  /**
   * Name of this process in leases.
   * @default `${hostname}:${pid}`
   */
  readonly owner?: string;
  /**
   * Source of randomness in [0, 1) for retry jitter; inject a seeded one for reproducible tests.
   * @default Math.random
   */
  readonly random?: () => number;
}

/** Engine options with every default filled in. */
export type ResolvedEngineOptions = Required<Omit<EngineOptions, 'jobsApi'>> & Pick<EngineOptions, 'jobsApi'>;

/** Fills in the defaults of {@link EngineOptions} in one place, and checks the values. */
export function resolveEngineOptions(options: EngineOptions = {}): ResolvedEngineOptions {
  const resolved: ResolvedEngineOptions = {
    store: options.store ?? new MemoryMetadataStore(),
    concurrency: options.concurrency ?? 4,
    logger: options.logger ?? createLogger(),
    leaseTtlMs: options.leaseTtlMs ?? 60_000,
    owner: options.owner ?? `${hostname()}:${process.pid}`,
    random: options.random ?? Math.random,
    ...(options.jobsApi ? { jobsApi: options.jobsApi } : {}),
  };
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new InvalidOptionsError(`engine option concurrency must be a positive integer, got ${resolved.concurrency}`);
  }
  if (!(resolved.leaseTtlMs >= 1000)) {
    throw new InvalidOptionsError(`engine option leaseTtlMs must be at least 1000, got ${resolved.leaseTtlMs}`);
  }
  return Object.freeze(resolved);
}
