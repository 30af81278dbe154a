import type { JobsApi } from '../../adapters/jobs-api.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import { InvalidOptionsError } from '../../model/errors.js';
import { inProcessExecutor, type JobExecutor } from '../attempts/attempt-work.js';
import { databricksExecutor } from '../databricks/databricks-executor.js';
import type { RunWatcher } from '../databricks/databricks-run-watcher.js';
import type { PollOptions } from '../databricks/poll-options.js';
import type { LeaseGuard } from '../log/lease-keeper.js';
import { AttemptContext, type ContextSource } from './job-context.js';

/** What the executors of a run need. */
export interface ExecutorSetup {
  readonly parameters: Readonly<Record<string, string>>;
  /** The Jobs API and the engine's run watcher, when the pipeline has Databricks jobs. */
  readonly databricks: { readonly jobsApi: JobsApi; readonly watcher: RunWatcher } | undefined;
  readonly poll: Required<PollOptions>;
  readonly random: () => number;
  /** The run's lease, checked before anything changes in Databricks. */
  readonly lease: LeaseGuard;
}

/** The function giving each job of a run its executor, by the job's kind. */
export function executorsFor(run: ContextSource, setup: ExecutorSetup): (job: JobDefinition) => JobExecutor {
  const { parameters, databricks, poll, random, lease } = setup;
  const executors: Readonly<Record<JobDefinition['kind'], JobExecutor | undefined>> = {
    'in-process': inProcessExecutor((job, attempt) => new AttemptContext(run, job.key, attempt, parameters)),
    databricks: databricks && databricksExecutor({ ...databricks, runId: run.runId, parameters, poll, random, lease }),
  };
  return (job) => {
    const executor = executors[job.kind];
    if (!executor) throw new InvalidOptionsError(`job '${job.key}' runs on Databricks but the engine has no Jobs API`);
    return executor;
  };
}
