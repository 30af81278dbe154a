import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { normalizeHost, resolveWorkspaceAuth } from '../../src/databricks/workspace-auth.js';
import { DatabricksConfigError, DatabricksJobsClient } from '../../src/index.js';
import { type Emulator, startEmulator } from '../../src/testing.js';
import { mswPeer } from './msw-peer.js';

const config = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'brickwork-cfg-'));
  const path = join(dir, '.databrickscfg');
  writeFileSync(path, text);
  return path;
};

const FILE = config(`
# comment
[DEFAULT]
host = https://default.cloud.databricks.com
token = dapi-default

[prod-sp]
host          = adb-111.11.azuredatabricks.net
client_id     = sp-id
client_secret = sp-secret

[__settings__]
default_profile = prod-sp
`);

describe('normalizeHost', () => {
  it.each([
    ['dbc-1.cloud.databricks.com', 'https://dbc-1.cloud.databricks.com'],
    ['https://dbc-1.cloud.databricks.com/', 'https://dbc-1.cloud.databricks.com'],
    ['https://dbc-1.cloud.databricks.com:443', 'https://dbc-1.cloud.databricks.com'],
    ['http://127.0.0.1:8123', 'http://127.0.0.1:8123'],
  ])('%s → %s', (host, expected) => {
    expect(normalizeHost(host)).toBe(expected);
  });
});

describe('resolveWorkspaceAuth', () => {
  const none = { DATABRICKS_CONFIG_FILE: '/nonexistent/.databrickscfg' };

  it('prefers explicit options over the environment', async () => {
    const auth = resolveWorkspaceAuth({
      host: 'h.example',
      token: 'explicit',
      env: { ...none, DATABRICKS_HOST: 'env.example', DATABRICKS_TOKEN: 'from-env' },
    });
    expect(auth.baseUrl).toBe('https://h.example');
    expect(await auth.authorization()).toBe('Bearer explicit');
  });

  it('reads the environment', async () => {
    const auth = resolveWorkspaceAuth({ env: { ...none, DATABRICKS_HOST: 'env.example', DATABRICKS_TOKEN: 'from-env' } });
    expect(await auth.authorization()).toBe('Bearer from-env');
    expect(auth.secrets).toEqual(['from-env']);
  });

  it("reads the file's default profile when nothing else is set", () => {
    expect(resolveWorkspaceAuth({ env: { DATABRICKS_CONFIG_FILE: FILE } }).baseUrl).toBe(
      'https://adb-111.11.azuredatabricks.net',
    );
  });

  it('reads a named profile, from the option or DATABRICKS_CONFIG_PROFILE', async () => {
    const auth = resolveWorkspaceAuth({ profile: 'DEFAULT', env: { DATABRICKS_CONFIG_FILE: FILE } });
    expect(await auth.authorization()).toBe('Bearer dapi-default');
    const fromEnv = resolveWorkspaceAuth({ env: { DATABRICKS_CONFIG_FILE: FILE, DATABRICKS_CONFIG_PROFILE: 'DEFAULT' } });
    expect(fromEnv.baseUrl).toBe('https://default.cloud.databricks.com');
  });

  it('lets environment values win over the profile', async () => {
    const auth = resolveWorkspaceAuth({
      env: { DATABRICKS_CONFIG_FILE: FILE, DATABRICKS_CONFIG_PROFILE: 'DEFAULT', DATABRICKS_TOKEN: 'env-token' },
    });
    expect(auth.baseUrl).toBe('https://default.cloud.databricks.com');
    expect(await auth.authorization()).toBe('Bearer env-token');
  });

  it('explains every misconfiguration', () => {
    expect(() => resolveWorkspaceAuth({ env: none })).toThrow(DatabricksConfigError);
    expect(() => resolveWorkspaceAuth({ host: 'h', env: none })).toThrow(/no Databricks credentials/);
    expect(() => resolveWorkspaceAuth({ host: 'h', token: 't', clientId: 'c', env: none })).toThrow(
      'more than one authorization method configured: oauth and pat',
    );
    expect(() => resolveWorkspaceAuth({ host: 'h', clientId: 'c', env: none })).toThrow(
      'OAuth M2M needs both a client id and a client secret',
    );
    expect(() => resolveWorkspaceAuth({ profile: 'missing', env: { DATABRICKS_CONFIG_FILE: FILE } })).toThrow(
      `resolve: ${FILE} has no missing profile configured`,
    );
  });
});

describe('OAuth M2M tokens', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await emulator?.stop();
  });

  it('fetches a new token once the cached one is about to expire', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    emulator = await startEmulator({
      jobs: [{ name: 'j' }],
      servicePrincipal: { clientId: 'sp', clientSecret: 'sp-secret-1', tokenLifetimeSeconds: 1 },
    });
    const client = new DatabricksJobsClient({ host: emulator.url, clientId: 'sp', clientSecret: 'sp-secret-1' });
    await client.runNow({ jobId: 1, idempotencyToken: 'a' });
    const tokens = () => emulator?.calls().filter((call) => call.path === '/oidc/v1/token').length;
    expect(tokens()).toBe(1);
    // A token living 1 s is reused for 900 ms, then refreshed (the emulator's clock moves too).
    vi.setSystemTime(Date.now() + 850);
    await client.runNow({ jobId: 1, idempotencyToken: 'b' });
    expect(tokens()).toBe(1);
    vi.setSystemTime(Date.now() + 100);
    await client.runNow({ jobId: 1, idempotencyToken: 'c' });
    expect(tokens()).toBe(2);
    expect(emulator.calls().every((call) => call.status === 200)).toBe(true);
  });
});

describe('a token endpoint that echoes what it was sent', () => {
  it('never lets the client secret through, raw or as Basic credentials', async () => {
    const peer = await mswPeer([
      http.post('*/oidc/v1/token', ({ request }) =>
        HttpResponse.json(
          {
            error: 'invalid_client',
            error_description: `bad credentials: ${request.headers.get('authorization')} for ${decodeURIComponent(
              Buffer.from((request.headers.get('authorization') ?? '').slice(6), 'base64').toString(),
            )}`,
          },
          { status: 401 },
        ),
      ),
    ]);
    try {
      const client = new DatabricksJobsClient({ host: peer.url, clientId: 'sp-echo', clientSecret: 'sp-secret-echo-77' });
      const error = await client.runNow({ jobId: 1, idempotencyToken: 'a' }).catch((thrown: unknown) => thrown);
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).toContain('bad credentials');
      expect(text).not.toContain('sp-secret-echo-77');
      expect(text).not.toContain(Buffer.from('sp-echo:sp-secret-echo-77').toString('base64'));
    } finally {
      await peer.close();
    }
  });
});
