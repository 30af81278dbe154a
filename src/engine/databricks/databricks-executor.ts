import { createHash } from 'node:crypto';
import type { JobsApi, RunState } from '../../adapters/jobs-api.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import { JobRunError } from '../../model/errors.js';
import type { DatabricksOutput } from '../../model/job-outputs.js';
import { abortableDelay } from '../../util/abortable.js';
import type { AttemptInfo, JobExecutor } from '../attempts/attempt-work.js';
import type { LeaseGuard } from '../log/lease-keeper.js';
import { isTerminalRun, runOutcome } from './databricks-run-outcome.js';
import type { RunWatcher } from './databricks-run-watcher.js';
import type { PollOptions } from './poll-options.js';
import { declaredParameters, runNowFields } from './run-now-parameters.js';

/** What the executor needs from the run it serves. */
export interface DatabricksRunContext {
  readonly jobsApi: JobsApi;
  readonly runId: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly poll: Required<PollOptions>;
  readonly random: () => number;
  /** Shared sweeps over the engine's running runs. */
  readonly watcher: RunWatcher;
  /** The run's lease: no trigger or cancel is sent unless it is verifiably held. */
  readonly lease: LeaseGuard;
}

/**
 * The idempotency token of one attempt: the same (run, job, attempt) always gives the same
 * token, so a retried or resumed trigger maps to the same Databricks run; a new attempt
 * gets a new one. 43 characters (the API allows 64).
 */
export function idempotencyToken(runId: string, job: string, attempt: number): string {
  return `bw-${createHash('sha256').update(`${runId}\u0000${job}\u0000${attempt}`).digest('hex').slice(0, 40)}`;
}

/**
 * Runs `databricks` jobs: triggers (run-now or runs/submit, with the attempt's idempotency
 * token), records the run before polling, polls adaptively until a terminal state,
 * classifies the outcome, and on abort cancels the run and waits until it is terminal.
 * Triggers and cancels are sent only while the run's lease is verifiably held: a drive that
 * lost it leaves the Databricks run to the drive that took it over.
 */
export function databricksExecutor(context: DatabricksRunContext): JobExecutor {
  const jobIds = new Map<string, Promise<number>>();
  const jobIdOf = (name: string) => {
    let id = jobIds.get(name);
    if (!id) {
      id = context.jobsApi.resolveJobId(name);
      id.catch(() => jobIds.delete(name));
      jobIds.set(name, id);
    }
    return id;
  };
  const declared = declaredParameters(context.jobsApi);
  return {
    honoursSignal: true,
    run: (job, attempt) => runOnDatabricks(context, { jobIdOf, declared }, job, attempt),
  };
}

async function runOnDatabricks(
  context: DatabricksRunContext,
  { jobIdOf, declared }: { jobIdOf: (name: string) => Promise<number>; declared: (jobId: number) => Promise<readonly string[]> },
  job: JobDefinition,
  attempt: AttemptInfo,
): Promise<DatabricksOutput> {
  const { jobsApi } = context;
  const target = job.databricks as NonNullable<JobDefinition['databricks']>;
  const token = idempotencyToken(context.runId, job.key, attempt.attempt);
  attempt.signal.throwIfAborted();
  // The trigger itself is not aborted half-way: its answer is needed to cancel the run.
  const existing = attempt.existingRun;
  let jobId = existing?.jobId;
  let runId: number;
  let repairId: number | undefined;
  if (existing) {
    runId = existing.runId;
  } else if (attempt.repair) {
    ({ runId, repairId } = await repairOnDatabricks(context, attempt, attempt.repair));
    jobId = attempt.repair.run.jobId;
  } else if ('submit' in target) {
    await context.lease.ensureHeld();
    runId = (await jobsApi.submitRun({ payload: target.submit, idempotencyToken: token })).runId;
  } else {
    jobId = 'jobId' in target ? target.jobId : await jobIdOf(target.jobName);
    const id = jobId;
    const fields = await runNowFields(target, context.parameters, () => declared(id));
    await context.lease.ensureHeld();
    runId = (await jobsApi.runNow({ jobId, ...fields, idempotencyToken: token })).runId;
  }
  // Right after a repair, runs/get may still show the run's earlier end: only an end that
  // lists this repair is this attempt's.
  const done = (state: RunState) => isTerminalRun(state) && (repairId === undefined || state.latestRepairId === repairId);
  let state = await observe(context, runId, attempt.signal);
  // A resumed attempt's run is recorded already; a new one is recorded before it is watched.
  if (!existing) {
    const runPageUrl = state.runPageUrl;
    try {
      await attempt.recordRun({ runId, ...(jobId === undefined ? {} : { jobId }), ...(runPageUrl ? { runPageUrl } : {}) });
    } catch (error) {
      // Unrecorded, the run would be left running with nobody watching it: cancel it.
      await cancelAndWait(context, runId).catch(() => undefined);
      throw error;
    }
  }
  if (!done(state)) {
    try {
      state = await context.watcher.wait(runId, attempt.signal, done);
    } catch (reason) {
      if (attempt.signal.aborted) await cancelAndWait(context, runId).catch(() => undefined);
      else await cancel(context, runId).catch(() => undefined);
      throw reason;
    }
  }
  if (attempt.signal.aborted) throw attempt.signal.reason;
  return finish(context, state, job);
}

/**
 * Repairs the previous attempt's run — its failed tasks and their dependents — instead of
 * triggering a new one. The run's latest repair id is recorded first (a repair has no
 * idempotency token); a resumed attempt that recorded one and finds a newer repair knows
 * its repair was made before the crash, and watches it instead of repairing twice.
 */
async function repairOnDatabricks(
  context: DatabricksRunContext,
  attempt: AttemptInfo,
  repair: NonNullable<AttemptInfo['repair']>,
): Promise<{ runId: number; repairId: number | undefined }> {
  const runId = repair.run.runId;
  const before = (await context.jobsApi.getRun(runId)).latestRepairId ?? null;
  if (repair.recordedLatestRepairId !== undefined && before !== repair.recordedLatestRepairId) {
    return { runId, repairId: before ?? undefined };
  }
  await context.lease.ensureHeld();
  if (repair.recordedLatestRepairId === undefined) await attempt.recordRepair(before);
  const { repairId } = await context.jobsApi.repairRun({ runId, ...(before === null ? {} : { latestRepairId: before }) });
  return { runId, repairId };
}

async function finish(context: DatabricksRunContext, state: RunState, job: JobDefinition): Promise<DatabricksOutput> {
  const outcome = runOutcome(state);
  if (outcome.ok) {
    return {
      runId: state.runId,
      ...(state.runPageUrl ? { runPageUrl: state.runPageUrl } : {}),
      ...(state.resultState ? { resultState: state.resultState } : {}),
    };
  }
  const detail = (await context.jobsApi.getRunError(state.runId).catch(() => undefined)) ?? state.stateMessage ?? '';
  const how = [state.lifeCycleState, state.resultState, state.terminationCode].filter(Boolean).join('/');
  // One retry authority: tasks Databricks already retried are not retried again, unless asked.
  const retried = state.workspaceRetries ?? 0;
  const workspaceRetried = retried > 0 && !job.retry.afterWorkspaceRetries;
  const after = workspaceRetried ? ` (after ${retried + 1} executions by Databricks, its max_retries)` : '';
  throw new JobRunError(
    outcome.failureClass,
    `Databricks run ${state.runId} ended ${how}${after}${detail ? `: ${detail}` : ''}`,
    outcome.retriable && !workspaceRetried,
  );
}

/**
 * `runs/get`, riding out API trouble: a run that is triggered must not be abandoned (a new
 * attempt would start a second one), so transient failures are polled through until the
 * attempt is aborted. A refusal (401, 403, 400) cancels the run, best effort, and fails.
 */
async function observe(context: DatabricksRunContext, runId: number, signal: AbortSignal): Promise<RunState> {
  for (let wait = context.poll.minIntervalMs; ; wait = Math.min(wait * context.poll.backoffFactor, context.poll.maxIntervalMs)) {
    try {
      return await context.jobsApi.getRun(runId);
    } catch (error) {
      if ((error as { retriable?: unknown }).retriable !== true) {
        await cancel(context, runId).catch(() => undefined);
        throw error;
      }
    }
    try {
      await abortableDelay(jitter(wait, context.random), signal);
    } catch (reason) {
      await cancelAndWait(context, runId).catch(() => undefined);
      throw reason;
    }
  }
}

/** Cancels a run, if the lease is still held (rejects otherwise). */
async function cancel(context: DatabricksRunContext, runId: number): Promise<void> {
  await context.lease.ensureHeld();
  await context.jobsApi.cancelRun(runId);
}

/** Cancels a run and polls until it is terminal, for at most about a minute of polls. */
async function cancelAndWait(context: DatabricksRunContext, runId: number): Promise<void> {
  await cancel(context, runId);
  let wait = context.poll.minIntervalMs;
  for (let polls = 0; polls < 30; polls++) {
    if (isTerminalRun(await context.jobsApi.getRun(runId))) return;
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * context.poll.backoffFactor, context.poll.maxIntervalMs, 2000);
  }
}

function jitter(ms: number, random: () => number): number {
  return Math.round(ms * (0.9 + 0.2 * random()));
}
