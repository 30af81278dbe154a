import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers request number `n` (from 1): a status, or `'hang'` (never answers). */
export type Answer = number | 'hang';

/** A real HTTP server on loopback that records what it is sent, like Slack or an ops webhook. */
export interface HttpReceiver {
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly received: Received[];
  close(): Promise<void>;
}

/**
 * The body of a failure answer; it repeats the path in every form echoing gateways and
 * frameworks use: as sent, percent-encoded, in JSON with escaped slashes, its query string
 * alone, and base64.
 */
function troubleAt(path = ''): string {
  if (path === '/') return 'receiver trouble';
  const query = path.includes('?') ? path.slice(path.indexOf('?') + 1) : '';
  return [
    `receiver trouble at POST ${path}`,
    `encoded=${encodeURIComponent(path)}`,
    JSON.stringify({ path }).replaceAll('/', '\\/'),
    `query: ${query}`,
    `trace=${Buffer.from(path).toString('base64')}`,
  ].join(' ');
}

/** Starts a receiver; `answer(n)` decides the n-th answer (default 200). */
export async function startHttpReceiver(answer: (n: number) => Answer = () => 200): Promise<HttpReceiver> {
  const received: Received[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const reply = answer(received.length);
      if (reply === 'hang') hanging.push(response);
      else response.writeHead(reply, { 'content-type': 'text/plain' }).end(reply < 300 ? 'ok' : troubleAt(request.url));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
