import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type ApiAnswer, apiError } from './api-answer.js';
import type { EmulatorCall, EmulatorFaults, EmulatorOptions } from './emulator-options.js';
import { FaultDice } from './fault-dice.js';
import { OAuthIssuer } from './oauth-issuer.js';
import type { EmulatedRun } from './run-state.js';
import { SqlWarehouse } from './sql-warehouse.js';
import { Workspace } from './workspace.js';

/** A running emulator. */
export interface Emulator {
  /** `http://127.0.0.1:<port>` (`https` with `tls`): pass it as `host` to the clients. */
  readonly url: string;
  /** Same as `url`. */
  readonly host: string;
  /** The personal access token it accepts. */
  readonly token: string;
  /** Id of the emulated SQL warehouse. */
  readonly warehouseId: string;
  /** Every request answered so far, in order. */
  calls(): readonly EmulatorCall[];
  /** Every run so far, oldest first. */
  runs(): readonly EmulatedRun[];
  /** The rows a warehouse table holds now (after the writes of runs that are due). */
  table(name: string): Record<string, unknown>[];
  /** Emulated time, epoch milliseconds. */
  now(): number;
  /** Replaces the injected faults. */
  setFaults(faults: EmulatorFaults): void;
  /** Stops the server; open connections are closed. */
  stop(): Promise<void>;
}

const API = '/api/2.2/jobs';

/**
 * Starts a local Databricks workspace on 127.0.0.1 serving the Jobs API 2.2 subset brickwork
 * uses, with scripted job behaviour, a time scale and fault injection.
 *
 * @example
 * ```ts
 * const emu = await startEmulator({ jobs: [{ name: 'Data_Load_Job', outcomes: ['FAILED', 'SUCCESS'] }] });
 * const client = new DatabricksJobsClient({ host: emu.url, token: emu.token });
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const scale = options.timeScale ?? 1;
  if (!(scale > 0)) throw new RangeError(`timeScale must be positive, got ${scale}`);
  const realStart = Date.now();
  const now = () => Math.round(realStart + (Date.now() - realStart) * scale);
  let url = '';
  const workspace = new Workspace(now, () => url, options.jobs ?? [], options.omitState ?? false);
  const token = options.token ?? `dapi${randomBytes(16).toString('hex')}`;
  const oauth = new OAuthIssuer(options.servicePrincipal, now);
  const dice = new FaultDice(options.faults ?? {}, options.seed ?? 1);
  const warehouseId = options.warehouseId ?? 'emulator-warehouse';
  const warehouse = new SqlWarehouse(warehouseId, now, options.sqlLatencyMs ?? 0);
  for (const [name, rows] of Object.entries(options.tables ?? {})) warehouse.createTable(name, rows);
  const calls: EmulatorCall[] = [];
  /** Makes the scripted writes of runs whose time has come, before anything can observe them. */
  const writeDue = () => {
    for (const { run, taskRunId, writes } of workspace.dueWrites()) {
      const job = { jobId: run.jobId ?? 0, jobName: run.runName, jobRunId: run.runId, runId: taskRunId };
      for (const [table, rows] of Object.entries(writes)) warehouse.jobWrite(table, rows, job);
    }
  };

  const listener = (request: IncomingMessage, response: ServerResponse) => {
    void handle(request, response).catch((error: unknown) => {
      send(response, { status: 500, body: { error_code: 'INTERNAL_ERROR', message: String(error) } });
    });
  };
  const server = options.tls
    ? createTlsServer({ key: options.tls.key, cert: options.tls.cert }, listener)
    : createServer(listener);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const parsed = new URL(request.url ?? '/', 'http://emulator');
    const text = await readBody(request);
    const record = (status: number, requestBody: Record<string, unknown>) =>
      calls.push({ method: request.method ?? 'GET', path: parsed.pathname, status, request: requestBody, time: now() });
    if (parsed.pathname === '/oidc/v1/token' || parsed.pathname.startsWith('/oidc/.well-known')) {
      const answer = oauth.answer(parsed.pathname, request.headers.authorization, text, url);
      record(answer.status, {});
      return send(response, answer);
    }
    let body: Record<string, unknown> = Object.fromEntries(parsed.searchParams);
    if (request.method === 'POST') {
      try {
        body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        record(400, {});
        return send(response, apiError(400, 'MALFORMED_REQUEST', 'Request body is not valid JSON.'));
      }
    }
    writeDue();
    const fault = dice.roll(parsed.pathname);
    const slow = dice.faults.slowMs ?? 0;
    if (slow > 0) await new Promise((resolve) => setTimeout(resolve, slow));
    if (fault === 'drop') {
      record(0, body);
      request.socket.destroy();
      return;
    }
    const answer =
      fault && fault !== 'truncate'
        ? faultAnswer(fault)
        : (authorize(request.headers.authorization) ?? route(request.method ?? 'GET', parsed, body));
    record(answer.status, body);
    send(
      response,
      answer,
      fault === '429' || fault === '503' ? (dice.faults.retryAfterSeconds ?? 1) : undefined,
      fault === 'truncate',
    );
  }

  function authorize(header: string | undefined): ApiAnswer | undefined {
    if (header === undefined) return apiError(401, 'UNAUTHENTICATED', 'Credential was not sent or was of an unsupported type.');
    const [scheme, value] = header.split(' ');
    if (scheme !== 'Bearer' || !value || (value !== token && !oauth.accepts(value))) {
      return apiError(401, 'UNAUTHENTICATED', 'Invalid access token.');
    }
    return undefined;
  }

  function route(method: string, parsed: URL, body: Record<string, unknown>): ApiAnswer {
    const statement = /^\/api\/2\.0\/sql\/statements(?:\/([^/]+))?(?:\/(cancel|result\/chunks\/\d+))?$/.exec(parsed.pathname);
    if (statement) {
      const [, id, action] = statement;
      if (method === 'POST' && !id) return warehouse.execute(body);
      if (method === 'GET' && id && !action) return warehouse.get(id);
      if (method === 'POST' && id && action === 'cancel') return warehouse.cancel(id);
      if (method === 'GET' && id && action?.startsWith('result/chunks/')) return warehouse.chunk(id, Number(action.slice(14)));
    }
    const path = parsed.pathname.replace('/api/2.1/jobs', API);
    const query = parsed.searchParams;
    const endpoint = `${method} ${path}`;
    switch (endpoint) {
      case `POST ${API}/create`:
        return workspace.jobs.create(body);
      case `GET ${API}/get`:
        return workspace.jobs.get(query);
      case `POST ${API}/reset`:
        return workspace.jobs.reset(body);
      case `POST ${API}/delete`:
        return workspace.jobs.delete(body);
      case `POST ${API}/runs/repair`:
        return workspace.repairRun(body);
      case `GET ${API}/list`:
        return workspace.jobs.list(query);
      case `POST ${API}/run-now`:
        return workspace.runNow(body);
      case `POST ${API}/runs/submit`:
        return workspace.submit(body);
      case `GET ${API}/runs/get`:
        return workspace.getRun(query);
      case `POST ${API}/runs/cancel`:
        return workspace.cancelRun(body);
      case `GET ${API}/runs/get-output`:
        return workspace.getRunOutput(query);
      case `GET ${API}/runs/list`:
        return workspace.listRuns(query);
      default:
        return apiError(404, 'ENDPOINT_NOT_FOUND', `No API found for '${endpoint}'`);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    host: url,
    token,
    warehouseId,
    calls: () => [...calls],
    runs: () => workspace.runs(),
    table: (name) => {
      writeDue();
      return warehouse.rowsOf(name);
    },
    now,
    setFaults: (faults) => dice.set(faults),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function faultAnswer(fault: '429' | '500' | '503'): ApiAnswer {
  if (fault === '429') return apiError(429, 'REQUEST_LIMIT_EXCEEDED', 'Too many requests. Please try again later.');
  if (fault === '503') return apiError(503, 'TEMPORARILY_UNAVAILABLE', 'The service is temporarily unavailable.');
  return apiError(500, 'INTERNAL_ERROR', 'Internal error in the emulated workspace.');
}

function send(response: ServerResponse, answer: ApiAnswer, retryAfterSeconds?: number, truncate = false): void {
  const whole = JSON.stringify(answer.body);
  const text = truncate ? whole.slice(0, Math.floor(whole.length / 2)) : whole;
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': randomBytes(8).toString('hex'),
    ...(retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) }),
  });
  response.end(text);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
