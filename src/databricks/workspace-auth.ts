import { redact } from '../util/redact.js';
import { type DispatcherSource, undici } from '../util/undici.js';
import { readProfile } from './config-file.js';
import { DatabricksApiError, parseErrorBody } from './databricks-api-error.js';
import { DatabricksConfigError } from './databricks-config-error.js';

/** Credentials of a workspace: a personal access token, or an OAuth service principal. */
export interface DatabricksAuthOptions {
  /**
   * Workspace host: a bare hostname (https assumed) or a URL such as `http://127.0.0.1:8123`.
   * @default process.env.DATABRICKS_HOST
   */
  readonly host?: string;
  /**
   * Personal access token.
   * @default process.env.DATABRICKS_TOKEN
   */
  readonly token?: string;
  /**
   * OAuth M2M client id of a service principal.
   * @default process.env.DATABRICKS_CLIENT_ID
   */
  readonly clientId?: string;
  /**
   * OAuth M2M client secret.
   * @default process.env.DATABRICKS_CLIENT_SECRET
   */
  readonly clientSecret?: string;
  /**
   * Profile of `~/.databrickscfg` (or `DATABRICKS_CONFIG_FILE`) to read.
   * @default process.env.DATABRICKS_CONFIG_PROFILE, else the file's default profile
   */
  readonly profile?: string;
  /** Where the defaults are read from (tests pass their own). @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A resolved workspace: its base URL and a source of `Authorization` header values. */
export interface WorkspaceAuth {
  /** e.g. `https://dbc-123.cloud.databricks.com` (no trailing slash). */
  readonly baseUrl: string;
  /** The `Authorization` header value; OAuth tokens are cached and refreshed before expiry. */
  authorization(signal?: AbortSignal): Promise<string>;
  /** Secret values that must never appear in messages (redacted). */
  readonly secrets: readonly string[];
  /** The resolved credentials, for drivers that authenticate by themselves. */
  readonly credentials: { readonly token: string } | { readonly clientId: string; readonly clientSecret: string };
}

/** `https://` when no scheme is given; no trailing slash; no default port. */
export function normalizeHost(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `https://${host}`;
  const url = new URL(withScheme);
  if (url.protocol === 'https:' && url.port === '443') url.port = '';
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Resolves credentials with the precedence of the official SDKs: explicit options, then
 * environment variables, then a `~/.databrickscfg` profile. A token and a client secret
 * together are refused.
 */
export function resolveWorkspaceAuth(
  options: DatabricksAuthOptions = {},
  dispatcher: DispatcherSource = () => Promise.resolve(undefined),
): WorkspaceAuth {
  const env = options.env ?? process.env;
  const explicit = options.token !== undefined || options.clientId !== undefined || options.clientSecret !== undefined;
  let host = options.host ?? env.DATABRICKS_HOST;
  let token = explicit ? options.token : env.DATABRICKS_TOKEN;
  let clientId = explicit ? options.clientId : env.DATABRICKS_CLIENT_ID;
  let clientSecret = explicit ? options.clientSecret : env.DATABRICKS_CLIENT_SECRET;
  // As the SDKs: the file is read when a profile is asked for, or when nothing is set yet,
  // and its values never replace ones already set.
  const profileName = options.profile ?? env.DATABRICKS_CONFIG_PROFILE;
  if (profileName !== undefined || !(host || token || clientId || clientSecret)) {
    const profile = readProfile(env, profileName);
    host ??= profile.host;
    if (!(token || clientId || clientSecret)) {
      token = profile.token;
      clientId = profile.client_id;
      clientSecret = profile.client_secret;
    }
  }
  if (!host)
    throw new DatabricksConfigError(
      'no Databricks host: pass `host`, set DATABRICKS_HOST, or add `host` to a ~/.databrickscfg profile',
    );
  const baseUrl = normalizeHost(host);
  const oauth = clientId !== undefined || clientSecret !== undefined;
  if (token && oauth) throw new DatabricksConfigError('more than one authorization method configured: oauth and pat');
  if (token) return { baseUrl, authorization: async () => `Bearer ${token}`, secrets: [token], credentials: { token } };
  if (clientId && clientSecret) return oauthM2M(baseUrl, clientId, clientSecret, dispatcher);
  if (oauth) throw new DatabricksConfigError('OAuth M2M needs both a client id and a client secret');
  throw new DatabricksConfigError(
    'no Databricks credentials: pass `token` (or `clientId` and `clientSecret`), set DATABRICKS_TOKEN or DATABRICKS_CLIENT_ID/DATABRICKS_CLIENT_SECRET, or use a ~/.databrickscfg profile',
  );
}

/** Client-credentials tokens from `/oidc/v1/token`, reused until a minute before expiry. */
function oauthM2M(baseUrl: string, clientId: string, clientSecret: string, dispatcherOf: DispatcherSource): WorkspaceAuth {
  let cached: { header: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;
  // A token endpoint that echoes its request may repeat the Basic credentials: id:secret, base64-encoded.
  const secrets: string[] = [clientSecret, `${clientId}:${clientSecret}`];
  const fetchToken = async (signal?: AbortSignal): Promise<string> => {
    const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
    const started = Date.now();
    const [{ request }, dispatcher] = await Promise.all([undici(), dispatcherOf()]);
    const answer = await request(`${baseUrl}/oidc/v1/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=all-apis',
      ...(dispatcher ? { dispatcher } : {}),
      ...(signal ? { signal } : {}),
    });
    const text = await answer.body.text();
    if (answer.statusCode !== 200) {
      const { errorCode, message } = parseErrorBody(answer.statusCode, text);
      throw new DatabricksApiError({
        status: answer.statusCode,
        errorCode,
        message: redact(message, secrets),
        endpoint: 'POST /oidc/v1/token',
      });
    }
    const json = JSON.parse(text) as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
    if (typeof json.access_token !== 'string' || typeof json.expires_in !== 'number') {
      throw new DatabricksApiError({
        status: 200,
        errorCode: 'INVALID_RESPONSE',
        message: 'token answer lacks access_token or expires_in',
        endpoint: 'POST /oidc/v1/token',
      });
    }
    secrets.push(json.access_token);
    const lifetimeMs = json.expires_in * 1000;
    cached = {
      header: `${typeof json.token_type === 'string' ? json.token_type : 'Bearer'} ${json.access_token}`,
      refreshAt: started + lifetimeMs - Math.min(60_000, lifetimeMs / 10),
    };
    return cached.header;
  };
  return {
    baseUrl,
    secrets,
    credentials: { clientId, clientSecret },
    authorization: async (signal) => {
      if (cached && Date.now() < cached.refreshAt) return cached.header;
      pending ??= fetchToken(signal).finally(() => {
        pending = undefined;
      });
      return pending;
    },
  };
}
