/**
 * What a scheduler (cron, a CI schedule, Kubernetes CronJob) runs every night: resume the
 * last run of the pipeline if it did not succeed — its succeeded jobs are kept — else start
 * a new one; stop at a deadline; exit with 0 or 1 for the scheduler. Written only against
 * brickwork's public API; test/examples/scheduled-script.test.ts runs it against the emulator.
 *
 *   DATABRICKS_HOST=… DATABRICKS_TOKEN=… npx tsx examples/scheduled-script.ts
 */
import { pathToFileURL } from 'node:url';
import { createEngine, type Engine, type Pipeline, pipeline } from 'brickwork';

/** The nightly pipeline: the seed's three jobs. */
export const nightly: Pipeline = pipeline('nightly', { defaults: { retry: { maxRetries: 2 }, timeoutSeconds: 3600 } })
  .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
  .job('load', { databricks: { jobName: 'Data_Load_Job' } })
  .after('extract')
  .job('index', { databricks: { jobName: 'ES_Load_Job' } })
  .after('load')
  .build();

/** One scheduled execution; resolves to the process exit code. */
export async function scheduledRun(engine: Engine, flow: Pipeline, deadlineSeconds = 4 * 3600): Promise<number> {
  const [last] = await engine.store.listRuns({ pipeline: flow.name, limit: 1 });
  const signal = AbortSignal.timeout(deadlineSeconds * 1000);
  const result =
    last && last.status !== 'success'
      ? await engine.resume(flow, last.runId, { signal })
      : await engine.run(flow, { signal, parameters: { day: new Date().toISOString().slice(0, 10) } });
  console.log(`${flow.name} ${result.status} (run ${result.runId}${last && last.status !== 'success' ? ', resumed' : ''})`);
  return result.status === 'success' ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await scheduledRun(createEngine(), nightly);
}
