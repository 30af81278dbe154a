/**
 * Runs the crash pipeline until the parent kills it: `node --import tsx crash-child.ts <url> <token> <db> <runId>`.
 */
import { createEngine, DatabricksJobsClient, SqliteMetadataStore } from '../../src/index.js';
import { crashPipeline } from './crash-pipeline.js';

const [url, token, path, runId] = process.argv.slice(2) as [string, string, string, string];
const engine = createEngine({
  notifiers: [],
  jobsApi: new DatabricksJobsClient({ host: url, token, requestsPerSecond: 1000 }),
  store: new SqliteMetadataStore({ path }),
  poll: { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 },
});
await engine.run(crashPipeline(), { runId });
