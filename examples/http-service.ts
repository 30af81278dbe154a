/**
 * Embedding brickwork in an HTTP service: `POST /pipelines/<name>/runs` starts a run and
 * answers its id at once; `GET /runs/<id>/events` streams the run's events as Server-Sent
 * Events (from the start, however late you connect) until it finishes; `GET /runs/<id>`
 * answers where it stands. Written only against brickwork's public API; run against the
 * emulator by test/examples/http-service.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Engine, EngineEventName, Pipeline } from 'brickwork';

const STREAMED: readonly EngineEventName[] = [
  'run:start',
  'job:queued',
  'job:start',
  'job:triggered',
  'job:retry',
  'job:success',
  'job:failed',
  'job:skipped',
  'job:canceled',
  'rollback:succeeded',
  'rollback:failed',
  'run:finish',
];

interface RunStream {
  readonly events: string[];
  readonly clients: Set<ServerResponse>;
  done: boolean;
}

/** The service; `pipelines` by name. Listen on it as on any `http.Server`. */
export function pipelineService(engine: Engine, pipelines: ReadonlyMap<string, Pipeline>): Server {
  const streams = new Map<string, RunStream>();
  for (const name of STREAMED) {
    engine.on(name, (event) => {
      const stream = streams.get(event.runId);
      if (!stream) return;
      const frame = `event: ${name}\ndata: ${JSON.stringify(event)}\n\n`;
      stream.events.push(frame);
      for (const client of stream.clients) client.write(frame);
      if (name === 'run:finish') {
        stream.done = true;
        for (const client of stream.clients) client.end();
      }
    });
  }

  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://service');
    const start = /^\/pipelines\/([^/]+)\/runs$/.exec(url.pathname);
    const events = /^\/runs\/([^/]+)\/events$/.exec(url.pathname);
    const status = /^\/runs\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'POST' && start) {
      const flow = pipelines.get(decodeURIComponent(start[1] as string));
      if (!flow) return json(response, 404, { error: 'no such pipeline' });
      const runId = `run-${randomUUID()}`;
      streams.set(runId, { events: [], clients: new Set(), done: false });
      // The run goes on after the answer; its outcome is in its events and in the log.
      engine.run(flow, { runId }).catch((error: unknown) => console.error(`run ${runId} could not run`, error));
      return json(response, 202, { runId });
    }
    if (request.method === 'GET' && events) {
      const stream = streams.get(events[1] as string);
      if (!stream) return json(response, 404, { error: 'no such run in this service' });
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const frame of stream.events) response.write(frame);
      if (stream.done) return response.end();
      stream.clients.add(response);
      response.on('close', () => stream.clients.delete(response));
      return;
    }
    if (request.method === 'GET' && status) {
      engine.status(status[1] as string).then(
        (report) => json(response, 200, { ...report, jobs: Object.fromEntries(report.jobs) }),
        () => json(response, 404, { error: 'no such run' }),
      );
      return;
    }
    json(response, 404, { error: 'not found' });
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
