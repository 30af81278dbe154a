import { z } from 'zod';
import { RUN_IF_RULES } from '../model/run-if.js';

const positive = z.number().finite().positive();
const nonNegative = z.number().finite().nonnegative();
const tableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}$/, 'must be a table name such as catalog.schema.table');
const severity = z.enum(['error', 'warn']).optional().describe("'error' blocks dependents and restores; 'warn' only tells");

const retries = z
  .strictObject({
    max_retries: z.number().int().nonnegative().optional().describe('Attempts after the first (default 0)'),
    min_interval_ms: nonNegative.optional().describe('Delay before the first retry (default 1000)'),
    backoff_factor: z.number().finite().min(1).optional().describe('Multiplier per retry (default 2)'),
    max_interval_ms: nonNegative.optional().describe('Upper bound of a delay (default 300000)'),
    jitter: z.enum(['full', 'none']).optional(),
    retry_on_timeout: z.boolean().optional().describe('Retry attempts that timed out (default false)'),
    after_workspace_retries: z
      .boolean()
      .optional()
      .describe('Retry a run whose failed tasks Databricks already retried (default false)'),
  })
  .describe('Retry policy');

const notifications = z
  .strictObject({
    on_failure: z.boolean().optional(),
    on_retry: z.boolean().optional(),
    on_success: z.boolean().optional(),
    on_start: z.boolean().optional(),
    on_duration_warning: z.boolean().optional(),
    on_recovered: z.boolean().optional(),
    notifiers: z.array(z.string().min(1)).optional().describe('Names of the notifiers to use'),
    recipients: z.array(z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address')).optional(),
  })
  .describe('When to notify, and whom');

const policy = {
  retries: retries.optional(),
  timeout_seconds: positive.optional().describe('Limit of one attempt'),
  warn_after_seconds: positive.optional().describe('Duration warning threshold'),
  run_if: z
    .enum(RUN_IF_RULES as [string, ...string[]])
    .optional()
    .describe('When the job runs, given its dependencies'),
  rollback: z.enum(['job', 'pipeline', 'none']).optional().describe('When the tables in writes are restored'),
  notifications: notifications.optional(),
};

const check = z.union([
  z.strictObject({
    row_count: z.strictObject({ table: tableName, min: z.number().optional(), max: z.number().optional() }),
    severity,
    name: z.string().optional(),
  }),
  z.strictObject({
    schema: z.strictObject({
      table: tableName,
      columns: z.union([z.array(z.string()), z.record(z.string(), z.string())]),
      exact: z.boolean().optional(),
    }),
    severity,
    name: z.string().optional(),
  }),
  z.strictObject({ sql: z.strictObject({ name: z.string().min(1), query: z.string().min(1) }), severity }),
]);

const parameters = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String));

/** A job of a brickwork pipeline file: exactly one of `job_name`, `job_id`, `submit` or `bundle_job`. */
export const fileJobSchema = z
  .strictObject({
    job_name: z.string().min(1).optional().describe('Run the existing Databricks job with this name'),
    job_id: z.number().int().positive().optional().describe('Run the existing Databricks job with this id'),
    submit: z.record(z.string(), z.unknown()).optional().describe('A one-time run: the runs/submit payload'),
    bundle_job: z.string().min(1).optional().describe('Run the job with this key in the bundle files'),
    parameters: z
      .union([parameters, z.literal(false)])
      .optional()
      .describe('Job parameters; ${...} is resolved. false: send none, not even the run parameters the job declares'),
    notebook_params: parameters.optional().describe('notebook_params, for a job without job parameters'),
    python_params: z.array(z.string()).optional().describe('python_params, for a job without job parameters'),
    jar_params: z.array(z.string()).optional().describe('jar_params, for a job without job parameters'),
    repair: z
      .enum(['failed_tasks', 'new_run'])
      .optional()
      .describe('A later attempt after failed tasks: repair the run (failed tasks and their dependents) or start a new one'),
    depends_on: z.array(z.string()).optional().describe('Keys of the jobs this one runs after'),
    writes: z.array(tableName).optional().describe('Tables the job writes, for rollback'),
    checks: z.array(check).optional().describe('Data-quality gates run after the job succeeds'),
    estimated_duration_seconds: nonNegative.optional(),
    tags: z.record(z.string(), z.string()).optional(),
    ...policy,
  })
  .describe('One job');

/** A brickwork pipeline file (`pipeline.yml`). */
export const pipelineFileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string().min(1).describe('Pipeline name: letters, digits, _ and -'),
    description: z.string().optional(),
    concurrency: z.number().int().positive().optional().describe('Jobs running at once'),
    deadline_seconds: positive.optional().describe('Limit of the whole run'),
    rollback: z.enum(['job', 'pipeline', 'none']).optional(),
    notifications: notifications.optional().describe('Notifications of the run itself'),
    bundles: z.array(z.string()).optional().describe('Databricks Asset Bundle files whose resources.jobs bundle_job refers to'),
    defaults: z.strictObject(policy).optional().describe("Policy filling the gaps of every job's own"),
    jobs: z.record(z.string(), fileJobSchema).describe('Jobs by key, in any order'),
  })
  .describe('A brickwork pipeline');

/** A validated pipeline file. */
export type PipelineFile = z.output<typeof pipelineFileSchema>;
/** A validated job of a pipeline file. */
export type FileJob = z.output<typeof fileJobSchema>;

/** The JSON Schema of pipeline files, for editor completion (`$schema` or yaml-language-server). */
export function pipelineJsonSchema(): Record<string, unknown> {
  return {
    title: 'brickwork pipeline',
    ...(z.toJSONSchema(pipelineFileSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>),
  };
}
