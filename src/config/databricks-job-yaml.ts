import { z } from 'zod';
import type { JobPolicy, RetryPolicy } from '../graph/job-spec.js';

/** A task of a Databricks job definition: only the fields brickwork takes over are checked. */
const taskSchema = z.looseObject({
  task_key: z.string().optional(),
  max_retries: z.number().int().min(-1).optional(),
  min_retry_interval_millis: z.number().int().nonnegative().optional(),
  retry_on_timeout: z.boolean().optional(),
  timeout_seconds: z.number().int().nonnegative().optional(),
});

/**
 * A Databricks job definition as YAML writes it (the seed's job files, a bundle's
 * `resources.jobs.<key>`). Other Databricks fields (clusters, libraries, …) are accepted as
 * they are: they belong to Databricks, not to brickwork.
 */
export const databricksJobSchema = z.looseObject({
  name: z.string().min(1),
  tasks: z.array(taskSchema).optional(),
  timeout_seconds: z.number().int().nonnegative().optional(),
  email_notifications: z.looseObject({ on_failure: z.array(z.string()).optional() }).optional(),
  on_success: z.looseObject({ trigger_job: z.looseObject({ job_name: z.string().min(1) }).optional() }).optional(),
});

/** A checked Databricks job definition. */
export type DatabricksJobYaml = z.output<typeof databricksJobSchema>;

/**
 * The policy a Databricks job definition implies: its tasks' `max_retries` (the largest;
 * -1, "forever" on Databricks, is not taken over), `min_retry_interval_millis`,
 * `retry_on_timeout` (any task) and `timeout_seconds` (the job's, or its single task's; 0 is none).
 */
export function policyOf(job: DatabricksJobYaml): JobPolicy {
  const tasks = job.tasks ?? [];
  const retries = tasks.map((task) => task.max_retries ?? 0).filter((n) => n >= 0);
  const interval = tasks.find((task) => task.min_retry_interval_millis !== undefined)?.min_retry_interval_millis;
  const retry: { -readonly [K in keyof RetryPolicy]: RetryPolicy[K] } = {};
  if (retries.length > 0) retry.maxRetries = Math.max(...retries);
  if (interval !== undefined) retry.minIntervalMs = interval;
  if (tasks.some((task) => task.retry_on_timeout)) retry.retryOnTimeout = true;
  const timeout = job.timeout_seconds || (tasks.length === 1 ? tasks[0]?.timeout_seconds : undefined);
  const policy: { -readonly [K in keyof JobPolicy]: JobPolicy[K] } = {};
  if (Object.keys(retry).length > 0) policy.retry = retry;
  if (timeout) policy.timeoutSeconds = timeout;
  const recipients = job.email_notifications?.on_failure;
  if (recipients?.length) policy.notify = { recipients };
  return policy;
}
