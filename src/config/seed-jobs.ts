import { z } from 'zod';
import type { JobSpec } from '../graph/job-spec.js';
import { type DatabricksJobYaml, databricksJobSchema, policyOf } from './databricks-job-yaml.js';
import type { ConfigProblem, YamlFile } from './yaml-file.js';

/** A file in the seed's format: `jobs:` a list of Databricks job definitions. */
const seedFileSchema = z.looseObject({ jobs: z.array(databricksJobSchema).min(1) });

/** Whether a parsed file looks like the seed's format. */
export function isSeedFile(value: unknown): boolean {
  return Array.isArray((value as { jobs?: unknown } | null)?.jobs);
}

/** Specs of the seed's job files, keyed by job name; the chain comes from `on_success.trigger_job`. */
export function seedJobSpecs(files: readonly YamlFile[], problems: ConfigProblem[]): Map<string, JobSpec> {
  const jobs = new Map<string, { job: DatabricksJobYaml; file: YamlFile; path: (string | number)[] }>();
  for (const file of files) {
    const parsed = seedFileSchema.safeParse(file.value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(file.problem(issue.path as PropertyKey[], issue.message));
      continue;
    }
    parsed.data.jobs.forEach((job, i) => {
      const path = ['jobs', i, 'name'];
      if (jobs.has(job.name)) problems.push(file.problem(path, `job '${job.name}' is defined twice`));
      else jobs.set(job.name, { job, file, path: ['jobs', i] });
    });
  }
  const after = new Map<string, string[]>();
  for (const [name, { job, file, path }] of jobs) {
    const next = job.on_success?.trigger_job?.job_name;
    if (next === undefined) continue;
    if (!jobs.has(next)) {
      problems.push(
        file.problem([...path, 'on_success', 'trigger_job', 'job_name'], `triggers '${next}', which none of the files defines`),
      );
    } else {
      after.set(next, [...(after.get(next) ?? []), name]);
    }
  }
  const specs = new Map<string, JobSpec>();
  for (const [name, { job }] of jobs) {
    const spec: JobSpec = { databricks: { jobName: name }, after: (after.get(name) ?? []).map(keyOf), ...policyOf(job) };
    specs.set(keyOf(name), spec);
  }
  return specs;
}

/** A job key of a Databricks job name (`My Job` → `My_Job`). */
function keyOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100);
}
