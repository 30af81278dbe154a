import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyTableRollback } from '../../examples/copy-table-rollback.js';
import { createEngine, MemoryMetadataStore, pipeline, SqliteSqlClient } from '../../src/index.js';

describe('examples/copy-table-rollback', () => {
  it('puts a table an in-process job half-wrote back, through the public RollbackStrategy interface', async () => {
    const sql = new SqliteSqlClient({ path: join(mkdtempSync(join(tmpdir(), 'brickwork-copy-')), 'data.db') });
    await sql.query('CREATE TABLE orders (id INTEGER)');
    await sql.query('INSERT INTO orders VALUES (1)');
    const engine = createEngine({ store: new MemoryMetadataStore(), sql, rollback: copyTableRollback(sql), notifiers: [] });
    const flow = pipeline('nightly')
      .job('load', {
        writes: ['orders'],
        run: async () => {
          await sql.query('INSERT INTO orders VALUES (7)');
          throw new Error('lost the connection halfway');
        },
      })
      .build();
    const result = await engine.run(flow);
    expect(result.jobs.get('load')?.rollback).toMatchObject({ strategy: 'copy-table', status: 'succeeded' });
    expect(await sql.query('SELECT id FROM orders')).toEqual([{ id: 1 }]);
    await sql.close();
  });
});
