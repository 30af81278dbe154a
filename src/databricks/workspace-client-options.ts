import { trustingDispatcher } from '../util/undici.js';
import { ApiTransport, type TransportRetryOptions } from './api-transport.js';
import { budgetFor } from './request-budget.js';
import { type DatabricksAuthOptions, resolveWorkspaceAuth } from './workspace-auth.js';

/** Options every REST client of a workspace takes: credentials plus transport tuning. */
export interface WorkspaceClientOptions extends DatabricksAuthOptions {
  /**
   * Limit of one HTTP exchange, in milliseconds.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Largest answer read, in bytes: a larger one is refused without being read whole.
   * @default 16777216 (16 MiB)
   */
  readonly maxAnswerBytes?: number;
  /** Retries of 429, 5xx and dropped connections. */
  readonly retry?: TransportRetryOptions;
  /**
   * Requests a second to this workspace, shared by every client of the same host (and the
   * same rate) in this process (the Jobs API allows about 20 a second for run-now and 100 for runs/get).
   * @default 20
   */
  readonly requestsPerSecond?: number;
  /** Extra certificate authorities to trust (PEM), e.g. a proxy's or the emulator's. */
  readonly ca?: string | Buffer;
}

/** The transport of a REST client: resolved credentials, trusted authorities, shared budget. */
export function workspaceTransport(options: WorkspaceClientOptions): ApiTransport {
  const dispatcher = trustingDispatcher(options.ca);
  const auth = resolveWorkspaceAuth(options, dispatcher);
  return new ApiTransport({
    auth,
    budget: budgetFor(auth.baseUrl, options.requestsPerSecond ?? 20),
    dispatcher,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.maxAnswerBytes === undefined ? {} : { maxAnswerBytes: options.maxAnswerBytes }),
    ...(options.retry ? { retry: options.retry } : {}),
  });
}
