/**
 * Runs the rollback pipeline until the parent kills it, with default engine options:
 * `node --import tsx rollback-crash-child.ts <url> <token> <warehouseId> <db> <runId>`.
 */
import { createEngine, DatabricksJobsClient, SqliteMetadataStore, StatementExecutionSqlClient } from '../../src/index.js';
import { rollbackPipeline } from './rollback-crash-pipeline.js';

const [host, token, warehouseId, path, runId] = process.argv.slice(2) as [string, string, string, string, string];
const engine = createEngine({
  notifiers: [],
  jobsApi: new DatabricksJobsClient({ host, token }),
  sql: new StatementExecutionSqlClient({ host, token, warehouseId }),
  store: new SqliteMetadataStore({ path }),
});
await engine.run(rollbackPipeline(), { runId });
