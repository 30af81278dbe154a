/**
 * The README's Databricks example, type-checked by `npm test`.
 */
import { createEngine, DatabricksJobsClient, pipeline } from 'brickwork';

const seed = pipeline('seed', { defaults: { retry: { maxRetries: 3, retryOnTimeout: true }, timeoutSeconds: 3600 } })
  .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
  .job('load', { databricks: { jobName: 'Data_Load_Job' } })
  .after('extract')
  .job('es', { databricks: { jobName: 'ES_Load_Job' } })
  .after('load')
  .build();

// host + token, or DATABRICKS_HOST / DATABRICKS_TOKEN, or a ~/.databrickscfg profile
const engine = createEngine({ jobsApi: new DatabricksJobsClient() });
const result = await engine.run(seed, { parameters: { day: '2026-11-30' } });
console.log(result.status);
