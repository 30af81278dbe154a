import type { Check } from '../adapters/check.js';
import { checks } from '../checks/checks.js';
import type { JobPolicy, JobSpec, RetryPolicy } from '../graph/job-spec.js';
import type { NotifyPolicy } from '../model/notify-policy.js';
import type { DatabricksJobYaml } from './databricks-job-yaml.js';
import { policyOf } from './databricks-job-yaml.js';
import type { FileJob, PipelineFile } from './pipeline-file-schema.js';
import type { ConfigProblem, YamlFile } from './yaml-file.js';

type FilePolicy = Pick<FileJob, 'retries' | 'timeout_seconds' | 'warn_after_seconds' | 'run_if' | 'rollback' | 'notifications'>;

/** The builder's policy of a file's snake_case policy. */
export function policyFromFile(policy: FilePolicy): JobPolicy {
  const result: { -readonly [K in keyof JobPolicy]: JobPolicy[K] } = {};
  const { retries } = policy;
  if (retries) {
    const retry: { -readonly [K in keyof RetryPolicy]: RetryPolicy[K] } = {};
    if (retries.max_retries !== undefined) retry.maxRetries = retries.max_retries;
    if (retries.min_interval_ms !== undefined) retry.minIntervalMs = retries.min_interval_ms;
    if (retries.backoff_factor !== undefined) retry.backoffFactor = retries.backoff_factor;
    if (retries.max_interval_ms !== undefined) retry.maxIntervalMs = retries.max_interval_ms;
    if (retries.jitter !== undefined) retry.jitter = retries.jitter;
    if (retries.retry_on_timeout !== undefined) retry.retryOnTimeout = retries.retry_on_timeout;
    if (retries.after_workspace_retries !== undefined) retry.afterWorkspaceRetries = retries.after_workspace_retries;
    result.retry = retry;
  }
  if (policy.timeout_seconds !== undefined) result.timeoutSeconds = policy.timeout_seconds;
  if (policy.warn_after_seconds !== undefined) result.warnAfterSeconds = policy.warn_after_seconds;
  if (policy.run_if !== undefined) result.runIf = policy.run_if as JobPolicy['runIf'] & string;
  if (policy.rollback !== undefined) result.rollback = policy.rollback;
  if (policy.notifications) result.notify = notifyFromFile(policy.notifications);
  return result;
}

/** The builder's notification policy of a file's `notifications`. */
export function notifyFromFile(notifications: NonNullable<FilePolicy['notifications']>): NotifyPolicy {
  const { on_failure, on_retry, on_success, on_start, on_duration_warning, on_recovered, notifiers, recipients } = notifications;
  const entries = Object.entries({
    onFailure: on_failure,
    onRetry: on_retry,
    onSuccess: on_success,
    onStart: on_start,
    onDurationWarning: on_duration_warning,
    onRecovered: on_recovered,
    notifiers,
    recipients,
  }).filter(([, value]) => value !== undefined);
  return Object.fromEntries(entries) as NotifyPolicy;
}

/** The fields that say what a job runs; a job has exactly one. */
const TARGETS = ['job_name', 'job_id', 'submit', 'bundle_job'] as const;

/** The target fields a job sets (a valid job sets exactly one). */
function targetsOf(job: Readonly<Record<string, unknown>> | null | undefined): string[] {
  return TARGETS.filter((field) => job?.[field] !== undefined);
}

/**
 * Problems of a pipeline file's jobs that its schema cannot see job by job — no or several
 * targets, dependencies on keys the file does not have — found on the raw value, so that
 * they are listed with the schema's own problems.
 */
export function jobProblems(value: unknown, source: YamlFile): ConfigProblem[] {
  const jobs = (value as { jobs?: unknown } | null)?.jobs;
  if (typeof jobs !== 'object' || jobs === null || Array.isArray(jobs)) return [];
  const problems: ConfigProblem[] = [];
  for (const [key, job] of Object.entries(jobs as Record<string, Record<string, unknown> | null>)) {
    const targets = targetsOf(job);
    if (targets.length !== 1) {
      const got = targets.length === 0 ? 'none' : targets.join(', ');
      problems.push(
        source.problem(['jobs', key], `needs exactly one of job_name, job_id, submit or bundle_job, got ${got}`, true),
      );
    }
    const after = job?.depends_on;
    if (!Array.isArray(after)) continue;
    after.forEach((dependency, i) => {
      if (typeof dependency === 'string' && !(dependency in jobs)) {
        problems.push(
          source.problem(['jobs', key, 'depends_on', i], `depends on '${dependency}', which is not a job of this file`),
        );
      }
    });
  }
  return problems;
}

/**
 * The job specs of a brickwork pipeline file, by key. `bundleJobs` are the bundle files'
 * `resources.jobs`, by key. Problems (no or several targets, unknown bundle jobs) are reported.
 */
export function specsFromFile(
  file: PipelineFile,
  source: YamlFile,
  bundleJobs: ReadonlyMap<string, DatabricksJobYaml>,
  problems: ConfigProblem[],
): Map<string, JobSpec> {
  const specs = new Map<string, JobSpec>();
  for (const [key, job] of Object.entries(file.jobs)) {
    // Reported by jobProblems.
    if (targetsOf(job).length !== 1) continue;
    let inherited: JobPolicy = {};
    let jobName = job.job_name;
    if (job.bundle_job !== undefined) {
      const bundled = bundleJobs.get(job.bundle_job);
      if (!bundled) {
        const known = [...bundleJobs.keys()];
        problems.push(
          source.problem(
            ['jobs', key, 'bundle_job'],
            `no bundle file defines resources.jobs.${job.bundle_job}${known.length ? ` (known: ${known.join(', ')})` : ' (list bundle files under bundles)'}`,
          ),
        );
        continue;
      }
      jobName = bundled.name;
      inherited = policyOf(bundled);
    }
    const repair = job.repair ? { repair: job.repair } : {};
    const runNow = {
      ...(job.parameters === undefined ? {} : { parameters: job.parameters }),
      ...(job.notebook_params ? { notebookParams: job.notebook_params } : {}),
      ...(job.python_params ? { pythonParams: job.python_params } : {}),
      ...(job.jar_params ? { jarParams: job.jar_params } : {}),
      ...repair,
    };
    const databricks =
      job.submit !== undefined
        ? { submit: job.submit, ...repair }
        : job.job_id !== undefined
          ? { jobId: job.job_id, ...runNow }
          : { jobName: jobName as string, ...runNow };
    const own = policyFromFile(job);
    const spec: JobSpec = {
      databricks,
      ...inherited,
      ...own,
      ...(inherited.retry && own.retry ? { retry: { ...inherited.retry, ...own.retry } } : {}),
      ...(job.depends_on ? { after: job.depends_on } : {}),
      ...(job.writes ? { writes: job.writes } : {}),
      ...(job.checks ? { checks: job.checks.map(checkFromFile) } : {}),
      ...(job.estimated_duration_seconds !== undefined ? { estimatedDurationSeconds: job.estimated_duration_seconds } : {}),
      ...(job.tags ? { tags: job.tags } : {}),
    };
    specs.set(key, spec);
  }
  return specs;
}

function checkFromFile(check: NonNullable<FileJob['checks']>[number]): Check {
  const options = {
    ...(check.severity ? { severity: check.severity } : {}),
    ...('name' in check && check.name ? { name: check.name } : {}),
  };
  if ('row_count' in check) {
    const { table, min, max } = check.row_count;
    return checks.rowCount(table, { ...options, ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) });
  }
  if ('schema' in check) {
    const { table, columns, exact } = check.schema;
    return checks.schema(table, columns, { ...options, ...(exact !== undefined ? { exact } : {}) });
  }
  return checks.sql(check.sql.name, check.sql.query, options);
}
