import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DatabricksApiError, DatabricksJobsClient } from '../../src/index.js';

/** A real HTTP peer that answers from a script: what gateways and broken proxies send. */
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

async function peer(answers: { status: number; body: string; type?: string }[]): Promise<DatabricksJobsClient> {
  const queue = [...answers];
  server = createServer((_request, response) => {
    const answer = queue.length > 1 ? queue.shift() : queue[0];
    response.writeHead(answer?.status ?? 500, { 'content-type': answer?.type ?? 'application/json' });
    response.end(answer?.body ?? '');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return new DatabricksJobsClient({
    host: `http://127.0.0.1:${port}`,
    token: 'dapi-odd',
    retry: { minIntervalMs: 1, maxRetries: 2 },
  });
}

const run = JSON.stringify({ run_id: 7, state: { life_cycle_state: 'RUNNING', some_new_field: 1 }, brand_new: { x: 1 } });

describe('answers the emulator does not give', () => {
  it('retries past an HTML page from a gateway', async () => {
    const client = await peer([
      { status: 502, body: '<html><head><title>502 Bad Gateway</title></head></html>', type: 'text/html' },
      { status: 200, body: run },
    ]);
    expect(await client.getRun(7)).toMatchObject({ runId: 7, lifeCycleState: 'RUNNING' });
  });

  it('reports a gateway page that does not go away', async () => {
    const client = await peer([
      { status: 504, body: '<html><body><pre>upstream timed out</pre></body></html>', type: 'text/html' },
    ]);
    await expect(client.getRun(7)).rejects.toMatchObject({
      status: 504,
      errorCode: 'HTTP_504',
      message: expect.stringContaining('upstream timed out'),
    });
  });

  it('rejects malformed JSON clearly', async () => {
    const client = await peer([{ status: 200, body: '{"run_id": 7, "state": ' }]);
    const error = await client.getRun(7).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DatabricksApiError);
    expect(error).toMatchObject({ errorCode: 'INVALID_RESPONSE', endpoint: 'GET /api/2.2/jobs/runs/get' });
  });

  it('names the missing field of an answer, and accepts unknown fields and states', async () => {
    const missing = await peer([{ status: 200, body: JSON.stringify({ run_id: 7 }) }]);
    await expect(missing.getRun(7)).rejects.toThrow(/unexpected answer: state: /);
    await new Promise((resolve) => server?.close(resolve));
    const future = await peer([{ status: 200, body: JSON.stringify({ run_id: 7, state: { life_cycle_state: 'HIBERNATING' } }) }]);
    expect((await future.getRun(7)).lifeCycleState).toBe('HIBERNATING');
  });
});
