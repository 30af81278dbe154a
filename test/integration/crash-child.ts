/**
 * Runs the crash pipeline with default engine options until the parent kills it:
 * `node --import tsx crash-child.ts <url> <token> <db> <runId>`.
 */
import { createEngine, DatabricksJobsClient, SqliteMetadataStore } from '../../src/index.js';
import { crashPipeline } from './crash-pipeline.js';

const [url, token, path, runId] = process.argv.slice(2) as [string, string, string, string];
const engine = createEngine({
  notifiers: [],
  jobsApi: new DatabricksJobsClient({ host: url, token }),
  store: new SqliteMetadataStore({ path }),
});
await engine.run(crashPipeline(), { runId });
