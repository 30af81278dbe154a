import { describe, expect, it } from 'vitest';
import type { DatabricksSqlDriver } from '../../src/databricks/databricks-sql-client.js';
import { DatabricksSqlClient, SqlStatementError, StoreError } from '../../src/index.js';

/**
 * The driver speaks Thrift, which no local peer can; this fake stands in at the driver's
 * interface and records what the client asks of it.
 */
function fakeDriver(answer: (sql: string, params: Record<string, unknown>) => unknown[]) {
  const log: string[] = [];
  const connects: Record<string, unknown>[] = [];
  const driver: DatabricksSqlDriver = {
    DBSQLClient: class {
      async connect(options: Record<string, unknown>) {
        connects.push(options);
        if (options.token === 'refused') throw new Error('401 Unauthorized for token refused');
      }
      async openSession() {
        log.push('openSession');
        return {
          executeStatement: async (sql: string, options: { namedParameters: Record<string, unknown> }) => {
            log.push(`execute ${sql}`);
            const rows = answer(sql, options.namedParameters);
            return { fetchAll: async () => rows, close: async () => log.push('closeOperation') };
          },
          close: async () => log.push('closeSession'),
        };
      }
      async close() {
        log.push('closeClient');
      }
    },
  };
  return { driver, log, connects };
}

const env = { DATABRICKS_CONFIG_FILE: '/nonexistent' };

describe('DatabricksSqlClient', () => {
  it('connects once with the token, runs statements with named parameters, and closes what it opened', async () => {
    const seen: Record<string, unknown>[] = [];
    const { driver, log, connects } = fakeDriver((_sql, params) => {
      seen.push(params);
      return [{ n: 1 }];
    });
    const sql = new DatabricksSqlClient({
      host: 'https://dbc-1.cloud.databricks.com',
      token: 'dapi-x',
      path: '/sql/1.0/warehouses/abc',
      env,
      loadDriver: async () => driver,
    });
    const at = new Date('2026-11-30T10:00:00Z');
    expect(await sql.query('SELECT :n AS n, :at AS at', { n: 1, at })).toEqual([{ n: 1 }]);
    expect(await sql.query('SELECT 1')).toEqual([{ n: 1 }]);
    await sql.close();
    expect(connects).toEqual([{ host: 'dbc-1.cloud.databricks.com', path: '/sql/1.0/warehouses/abc', token: 'dapi-x' }]);
    expect(seen[0]).toEqual({ n: 1, at });
    expect(log).toEqual([
      'openSession',
      'execute SELECT :n AS n, :at AS at',
      'closeOperation',
      'execute SELECT 1',
      'closeOperation',
      'closeSession',
      'closeClient',
    ]);
  });

  it("lets the driver do OAuth M2M with the service principal's credentials", async () => {
    const { driver, connects } = fakeDriver(() => []);
    const sql = new DatabricksSqlClient({
      host: 'dbc-1.cloud.databricks.com',
      clientId: 'sp',
      clientSecret: 'sp-secret',
      path: '/sql/1.0/warehouses/abc',
      env,
      loadDriver: async () => driver,
    });
    await sql.query('SELECT 1');
    expect(connects[0]).toMatchObject({ authType: 'databricks-oauth', oauthClientId: 'sp', oauthClientSecret: 'sp-secret' });
  });

  it('turns a failed statement into a SqlStatementError that knows Delta conflicts', async () => {
    const { driver } = fakeDriver(() => {
      throw Object.assign(new Error('The operation failed due to an error'), {
        errorCode: 'ERROR',
        response: {
          displayMessage: '[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update.',
        },
      });
    });
    const sql = new DatabricksSqlClient({ host: 'h.example', token: 't0ken', path: '/p', env, loadDriver: async () => driver });
    const error = await sql.query('INSERT INTO t VALUES (1)').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(SqlStatementError);
    expect((error as SqlStatementError).concurrentConflict).toBe(true);
  });

  it('says how to install the driver when it is missing, and never shows the token when a connection fails', async () => {
    const missing = new DatabricksSqlClient({ host: 'h.example', token: 'dapi-x', path: '/p', env });
    await expect(missing.query('SELECT 1')).rejects.toThrow(
      'DatabricksSqlClient needs the package @databricks/sql: run `npm install @databricks/sql@2`',
    );
    const { driver } = fakeDriver(() => []);
    const refused = new DatabricksSqlClient({
      host: 'h.example',
      token: 'refused',
      path: '/p',
      env,
      loadDriver: async () => driver,
    });
    const error = await refused.query('SELECT 1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toBe(
      'could not connect to the Databricks SQL warehouse at h.example/p: 401 Unauthorized for token [REDACTED]',
    );
  });
});
