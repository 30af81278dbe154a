import type { JobsApi } from '../../adapters/jobs-api.js';
import type { RunNowParameters } from '../../graph/job-spec.js';

/** What a run-now sends besides the job id and token. */
export interface RunNowFields {
  readonly jobParameters?: Readonly<Record<string, string>>;
  readonly notebookParams?: Readonly<Record<string, string>>;
  readonly pythonParams?: readonly string[];
  readonly jarParams?: readonly string[];
}

/**
 * The parameters of a run-now, where they belong: a target with legacy parameters sends
 * those and no job parameters; `parameters: false` sends nothing; otherwise the run's
 * parameters that the job declares (`declared()`, read once per run) and the target's own
 * `parameters` over them. Jobs that declare none get only what the target names.
 */
export async function runNowFields(
  target: RunNowParameters,
  runParameters: Readonly<Record<string, string>>,
  declared: () => Promise<readonly string[]>,
): Promise<RunNowFields> {
  const legacy = {
    ...(target.notebookParams ? { notebookParams: target.notebookParams } : {}),
    ...(target.pythonParams ? { pythonParams: target.pythonParams } : {}),
    ...(target.jarParams ? { jarParams: target.jarParams } : {}),
  };
  if (target.parameters === false) return legacy;
  if (Object.keys(legacy).length > 0) return legacy;
  const names = Object.keys(runParameters).length > 0 ? new Set(await declared()) : new Set<string>();
  const forwarded = Object.fromEntries(Object.entries(runParameters).filter(([name]) => names.has(name)));
  return { jobParameters: { ...forwarded, ...target.parameters } };
}

/** One `jobs/get` per job per run, shared by its attempts. */
export function declaredParameters(jobsApi: JobsApi): (jobId: number) => Promise<readonly string[]> {
  const known = new Map<number, Promise<readonly string[]>>();
  return (jobId) => {
    let names = known.get(jobId);
    if (!names) {
      names = jobsApi.jobParameterNames(jobId);
      names.catch(() => known.delete(jobId));
      known.set(jobId, names);
    }
    return names;
  };
}
