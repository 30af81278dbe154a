import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { waitFor } from '../databricks/wait-for.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function call(method: 'GET' | 'POST', path: string, body?: unknown, token = emulator?.token) {
  const answer = await request(`${emulator?.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: answer.statusCode, json: (await answer.body.json()) as Record<string, unknown> };
}

describe('the emulated Jobs API', () => {
  it('creates, gets and lists jobs with the real shapes', async () => {
    emulator = await startEmulator();
    expect(await call('GET', '/api/2.2/jobs/list')).toEqual({ status: 200, json: { has_more: false } });
    const created = await call('POST', '/api/2.2/jobs/create', { name: 'Nightly', max_concurrent_runs: 3, tasks: [] });
    expect(created).toEqual({ status: 200, json: { job_id: 1 } });
    const job = await call('GET', '/api/2.2/jobs/get?job_id=1');
    expect(job.json).toMatchObject({ job_id: 1, settings: { name: 'Nightly', max_concurrent_runs: 3, format: 'MULTI_TASK' } });
    expect(typeof job.json.created_time).toBe('number');
    expect((await call('GET', '/api/2.2/jobs/get?job_id=9')).status).toBe(400);
    expect((await call('POST', '/api/2.2/jobs/create', {})).json).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
  });

  it('lists runs newest first, active or completed, omitting an empty list', async () => {
    emulator = await startEmulator({ jobs: [{ name: 'a', durationMs: 60_000, maxConcurrentRuns: 5 }] });
    expect(await call('GET', '/api/2.2/jobs/runs/list')).toEqual({ status: 200, json: { has_more: false } });
    for (const token of ['t1', 't2']) await call('POST', '/api/2.2/jobs/run-now', { job_id: 1, idempotency_token: token });
    const active = await call('GET', '/api/2.2/jobs/runs/list?active_only=true');
    expect((active.json.runs as { run_id: number }[]).map((run) => run.run_id)).toEqual([1003, 1001]);
    expect(await call('GET', '/api/2.2/jobs/runs/list?completed_only=true')).toEqual({ status: 200, json: { has_more: false } });
    expect((await call('GET', '/api/2.2/jobs/runs/list?active_only=true&completed_only=true')).status).toBe(400);
  });

  it('filters runs/list by start time, both bounds inclusive, and refuses a bound that is no time', async () => {
    emulator = await startEmulator({ jobs: [{ name: 'a', durationMs: 60_000, maxConcurrentRuns: 5 }] });
    const starts: number[] = [];
    for (const token of ['t1', 't2', 't3']) {
      const { json } = await call('POST', '/api/2.2/jobs/run-now', { job_id: 1, idempotency_token: token });
      starts.push((await call('GET', `/api/2.2/jobs/runs/get?run_id=${json.run_id}`)).json.start_time as number);
    }
    const listed = async (query: string) => {
      const { json } = await call('GET', `/api/2.2/jobs/runs/list?active_only=true&${query}`);
      return ((json.runs ?? []) as { start_time: number }[]).map((run) => run.start_time);
    };
    // Newest first; both bounds inclusive (runs may share a millisecond, so expectations are
    // computed from the start times the API reported).
    const within = (from: number, to: number) => starts.filter((at) => at >= from && at <= to).reverse();
    const [first, second, third] = starts as [number, number, number];
    expect(await listed(`start_time_from=${second}`)).toEqual(within(second, third));
    expect(await listed(`start_time_to=${second}`)).toEqual(within(first, second));
    expect(await listed(`start_time_from=${second}&start_time_to=${second}`)).toEqual(within(second, second));
    expect(await listed(`start_time_from=${third + 1}`)).toEqual([]);
    const refused = await call('GET', '/api/2.2/jobs/runs/list?start_time_from=yesterday');
    expect(refused).toMatchObject({ status: 400, json: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });

  it('keeps the legacy state and the new status consistent, and pages run output on the task run', async () => {
    emulator = await startEmulator({ timeScale: 10, jobs: [{ name: 'a', notebookOutput: '{"rows": 3}' }] });
    const { json } = await call('POST', '/api/2.2/jobs/run-now', { job_id: 1, job_parameters: { day: 'x' } });
    expect(json).toEqual({ run_id: 1001, number_in_job: 1001 });
    const running = await call('GET', '/api/2.2/jobs/runs/get?run_id=1001');
    expect(running.json).toMatchObject({
      state: { life_cycle_state: 'RUNNING' },
      status: { state: 'RUNNING' },
      end_time: 0,
      job_parameters: [{ name: 'day', value: 'x' }],
    });
    const done = await waitFor(async () => {
      const run = await call('GET', '/api/2.2/jobs/runs/get?run_id=1001');
      return (run.json.end_time as number) > 0 ? run : undefined;
    });
    expect(done.json).toMatchObject({
      state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' },
      status: { state: 'TERMINATED', termination_details: { code: 'SUCCESS', type: 'SUCCESS' } },
      tasks: [{ task_key: 'main', run_id: 1002, attempt_number: 0 }],
    });
    expect((await call('GET', '/api/2.2/jobs/runs/get-output?run_id=1002')).json).toMatchObject({
      notebook_output: { result: '{"rows": 3}' },
    });
  });

  it('refuses bad tokens, forbidden jobs, long idempotency tokens and unknown endpoints', async () => {
    emulator = await startEmulator({ jobs: [{ name: 'secret', forbidden: true }, { name: 'open' }] });
    expect(await call('GET', '/api/2.2/jobs/list', undefined, 'nope')).toMatchObject({
      status: 401,
      json: { error_code: 'UNAUTHENTICATED' },
    });
    expect(await call('POST', '/api/2.2/jobs/run-now', { job_id: 1 })).toMatchObject({
      status: 403,
      json: { error_code: 'PERMISSION_DENIED' },
    });
    expect((await call('POST', '/api/2.2/jobs/run-now', { job_id: 2, idempotency_token: 'x'.repeat(65) })).status).toBe(400);
    expect(await call('GET', '/api/2.2/jobs/unknown')).toMatchObject({ status: 404, json: { error_code: 'ENDPOINT_NOT_FOUND' } });
    expect((await call('POST', '/api/2.1/jobs/run-now', { job_id: 2 })).status).toBe(200);
  });
});
