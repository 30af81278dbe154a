import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createEngine, DatabricksJobsClient, loadPipeline, MemoryMetadataStore, pipeline } from '../../src/index.js';
import { type Emulator, type ScriptedJob, type ScriptedOutcome, startEmulator } from '../../src/testing.js';
import { taskExecutions } from './task-executions.js';

const SEED = join(import.meta.dirname, '..', 'fixtures', 'seed-jobs');

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

/**
 * The seed's job files as the workspace would run them once deployed: each task with its
 * own `max_retries` and `retry_on_timeout` from the file, behaving as `outcomes` says.
 */
function deployedSeed(outcomes: Readonly<Record<string, readonly ScriptedOutcome[]>>): ScriptedJob[] {
  return readdirSync(SEED).flatMap((file) => {
    const { jobs } = parse(readFileSync(join(SEED, file), 'utf8')) as {
      jobs: { name: string; tasks: { task_key: string; max_retries?: number; retry_on_timeout?: boolean }[] }[];
    };
    return jobs.map((job) => ({
      name: job.name,
      tasks: job.tasks.map((task) => ({
        taskKey: task.task_key,
        durationMs: 1000,
        ...(task.max_retries === undefined ? {} : { maxRetries: task.max_retries }),
        ...(task.retry_on_timeout === undefined ? {} : { retryOnTimeout: task.retry_on_timeout }),
        ...(outcomes[task.task_key] ? { outcomes: outcomes[task.task_key], errorMessage: `${task.task_key} broke` } : {}),
      })),
    }));
  });
}

describe('one retry authority (default options)', () => {
  it("runs the seed's load exactly as its file says: max_retries 3 is four executions, made by Databricks, none by brickwork", async () => {
    emulator = await startEmulator({ timeScale: 100, jobs: deployedSeed({ LoadTask: ['FAILED'] }) });
    const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
    const engine = createEngine({ notifiers: [], jobsApi, store: new MemoryMetadataStore() });
    const seed = await loadPipeline(SEED, { name: 'seed' });
    const result = await engine.run(seed);

    expect(result.status).toBe('failed');
    const load = result.jobs.get('Data_Load_Job');
    expect(load?.attempts).toHaveLength(1);
    expect(load?.error?.message).toContain('after 4 executions by Databricks, its max_retries');
    expect(load?.error?.message).toContain('LoadTask broke');
    const loadRuns = emulator.runs().filter((run) => run.runName === 'Data_Load_Job');
    expect(loadRuns).toHaveLength(1);
    expect(await taskExecutions(emulator, loadRuns[0]?.runId as number)).toEqual([
      'LoadTask#0:FAILED',
      'LoadTask#1:FAILED',
      'LoadTask#2:FAILED',
      'LoadTask#3:FAILED',
    ]);
    expect(result.jobs.get('ES_Load_Job')?.status).toBe('skipped');
  });

  it('retries after the workspace retried only when asked (afterWorkspaceRetries), by repairing the run', async () => {
    emulator = await startEmulator({
      timeScale: 100,
      jobs: [{ name: 'Load', tasks: [{ taskKey: 'load', maxRetries: 1, outcomes: ['FAILED', 'FAILED', 'FAILED', 'SUCCESS'] }] }],
    });
    const jobsApi = new DatabricksJobsClient({ host: emulator.url, token: emulator.token });
    const engine = createEngine({ notifiers: [], jobsApi, store: new MemoryMetadataStore() });
    const flow = pipeline('asked')
      .job('load', { databricks: { jobName: 'Load' }, retry: { maxRetries: 1, afterWorkspaceRetries: true } })
      .build();
    const result = await engine.run(flow);
    expect(result.status).toBe('success');
    expect(result.jobs.get('load')?.attempts.map((a) => a.status)).toEqual(['failed', 'success']);
    // The original execution and the repair, each retried once by the workspace.
    expect(await taskExecutions(emulator, emulator.runs()[0]?.runId as number)).toEqual([
      'load#0:FAILED',
      'load#1:FAILED',
      'load#0:FAILED',
      'load#1:SUCCESS',
    ]);
  });
});
