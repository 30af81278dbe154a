/**
 * Options of the local Databricks workspace emulator.
 * @module
 */

/** How one run of a scripted job ends. */
export type ScriptedOutcome = 'SUCCESS' | 'FAILED' | 'TIMEDOUT' | 'INTERNAL_ERROR';

/** When a task runs, given how its dependencies ended (Databricks' `run_if`). */
export type ScriptedTaskRunIf =
  | 'ALL_SUCCESS'
  | 'AT_LEAST_ONE_SUCCESS'
  | 'NONE_FAILED'
  | 'ALL_DONE'
  | 'AT_LEAST_ONE_FAILED'
  | 'ALL_FAILED';

/** A task of a multi-task job, and how its executions behave. */
export interface ScriptedTask {
  /** `task_key`. */
  readonly taskKey: string;
  /** Keys of the tasks it runs after. */
  readonly dependsOn?: readonly string[];
  /** @default 'ALL_SUCCESS' */
  readonly runIf?: ScriptedTaskRunIf;
  /**
   * Time one execution spends RUNNING, in emulated milliseconds.
   * @default 1000
   */
  readonly durationMs?: number;
  /**
   * Outcome of the 1st, 2nd, … execution of the task in this job (the workspace's retries,
   * later runs and repairs each count); executions past the end repeat the last one.
   * @default ['SUCCESS']
   */
  readonly outcomes?: readonly ScriptedOutcome[];
  /** Error text of its failed executions, as `runs/get-output` of the task run returns it. */
  readonly errorMessage?: string;
  /** `notebook_output.result` of its successful executions. */
  readonly notebookOutput?: string;
  /** Retries the workspace makes (`max_retries`). @default 0 */
  readonly maxRetries?: number;
  /** `min_retry_interval_millis`, in emulated milliseconds. @default 0 */
  readonly minRetryIntervalMs?: number;
  /** Whether a timed-out execution is retried too (`retry_on_timeout`). @default false */
  readonly retryOnTimeout?: boolean;
  /** Rows each execution appends to warehouse tables when its RUNNING time ends (see `ScriptedJob.writes`). */
  readonly writes?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
}

/** A job the emulator knows from the start, and how its runs behave. */
export interface ScriptedJob {
  /** Job name (`settings.name`). */
  readonly name: string;
  /**
   * Time a run spends RUNNING, in emulated milliseconds.
   * @default 1000
   */
  readonly durationMs?: number;
  /**
   * Time in PENDING before RUNNING (cluster start), in emulated milliseconds.
   * @default 0
   */
  readonly pendingMs?: number;
  /**
   * Time in TERMINATING after RUNNING (cleanup), in emulated milliseconds.
   * @default 0
   */
  readonly terminatingMs?: number;
  /**
   * Outcome of the 1st, 2nd, … run of the job; runs past the end repeat the last one.
   * @default ['SUCCESS']
   */
  readonly outcomes?: readonly ScriptedOutcome[];
  /** Error text of failed runs, as `runs/get-output` returns it. */
  readonly errorMessage?: string;
  /** `notebook_output.result` of successful runs. */
  readonly notebookOutput?: string;
  /**
   * Runs of the job at once (`max_concurrent_runs`); later runs wait QUEUED, as with the
   * queueing that Jobs API 2.2 enables by default.
   * @default 1
   */
  readonly maxConcurrentRuns?: number;
  /** The token may see the job but not run it: run-now answers 403 PERMISSION_DENIED. */
  readonly forbidden?: boolean;
  /**
   * The job's tasks. Without them the job has one task, `main`, whose behaviour is the
   * job's own `durationMs`, `outcomes`, `errorMessage`, `notebookOutput` and `writes`.
   */
  readonly tasks?: readonly ScriptedTask[];
  /** Job parameter definitions (`parameters: [{ name, default }]`). */
  readonly parameters?: readonly { readonly name: string; readonly default: string }[];
  /**
   * Whether runs past `maxConcurrentRuns` wait QUEUED (a job created through 2.2) or end
   * SKIPPED at once (a job created through 2.0/2.1, or with `queue.enabled: false`).
   * @default true
   */
  readonly queue?: boolean;
  /**
   * Rows each run appends to tables of the SQL warehouse, as one Delta commit made by that
   * run (its `job` in DESCRIBE HISTORY), when its RUNNING time ends — whatever its outcome,
   * so a failing run leaves the half-written state rollback exists for. A missing table is
   * created from the rows.
   */
  readonly writes?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
}

/** Faults injected into answers, by rate (0–1 per request) or by count (the next N requests). */
export interface EmulatorFaults {
  /** Share of requests answered 429 with `Retry-After`. */
  readonly rate429?: number;
  /** Share of requests answered 500. */
  readonly rate500?: number;
  /** Share of requests answered 503 with `Retry-After`. */
  readonly rate503?: number;
  /** Share of requests whose connection is dropped without an answer. */
  readonly rateDrop?: number;
  /**
   * The next requests to fail, in order, whatever the rates say. `truncate` processes the
   * request and sends a 200 whose JSON is cut in half, as a proxy that drops a buffer does.
   */
  readonly next?: readonly ('429' | '500' | '503' | 'drop' | 'truncate')[];
  /**
   * Delay before every answer, in real milliseconds.
   * @default 0
   */
  readonly slowMs?: number;
  /**
   * `Retry-After` of 429 and 503 answers, in seconds.
   * @default 1
   */
  readonly retryAfterSeconds?: number;
  /**
   * Only requests whose path contains this are faulted (e.g. `'runs/get'`).
   */
  readonly pathIncludes?: string;
}

/** Options of {@link startEmulator}. */
export interface EmulatorOptions {
  /** Jobs present from the start; their ids are 1, 2, … in this order. */
  readonly jobs?: readonly ScriptedJob[];
  /** Faults to inject; change them later with `setFaults`. */
  readonly faults?: EmulatorFaults;
  /**
   * Emulated milliseconds per real millisecond: `60` runs an hour-long job in a minute.
   * @default 1
   */
  readonly timeScale?: number;
  /**
   * The personal access token requests must carry.
   * @default a random `dapi…` token
   */
  readonly token?: string;
  /** A service principal allowed to get OAuth tokens from `/oidc/v1/token`. */
  readonly servicePrincipal?: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly tokenLifetimeSeconds?: number;
  };
  /**
   * Id of the emulated SQL warehouse serving `/api/2.0/sql/statements` (on in-memory SQLite;
   * needs the optional package better-sqlite3).
   * @default 'emulator-warehouse'
   */
  readonly warehouseId?: string;
  /**
   * Delta tables of the SQL warehouse at the start (`catalog.schema.table` → rows; column
   * types from the first row), each at version 0.
   */
  readonly tables?: Readonly<Record<string, readonly Readonly<Record<string, unknown>>[]>>;
  /**
   * Emulated milliseconds a statement stays RUNNING before its result is ready.
   * @default 0
   */
  readonly sqlLatencyMs?: number;
  /** Serve HTTPS with this key and certificate (PEM); clients pass the certificate as `ca`. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /**
   * Port on 127.0.0.1.
   * @default a free port
   */
  readonly port?: number;
  /** Leave the deprecated `state` out of run answers, as Databricks may one day (`status` stays). */
  readonly omitState?: boolean;
  /**
   * Seed of the fault dice, for reproducible runs.
   * @default 1
   */
  readonly seed?: number;
}

/** One request the emulator answered (or dropped). */
export interface EmulatorCall {
  readonly method: string;
  /** Path without the query string, e.g. `/api/2.2/jobs/run-now`. */
  readonly path: string;
  /** HTTP status sent, or 0 for a dropped connection. */
  readonly status: number;
  /** Parsed JSON body of a POST, or the query of a GET. */
  readonly request: Readonly<Record<string, unknown>>;
  /** Emulated time of the call, epoch milliseconds. */
  readonly time: number;
}
