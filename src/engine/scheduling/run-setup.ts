import type { JobsApi } from '../../adapters/jobs-api.js';
import type { RunWatcher } from '../databricks/databricks-run-watcher.js';
import type { LeaseKeeper } from '../log/lease-keeper.js';
import type { ResumePlan } from '../resume/resume-plan.js';

/** What one run needs beyond the engine options. */
export interface RunSetup {
  readonly runId: string;
  /** The run's lease, already taken for this drive; the run releases it at its end. */
  readonly lease: LeaseKeeper;
  readonly parameters: Readonly<Record<string, string>>;
  readonly signal: AbortSignal | undefined;
  readonly deadlineSeconds: number | undefined;
  /** Recorded on `run_started`. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** What a resumed run keeps, re-attaches and runs again; absent for a new run. */
  readonly resume?: ResumePlan;
  /** The Jobs API and the engine's run watcher, when the pipeline has Databricks jobs. */
  readonly databricks: { readonly jobsApi: JobsApi; readonly watcher: RunWatcher } | undefined;
}
