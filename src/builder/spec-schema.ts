import { z } from 'zod';
import { TABLE_PATTERN } from '../model/names.js';
import { RUN_IF_RULES } from '../model/run-if.js';

const nonNegative = z.number().finite().nonnegative();
const positive = z.number().finite().positive();

const retrySchema = z.strictObject({
  maxRetries: z.number().int().nonnegative().optional(),
  minIntervalMs: nonNegative.optional(),
  backoffFactor: z.number().finite().min(1).optional(),
  maxIntervalMs: nonNegative.optional(),
  jitter: z.enum(['full', 'none']).optional(),
  retryOnTimeout: z.boolean().optional(),
  afterWorkspaceRetries: z.boolean().optional(),
  retryIf: z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function').optional(),
});

const names = z.array(z.string().min(1));

/** Schema of a notification policy (`NotifyPolicy`). */
export const notifyPolicySchema = z.strictObject({
  onFailure: z.boolean().optional(),
  onRetry: z.boolean().optional(),
  onSuccess: z.boolean().optional(),
  onStart: z.boolean().optional(),
  onDurationWarning: z.boolean().optional(),
  onRecovered: z.boolean().optional(),
  notifiers: names.optional(),
  recipients: z.array(z.string().regex(/^[^\s@]+@[^\s@]+$/, 'must be an email address')).optional(),
});

const policyShape = {
  retry: retrySchema.optional(),
  timeoutSeconds: positive.optional(),
  warnAfterSeconds: positive.optional(),
  runIf: z.enum(RUN_IF_RULES as [string, ...string[]]).optional(),
  notify: notifyPolicySchema.optional(),
  rollback: z.enum(['job', 'pipeline', 'none']).optional(),
};

const checkSchema = z.custom<{ name: string }>(
  (v) =>
    typeof v === 'object' &&
    v !== null &&
    typeof (v as { name?: unknown }).name === 'string' &&
    ((v as { severity?: unknown }).severity === 'error' || (v as { severity?: unknown }).severity === 'warn') &&
    typeof (v as { run?: unknown }).run === 'function',
  'must be a check made by checks.rowCount, checks.schema, checks.sql or checks.custom',
);

const parameters = z.record(z.string(), z.string());

const repair = z.enum(['failed_tasks', 'new_run']).optional();
const runNow = {
  parameters: z.union([parameters, z.literal(false)]).optional(),
  notebookParams: parameters.optional(),
  pythonParams: z.array(z.string()).optional(),
  jarParams: z.array(z.string()).optional(),
  repair,
};
/** Databricks refuses `job_parameters` beside the legacy parameter fields. */
const oneKindOfParameters = (target: {
  parameters?: unknown;
  notebookParams?: unknown;
  pythonParams?: unknown;
  jarParams?: unknown;
}) => !(typeof target.parameters === 'object' && (target.notebookParams || target.pythonParams || target.jarParams));
const bothKinds = {
  message:
    'job parameters (`parameters`) cannot be combined with notebookParams, pythonParams or jarParams: Databricks refuses both in one run',
};
const databricksSchema = z.union([
  z.strictObject({ jobId: z.number().int().positive(), ...runNow }).refine(oneKindOfParameters, bothKinds),
  z.strictObject({ jobName: z.string().min(1), ...runNow }).refine(oneKindOfParameters, bothKinds),
  z.strictObject({ submit: z.record(z.string(), z.unknown()), repair }),
]);

/** Schema of a job spec's data (what runs it is checked separately). */
export const jobSpecSchema = z.strictObject({
  ...policyShape,
  after: z.array(z.string()).optional(),
  writes: z.array(z.string().regex(TABLE_PATTERN, 'must be a table name such as catalog.schema.table')).optional(),
  estimatedDurationSeconds: nonNegative.optional(),
  tags: z.record(z.string(), z.string()).optional(),
  checks: z
    .array(checkSchema)
    .refine((list) => new Set(list.map((c) => c.name)).size === list.length, 'check names must be unique within a job')
    .optional(),
  run: z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', 'must be a function').optional(),
  databricks: databricksSchema.optional(),
});

/** Schema of pipeline options. */
export const pipelineOptionsSchema = z.strictObject({
  concurrency: z.number().int().positive().optional(),
  defaults: z.strictObject(policyShape).optional(),
  deadlineSeconds: positive.optional(),
  description: z.string().optional(),
  notify: notifyPolicySchema.optional(),
  rollback: z.enum(['job', 'pipeline', 'none']).optional(),
});

/** One problem in zod's words, with the path joined by dots under `prefix`. */
export function describeIssues(prefix: string, error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}
