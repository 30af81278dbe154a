import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksApiError, DatabricksJobsClient } from '../../src/index.js';
import { mswPeer } from './msw-peer.js';

/** The answers gateways and broken proxies send, written as msw handlers on a real socket. */
let close: (() => Promise<void>) | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
});

const RUNS_GET = '*/api/2.2/jobs/runs/get';

/** A client of a peer answering each call with the next of `answers` (the last one repeats). */
async function clientOf(...answers: (() => Response)[]): Promise<{ client: DatabricksJobsClient; calls: () => number }> {
  let calls = 0;
  const peer = await mswPeer([
    http.get(RUNS_GET, () => {
      const answer = answers[Math.min(calls, answers.length - 1)] as () => Response;
      calls++;
      return answer();
    }),
  ]);
  close = peer.close;
  return { client: new DatabricksJobsClient({ host: peer.url, token: 'dapi-odd' }), calls: () => calls };
}

const run = { run_id: 7, state: { life_cycle_state: 'RUNNING', some_new_field: 1 }, brand_new: { x: 1 } };
const gatewayPage = (status: number, text: string) =>
  new HttpResponse(`<html><head><title>${text}</title></head><body><pre>${text}</pre></body></html>`, {
    status,
    headers: { 'content-type': 'text/html' },
  });

describe('answers the emulator does not give (msw)', () => {
  it('retries past an HTML page from a gateway', async () => {
    const { client, calls } = await clientOf(
      () => gatewayPage(502, '502 Bad Gateway'),
      () => HttpResponse.json(run),
    );
    expect(await client.getRun(7)).toMatchObject({ runId: 7, lifeCycleState: 'RUNNING' });
    expect(calls()).toBe(2);
  });

  it('reports a gateway page that does not go away, with its title', async () => {
    const { client } = await clientOf(() => gatewayPage(504, 'upstream timed out'));
    const error = await client.getRun(7).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ status: 504, errorCode: 'HTTP_504', message: expect.stringContaining('upstream timed out') });
  }, 60_000);

  it('retries truncated JSON as the glitch it usually is, and then reads the answer', async () => {
    const { client, calls } = await clientOf(
      () => new HttpResponse('{"run_id": 7, "state": ', { headers: { 'content-type': 'application/json' } }),
      () => HttpResponse.json(run),
    );
    expect(await client.getRun(7)).toMatchObject({ runId: 7, lifeCycleState: 'RUNNING' });
    expect(calls()).toBe(2);
  });

  it('rejects truncated JSON that does not go away clearly, as a retriable failure', async () => {
    const { client } = await clientOf(
      () => new HttpResponse('{"run_id": 7, "state": ', { headers: { 'content-type': 'application/json' } }),
    );
    const error = await client.getRun(7).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({ errorCode: 'INVALID_RESPONSE', endpoint: 'GET /api/2.2/jobs/runs/get', retriable: true });
    expect((error as Error).message).toContain('answer is not JSON: {"run_id": 7, "state": ');
  }, 60_000);

  it('refuses an answer larger than 16 MiB without reading it whole, announced or streamed', async () => {
    const huge = () => new HttpResponse(`{"run_id": 7, "padding": "${'x'.repeat(17 * 1024 * 1024)}"}`);
    const { client } = await clientOf(huge);
    const error = await client.getRun(7).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({ errorCode: 'ANSWER_TOO_LARGE', retriable: false });
    expect((error as Error).message).toContain('answer larger than 16777216 bytes; refused without reading it whole');
    await close?.();
    const streamed = await clientOf(
      () =>
        new HttpResponse(
          new ReadableStream({
            start(controller) {
              for (let i = 0; i < 20; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
              controller.close();
            },
          }),
        ),
    );
    await expect(streamed.client.getRun(7)).rejects.toMatchObject({ errorCode: 'ANSWER_TOO_LARGE' });
  });

  it('reads a 200 whose body is an error as that error, not as a broken run', async () => {
    const { client } = await clientOf(() =>
      HttpResponse.json({ error_code: 'RESOURCE_DOES_NOT_EXIST', message: 'Run 7 does not exist.' }),
    );
    const error = await client.getRun(7).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({
      status: 200,
      errorCode: 'RESOURCE_DOES_NOT_EXIST',
      message: expect.stringContaining('Run 7 does not exist.'),
    });
  });

  it('retries a connection reset mid-body, then reads the whole answer', async () => {
    const { client, calls } = await clientOf(
      () =>
        new HttpResponse(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"run_id": 7, "sta'));
              setTimeout(() => controller.error(new Error('peer went away')), 20);
            },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
      () => HttpResponse.json(run),
    );
    expect(await client.getRun(7)).toMatchObject({ runId: 7 });
    expect(calls()).toBe(2);
  });

  it('names the missing field of an answer, and accepts unknown fields and states', async () => {
    const missing = await clientOf(() => HttpResponse.json({ run_id: 7 }));
    await expect(missing.client.getRun(7)).rejects.toThrow(
      'unexpected answer: status: a run has neither `status.state` nor the deprecated `state`',
    );
    await close?.();
    const future = await clientOf(() => HttpResponse.json({ run_id: 7, state: { life_cycle_state: 'HIBERNATING' } }));
    expect((await future.client.getRun(7)).lifeCycleState).toBe('HIBERNATING');
    await close?.();
    // The deprecated `state` may be gone: `status` is enough.
    const statusOnly = await clientOf(() =>
      HttpResponse.json({
        run_id: 7,
        status: { state: 'TERMINATED', termination_details: { code: 'USER_CANCELED', type: 'SUCCESS' } },
      }),
    );
    expect(await statusOnly.client.getRun(7)).toMatchObject({ lifeCycleState: 'TERMINATED', resultState: 'CANCELED' });
  });
});
