import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/**
 * A real HTTP server on 127.0.0.1 whose answers come from msw handlers: the shapes no real
 * Databricks peer gives (gateway pages, truncated bodies, 200s carrying errors, a connection
 * reset mid-body), sent over a real socket so that the client under test uses its own
 * dispatcher, timeouts and parsing. (msw's own interception patches `fetch` and `http`,
 * not undici's `request`.) A handler whose response body stream errors makes the server
 * reset the connection after what it has sent.
 */
export async function mswPeer(handlers: readonly RequestHandler[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (incoming, outgoing) => {
    const response = await getResponse([...handlers], await toRequest(incoming));
    if (!response) {
      outgoing.writeHead(501).end('no msw handler');
      return;
    }
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    try {
      for await (const chunk of response.body ?? []) outgoing.write(chunk);
      outgoing.end();
    } catch {
      outgoing.socket?.resetAndDestroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function toRequest(incoming: IncomingMessage): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  return new Request(`http://${incoming.headers.host}${incoming.url}`, {
    method: incoming.method ?? 'GET',
    headers,
    ...(body && incoming.method !== 'GET' && incoming.method !== 'HEAD' ? { body } : {}),
  });
}
