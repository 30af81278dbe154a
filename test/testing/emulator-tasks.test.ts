import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, type EmulatorOptions, startEmulator } from '../../src/testing.js';
import { waitFor } from '../databricks/wait-for.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

type Json = Record<string, unknown>;
interface TaskJson {
  task_key: string;
  run_id: number;
  attempt_number: number;
  state: { life_cycle_state: string; result_state?: string };
}

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const answer = await request(`${emulator?.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${emulator?.token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.statusCode, json: (await answer.body.json()) as Json };
}

async function start(options: EmulatorOptions) {
  emulator = await startEmulator({ timeScale: 1000, ...options });
}

/** Triggers job 1 and waits until its run is terminal; resolves to the run. */
async function runToEnd(body: Json = {}): Promise<Json> {
  const { json } = await call('POST', '/api/2.2/jobs/run-now', { job_id: 1, ...body });
  return terminal(Number(json.run_id));
}

async function terminal(runId: number): Promise<Json> {
  return waitFor(async () => {
    const { json } = await call('GET', `/api/2.2/jobs/runs/get?run_id=${runId}`);
    return (json.status as { state: string }).state === 'TERMINATED' ? json : undefined;
  }, 10_000);
}

const summary = (run: Json) =>
  (run.tasks as TaskJson[]).map((task) => `${task.task_key}#${task.attempt_number}:${task.state.result_state}`);

describe('multi-task jobs in the emulated workspace', () => {
  it('runs a task graph with the workspace retrying a task, run_if, and the run result from its leaves', async () => {
    await start({
      jobs: [
        {
          name: 'graph',
          tasks: [
            { taskKey: 'extract' },
            { taskKey: 'transform', dependsOn: ['extract'], outcomes: ['FAILED', 'SUCCESS'], maxRetries: 2 },
            { taskKey: 'publish', dependsOn: ['transform'] },
            { taskKey: 'alert', dependsOn: ['transform'], runIf: 'AT_LEAST_ONE_FAILED' },
          ],
        },
      ],
    });
    const run = await runToEnd();
    expect(summary(run)).toEqual([
      'extract#0:SUCCESS',
      'transform#0:FAILED',
      'transform#1:SUCCESS',
      'publish#0:SUCCESS',
      'alert#0:EXCLUDED',
    ]);
    expect(run.state).toMatchObject({ life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' });
    const job = await call('GET', '/api/2.2/jobs/get?job_id=1');
    expect((job.json.settings as { tasks: Json[] }).tasks.map((task) => task.task_key)).toEqual([
      'extract',
      'transform',
      'publish',
      'alert',
    ]);
  });

  it('fails a run whose leaf failed, skips what depended on it, and calls a failure that a cleanup leaf ran after SUCCESS_WITH_FAILURES', async () => {
    await start({
      jobs: [
        {
          name: 'failing',
          tasks: [
            { taskKey: 'load', outcomes: ['FAILED'], errorMessage: 'disk full' },
            { taskKey: 'report', dependsOn: ['load'] },
          ],
        },
        {
          name: 'cleaned',
          tasks: [
            { taskKey: 'load', outcomes: ['FAILED'] },
            { taskKey: 'cleanup', dependsOn: ['load'], runIf: 'ALL_DONE' },
          ],
        },
      ],
    });
    const failed = await runToEnd();
    expect(summary(failed)).toEqual(['load#0:FAILED', 'report#0:UPSTREAM_FAILED']);
    expect(failed.status).toMatchObject({ termination_details: { code: 'RUN_EXECUTION_ERROR' } });
    expect(failed.state).toMatchObject({
      result_state: 'FAILED',
      state_message: expect.stringContaining('Task load failed with message: disk full'),
    });
    const { json } = await call('POST', '/api/2.2/jobs/run-now', { job_id: 2 });
    const cleaned = await terminal(Number(json.run_id));
    expect(summary(cleaned)).toEqual(['load#0:FAILED', 'cleanup#0:SUCCESS']);
    expect(cleaned.state).toMatchObject({ result_state: 'SUCCESS_WITH_FAILURES' });
  });

  it('refuses get-output of a job run, as Databricks does even for one task, and answers for each task run', async () => {
    await start({ jobs: [{ name: 'single', outcomes: ['FAILED'], errorMessage: 'ZeroDivisionError' }] });
    const run = await runToEnd();
    expect(await call('GET', `/api/2.2/jobs/runs/get-output?run_id=${run.run_id}`)).toEqual({
      status: 400,
      json: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message:
          'Retrieving the output of runs with multiple tasks is not supported. Please retrieve the output of each individual task run instead.',
      },
    });
    const [task] = run.tasks as TaskJson[];
    const output = await call('GET', `/api/2.2/jobs/runs/get-output?run_id=${task?.run_id}`);
    expect(output).toMatchObject({ status: 200, json: { error: 'ZeroDivisionError', metadata: { task_key: 'main' } } });
  });

  it('repairs the failed tasks and their dependents, keeps repair_history, and refuses a stale latest_repair_id', async () => {
    await start({
      jobs: [
        {
          name: 'repairable',
          tasks: [
            { taskKey: 'extract' },
            { taskKey: 'load', dependsOn: ['extract'], outcomes: ['FAILED', 'FAILED', 'SUCCESS'] },
            { taskKey: 'publish', dependsOn: ['load'] },
          ],
        },
      ],
    });
    const run = await runToEnd();
    const runId = Number(run.run_id);
    expect(summary(run)).toEqual(['extract#0:SUCCESS', 'load#0:FAILED', 'publish#0:UPSTREAM_FAILED']);
    const repair = { run_id: runId, rerun_all_failed_tasks: true, rerun_dependent_tasks: true };
    const first = await call('POST', '/api/2.2/jobs/runs/repair', repair);
    expect(first).toEqual({ status: 200, json: { repair_id: expect.any(Number) } });
    const once = await terminal(runId);
    // A repair's task runs count the workspace's retries afresh: attempt_number 0 again.
    expect(summary(once).slice(3)).toEqual(['load#0:FAILED', 'publish#0:UPSTREAM_FAILED']);
    expect((await call('POST', '/api/2.2/jobs/runs/repair', repair)).status).toBe(400); // no latest_repair_id
    const stale = await call('POST', '/api/2.2/jobs/runs/repair', { ...repair, latest_repair_id: 999 });
    expect(stale).toMatchObject({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE' } });
    const second = await call('POST', '/api/2.2/jobs/runs/repair', { ...repair, latest_repair_id: first.json.repair_id });
    expect(second.status).toBe(200);
    const repaired = await terminal(runId);
    expect(repaired.state).toMatchObject({ result_state: 'SUCCESS' });
    expect(summary(repaired).slice(5)).toEqual(['load#0:SUCCESS', 'publish#0:SUCCESS']);
    expect((repaired.repair_history as Json[]).map((entry) => entry.type)).toEqual(['ORIGINAL', 'REPAIR', 'REPAIR']);
    expect(
      (
        await call('POST', '/api/2.2/jobs/runs/repair', {
          run_id: runId,
          rerun_tasks: ['nope'],
          latest_repair_id: second.json.repair_id,
        })
      ).status,
    ).toBe(400);
  });

  it('pages tasks at 100 with next_page_token', async () => {
    const tasks = Array.from({ length: 150 }, (_, i) => ({ taskKey: `t${i}`, durationMs: 10 }));
    await start({ jobs: [{ name: 'wide', tasks }] });
    const run = await runToEnd();
    expect(run.tasks).toHaveLength(100);
    const next = await call('GET', `/api/2.2/jobs/runs/get?run_id=${run.run_id}&page_token=${run.next_page_token}`);
    expect((next.json.tasks as TaskJson[]).map((task) => task.task_key)).toEqual(tasks.slice(100).map((task) => task.taskKey));
    expect(next.json.next_page_token).toBeUndefined();
  });

  it('refuses what Databricks refuses: runs/list above 25, job_parameters with legacy parameters', async () => {
    await start({ jobs: [{ name: 'a' }] });
    expect((await call('GET', '/api/2.2/jobs/runs/list?limit=26')).json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
    expect((await call('GET', '/api/2.2/jobs/runs/list?limit=25')).status).toBe(200);
    const mixed = await call('POST', '/api/2.2/jobs/run-now', {
      job_id: 1,
      job_parameters: { day: 'x' },
      notebook_params: { day: 'x' },
    });
    expect(mixed).toMatchObject({
      status: 400,
      json: { message: 'job_parameters cannot be used together with notebook_params.' },
    });
  });

  it('ends a run SKIPPED at max_concurrent_runs when the job does not queue, and may leave the deprecated state out', async () => {
    await start({ jobs: [{ name: 'unqueued', durationMs: 600_000, queue: false }], omitState: true });
    const first = await call('POST', '/api/2.2/jobs/run-now', { job_id: 1 });
    const second = await call('POST', '/api/2.2/jobs/run-now', { job_id: 1 });
    const skipped = await call('GET', `/api/2.2/jobs/runs/get?run_id=${second.json.run_id}`);
    expect(skipped.json.state).toBeUndefined();
    expect(skipped.json.status).toMatchObject({
      state: 'TERMINATED',
      termination_details: { code: 'MAX_CONCURRENT_RUNS_EXCEEDED' },
    });
    const running = await call('GET', `/api/2.2/jobs/runs/get?run_id=${first.json.run_id}`);
    expect(running.json.status).toMatchObject({ state: 'RUNNING' });
  });

  it('creates, resets and deletes jobs with tasks through the API', async () => {
    await start({});
    const created = await call('POST', '/api/2.2/jobs/create', {
      name: 'api',
      tasks: [{ task_key: 'a' }, { task_key: 'b', depends_on: [{ task_key: 'a' }], max_retries: 1 }],
      job_clusters: [{ job_cluster_key: 'c', new_cluster: { num_workers: 1 } }],
      parameters: [{ name: 'day', default: 'today' }],
    });
    const jobId = Number(created.json.job_id);
    const run = await runToEnd({ job_id: jobId });
    expect(summary(run)).toEqual(['a#0:SUCCESS', 'b#0:SUCCESS']);
    expect(
      (
        await call('POST', '/api/2.2/jobs/reset', {
          job_id: jobId,
          new_settings: { name: 'renamed', tasks: [{ task_key: 'x' }] },
        })
      ).status,
    ).toBe(200);
    expect((await call('GET', `/api/2.2/jobs/get?job_id=${jobId}`)).json).toMatchObject({ settings: { name: 'renamed' } });
    expect((await call('POST', '/api/2.2/jobs/delete', { job_id: jobId })).status).toBe(200);
    expect((await call('GET', `/api/2.2/jobs/get?job_id=${jobId}`)).status).toBe(400);
  });
});
