import type { SqlClient, SqlValue } from '../adapters/sql-client.js';
import { StoreError } from '../model/errors.js';
import { redact } from '../util/redact.js';
import { SqlStatementError } from './statement-execution-sql-client.js';
import { type DatabricksAuthOptions, resolveWorkspaceAuth } from './workspace-auth.js';

/** The part of the `@databricks/sql` driver this client uses. */
export interface DatabricksSqlDriver {
  readonly DBSQLClient: new () => {
    connect(options: Record<string, unknown>): Promise<unknown>;
    openSession(): Promise<{
      executeStatement(
        sql: string,
        options: { namedParameters: Record<string, unknown> },
      ): Promise<{ fetchAll(): Promise<unknown[]>; close(): Promise<unknown> }>;
      close(): Promise<unknown>;
    }>;
    close(): Promise<unknown>;
  };
}

/** Options of {@link DatabricksSqlClient}. */
export interface DatabricksSqlClientOptions extends DatabricksAuthOptions {
  /** The warehouse's HTTP path, e.g. `/sql/1.0/warehouses/abcdef1234567890`. */
  readonly path: string;
  /** Loads the driver; for tests. @default `import('@databricks/sql')` */
  readonly loadDriver?: () => Promise<DatabricksSqlDriver>;
}

type Session = Awaited<ReturnType<InstanceType<DatabricksSqlDriver['DBSQLClient']>['openSession']>>;

/**
 * A {@link SqlClient} on the `@databricks/sql` Thrift driver (install it yourself:
 * `npm install @databricks/sql@2`). The driver is loaded on the first query, so
 * `import 'brickwork'` never loads it. One session is opened and reused.
 */
export class DatabricksSqlClient implements SqlClient {
  readonly dialect = 'databricks';
  readonly #options: DatabricksSqlClientOptions;
  #connection: Promise<{ client: InstanceType<DatabricksSqlDriver['DBSQLClient']>; session: Session }> | undefined;

  constructor(options: DatabricksSqlClientOptions) {
    this.#options = options;
  }

  /** Runs one statement with named `:param` markers. */
  async query(sql: string, params: Readonly<Record<string, SqlValue>> = {}): Promise<readonly Record<string, unknown>[]> {
    const { session } = await this.#connect();
    try {
      const operation = await session.executeStatement(sql, { namedParameters: { ...params } });
      try {
        return (await operation.fetchAll()) as Record<string, unknown>[];
      } finally {
        await operation.close();
      }
    } catch (error) {
      // The driver's operation errors carry the SQL error text in response.displayMessage.
      const display = (error as { response?: { displayMessage?: string } }).response?.displayMessage;
      const message = display ?? (error instanceof Error ? error.message : String(error));
      throw new SqlStatementError((error as { errorCode?: string }).errorCode ?? 'ERROR', message);
    }
  }

  /** Closes the session and the connection. */
  async close(): Promise<void> {
    const connection = this.#connection;
    this.#connection = undefined;
    if (!connection) return;
    const { client, session } = await connection;
    await session.close();
    await client.close();
  }

  #connect() {
    this.#connection ??= this.#open().catch((error: unknown) => {
      this.#connection = undefined;
      throw error;
    });
    return this.#connection;
  }

  async #open() {
    const {
      loadDriver = () => import('@databricks/sql' as string) as Promise<DatabricksSqlDriver>,
      path,
      ...auth
    } = this.#options;
    const credentials = resolveWorkspaceAuth(auth);
    let driver: DatabricksSqlDriver;
    try {
      driver = await loadDriver();
    } catch (cause) {
      throw new StoreError('DatabricksSqlClient needs the package @databricks/sql: run `npm install @databricks/sql@2`', {
        cause,
      });
    }
    const host = new URL(credentials.baseUrl).host;
    const login =
      'token' in credentials.credentials
        ? { token: credentials.credentials.token }
        : {
            authType: 'databricks-oauth',
            oauthClientId: credentials.credentials.clientId,
            oauthClientSecret: credentials.credentials.clientSecret,
          };
    const client = new driver.DBSQLClient();
    try {
      await client.connect({ host, path, ...login });
    } catch (cause) {
      const detail = redact(cause instanceof Error ? cause.message : String(cause), credentials.secrets);
      throw new StoreError(`could not connect to the Databricks SQL warehouse at ${host}${path}: ${detail}`, { cause });
    }
    return { client, session: await client.openSession() };
  }
}
