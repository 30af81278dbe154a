import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeMetadataStore } from 'brickwork/testing';
import { describe, expect, it } from 'vitest';
import { SqlMetadataStore } from '../../src/stores/sql-metadata-store.js';
import { SqliteMetadataStore } from '../../src/stores/sqlite-metadata-store.js';
import { SqliteSqlClient } from '../../src/stores/sqlite-sql-client.js';
import { logRow } from '../helpers.js';

const freshPath = () => join(mkdtempSync(join(tmpdir(), 'brickwork-store-')), 'nested', 'state.db');

describeMetadataStore('SqliteMetadataStore', async () => new SqliteMetadataStore({ path: freshPath() }), { describe, it });

describe('SqliteMetadataStore', () => {
  it('keeps runs across store instances (and processes) on the same file', async () => {
    const path = freshPath();
    const first = new SqliteMetadataStore({ path });
    await first.init();
    await first.append([
      Object.freeze(logRow({ pipelineRunId: 'r', jobId: 'r/a', status: 'success', event: 'succeeded', seq: 1 })),
    ]);
    const second = new SqliteMetadataStore({ path });
    await second.init();
    expect((await second.history('r')).map((row) => row.event)).toEqual(['succeeded']);
  });

  it('refuses a foreign table with the configured name and changes nothing', async () => {
    const sql = new SqliteSqlClient({ path: freshPath() });
    await sql.query('CREATE TABLE audit (id INTEGER, note TEXT)');
    await sql.query("INSERT INTO audit VALUES (1, 'keep me')");
    await expect(new SqlMetadataStore({ sql, table: 'audit' }).init()).rejects.toThrow(
      /table "audit" exists but is not a brickwork log \(no such column: pipeline_name/,
    );
    expect(await sql.query('SELECT * FROM audit')).toEqual([{ id: 1, note: 'keep me' }]);
  });

  it('rejects table names that are not plain identifiers before sending anything', () => {
    const sql = new SqliteSqlClient({ path: freshPath() });
    for (const table of ['log; DROP TABLE x', 'a"b', '1log', 'main.etl.log', '']) {
      expect(() => new SqlMetadataStore({ sql, table })).toThrow(
        /table name .* must be a plain name of letters, digits and underscores/,
      );
    }
  });
});

describe('SqlMetadataStore on a conflicting Delta table', () => {
  it('retries a statement Delta refused for a concurrent commit', async () => {
    const { SqlStatementError } = await import('../../src/index.js');
    const real = new SqliteSqlClient({ path: freshPath() });
    let conflicts = 2;
    const calls: string[] = [];
    // Delta conflicts cannot be produced locally: wrap a real client to answer two of them.
    const flaky = {
      dialect: 'sqlite' as const,
      close: () => real.close(),
      query: async (sql: string, params?: Parameters<SqliteSqlClient['query']>[1]) => {
        calls.push(sql.split(' ')[0] ?? '');
        if (sql.startsWith('INSERT INTO "brickwork_log"') && conflicts-- > 0) {
          throw new SqlStatementError(
            'BAD_REQUEST',
            '[DELTA_CONCURRENT_APPEND] Files were added to the root of the table by a concurrent update.',
          );
        }
        return real.query(sql, params);
      },
    };
    const store = new SqlMetadataStore({ sql: flaky });
    await store.init();
    await store.append([Object.freeze(logRow({ seq: 1 }))]);
    expect(calls.filter((verb) => verb === 'INSERT')).toHaveLength(3);
    expect(await store.history('r1')).toHaveLength(1);
  });
});

describe('SqliteSqlClient without its driver', () => {
  it('says how to install better-sqlite3', async () => {
    const sql = new SqliteSqlClient({
      path: freshPath(),
      loadDriver: () => {
        throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' });
      },
    });
    await expect(sql.query('SELECT 1')).rejects.toThrow(
      'the SQLite store needs the optional package better-sqlite3: run `npm install better-sqlite3@12`',
    );
  });
});
