/**
 * A rollback strategy for tables without time travel (for example Postgres): copy each
 * table before the job, copy it back when the job fails. Written against brickwork's public
 * API and type-checked by `npm test`; docs/rollback.md explains the contract.
 */
import type { RollbackStrategy, SqlClient, TableRestore } from 'brickwork';

/** The backup table of `table` for one run (names in `writes` are already plain identifiers). */
function backupOf(table: string, runId: string): string {
  return `${table}__bw_${runId.replace(/\W/g, '_')}`;
}

/** Snapshots by copying each table; restores by truncating it and copying the rows back. */
export function copyTableRollback(sql: SqlClient): RollbackStrategy {
  return {
    name: 'copy-table',
    async snapshot(job, { runId }) {
      for (const table of job.writes) await sql.query(`CREATE TABLE ${backupOf(table, runId)} AS SELECT * FROM ${table}`);
      return { tables: job.writes.map((table) => ({ table, version: 0 })) };
    },
    async restore(_job, snapshot, { runId }) {
      const tables: TableRestore[] = [];
      for (const { table } of snapshot.tables) {
        try {
          await sql.query(`DELETE FROM ${table}`);
          await sql.query(`INSERT INTO ${table} SELECT * FROM ${backupOf(table, runId)}`);
          tables.push({ table, status: 'restored' });
        } catch (error) {
          tables.push({ table, status: 'failed', reason: error instanceof Error ? error.message : String(error) });
        }
      }
      return { status: tables.every((t) => t.status === 'restored') ? 'succeeded' : 'failed', tables };
    },
  };
}
