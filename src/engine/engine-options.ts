import type { JobsApi } from '../adapters/jobs-api.js';
import type { MetadataStore } from '../adapters/metadata-store.js';
import type { Notifier } from '../adapters/notifier.js';
import type { RollbackStrategy } from '../adapters/rollback-strategy.js';
import type { SqlClient } from '../adapters/sql-client.js';
import { describeIssues, notifyPolicySchema } from '../builder/spec-schema.js';
import { resolveRetryOptions } from '../model/backoff.js';
import { InvalidOptionsError } from '../model/errors.js';
import type { NotifyPolicy } from '../model/notify-policy.js';
import { DEFAULT_DELIVERY_RETRY, type DeliveryOptions, type ResolvedDeliveryOptions } from './alerts/deliver.js';
import type { PollOptions } from './databricks/poll-options.js';
import { processOwner } from './log/lease-owner.js';
import { createLogger, type Logger } from './logger.js';

/** Options of {@link createEngine}. Every field is optional. */
export interface EngineOptions {
  /**
   * Where runs are recorded.
   * @default a Databricks table `BRICKWORK_LOG_TABLE` (default `brickwork_log`) when a SQL
   * warehouse is configured (`BRICKWORK_SQL_WAREHOUSE` — an id or HTTP path — or
   * `DATABRICKS_WAREHOUSE_ID`); otherwise the SQLite file `BRICKWORK_STATE_DB`
   * (default `.brickwork/state.db`)
   */
  readonly store?: MetadataStore;
  /**
   * The Databricks Jobs API, for pipelines with `databricks` jobs.
   * @default a `DatabricksJobsClient` from DATABRICKS_HOST and DATABRICKS_TOKEN (or
   * DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET), made when first needed
   */
  readonly jobsApi?: JobsApi;
  /** How Databricks runs are polled. */
  readonly poll?: PollOptions;
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
   * Name of this process in leases; each drive of a run (a `run`, `resume` or rollback)
   * holds the lease as this name and a random part, so two drives never share a lease.
   * @default `${hostname}:${pid}:${process start time}` (which lets another process on the
   * same host take a lease over at once when this one has died)
   */
  readonly owner?: string;
  /**
   * Source of randomness in [0, 1) for retry jitter; inject a seeded one for reproducible tests.
   * @default Math.random
   */
  readonly random?: () => number;
  /**
   * Where alerts go; policies route jobs to them by name. Pass `[]` for none.
   * @default a `ConsoleNotifier` (standard error)
   */
  readonly notifiers?: readonly Notifier[];
  /**
   * When to notify: the base every pipeline's and job's `notify` merges over.
   * @default failures, duration warnings and recoveries
   */
  readonly notify?: NotifyPolicy;
  /** Timeout and retries of each notifier's delivery. */
  readonly delivery?: DeliveryOptions;
  /**
   * SQL on the workspace, for checks and Delta rollback.
   * @default the metadata store's warehouse client when a SQL warehouse is configured
   * (`BRICKWORK_SQL_WAREHOUSE` or `DATABRICKS_WAREHOUSE_ID`), else none
   */
  readonly sql?: SqlClient;
  /**
   * How the tables in a job's `writes` are snapshotted and restored. Pass `false` for none.
   * @default a `DeltaRestoreRollback` on `sql`, when there is one
   */
  readonly rollback?: RollbackStrategy | false;
  /**
   * Where the defaults above are read from (`DATABRICKS_HOST`, `BRICKWORK_STATE_DB`, …).
   * @default process.env
   */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Engine options with every default filled in. */
export type ResolvedEngineOptions = Required<
  Omit<EngineOptions, 'jobsApi' | 'poll' | 'notify' | 'delivery' | 'sql' | 'rollback' | 'env'>
> & {
  readonly sql: SqlClient | undefined;
  readonly rollback: RollbackStrategy | undefined;
  readonly notify: NotifyPolicy | undefined;
  readonly delivery: ResolvedDeliveryOptions;
  /** The given Jobs API, or one made from the environment on first use. */
  readonly jobsApi: () => JobsApi;
  readonly poll: Required<PollOptions>;
};

/**
 * The adapters an engine uses when its options name none: made by `createEngine` from the
 * environment (`src/create-engine.ts`), so that the engine itself knows interfaces only.
 */
export interface DefaultAdapters {
  readonly store: MetadataStore;
  readonly sql: SqlClient | undefined;
  readonly rollback: RollbackStrategy | undefined;
  /** Makes the Jobs API on first use (it may throw when none is configured). */
  readonly jobsApi: () => JobsApi;
  readonly notifiers: readonly Notifier[];
}

/** Fills in the defaults of {@link EngineOptions} in one place, and checks the values. */
export function resolveEngineOptions(options: EngineOptions, defaults: DefaultAdapters): ResolvedEngineOptions {
  const resolved: ResolvedEngineOptions = {
    store: defaults.store,
    sql: defaults.sql,
    rollback: defaults.rollback,
    concurrency: options.concurrency ?? 4,
    logger: options.logger ?? createLogger(),
    leaseTtlMs: options.leaseTtlMs ?? 60_000,
    owner: options.owner ?? processOwner(),
    random: options.random ?? Math.random,
    jobsApi: defaults.jobsApi,
    poll: { minIntervalMs: 1000, maxIntervalMs: 30_000, backoffFactor: 1.5, maxSweepIntervalMs: 10_000, ...options.poll },
    notifiers: Object.freeze([...defaults.notifiers]),
    notify: options.notify,
    delivery: resolveDelivery(options.delivery),
  };
  checkNotifyOptions(resolved);
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new InvalidOptionsError(`engine option concurrency must be a positive integer, got ${resolved.concurrency}`);
  }
  if (!(resolved.leaseTtlMs >= 1000)) {
    throw new InvalidOptionsError(`engine option leaseTtlMs must be at least 1000, got ${resolved.leaseTtlMs}`);
  }
  return Object.freeze(resolved);
}

function checkNotifyOptions(options: ResolvedEngineOptions): void {
  const seen = new Set<string>();
  for (const notifier of options.notifiers) {
    const name: unknown = notifier?.name;
    if (typeof name !== 'string' || name === '' || typeof notifier.send !== 'function' || seen.has(name)) {
      throw new InvalidOptionsError(
        `engine option notifiers: each needs a unique, non-empty name and a send function; '${String(name)}' does not`,
      );
    }
    seen.add(name);
  }
  const policy = notifyPolicySchema.safeParse(options.notify ?? {});
  if (!policy.success) {
    const problems = describeIssues('notify', policy.error).map((p) => `${p.path}: ${p.message}`);
    throw new InvalidOptionsError(`engine option ${problems.join('; ')}`);
  }
}

/** The delivery options with their defaults, or a clear error naming what is out of range. */
function resolveDelivery(options: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = resolveRetryOptions(options.retry, DEFAULT_DELIVERY_RETRY);
  const problems = [
    ...(timeoutMs > 0 ? [] : [`timeoutMs: must be a number > 0, got ${timeoutMs}`]),
    ...('problems' in retry ? retry.problems.map((problem) => `retry.${problem}`) : []),
  ];
  if (problems.length > 0 || 'problems' in retry) {
    throw new InvalidOptionsError(`engine option delivery: ${problems.join('; ')}`);
  }
  return Object.freeze({ timeoutMs, retry });
}
