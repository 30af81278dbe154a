/**
 * brickwork runs a dependency graph of separate Databricks jobs — in sequence and in
 * parallel — with retries, timeouts, an append-only status log and typed lifecycle events.
 *
 * @example
 * ```ts
 * import { createEngine, pipeline } from 'brickwork';
 *
 * const nightly = pipeline('nightly', { defaults: { retry: { maxRetries: 2 } } })
 *   .job('extract', { run: async () => fetchRows() })
 *   .job('load', { run: async ({ upstream }) => save(upstream.get('extract')) }).after('extract')
 *   .build();
 *
 * const result = await createEngine().run(nightly);
 * ```
 * @module
 */

export type {
  JobsApi,
  LifeCycleState,
  RequestOptions,
  ResultState,
  RunState,
  TriggeredRun,
} from './adapters/jobs-api.js';
export type {
  JobStatus,
  LeaseResult,
  LogEvent,
  LogRecord,
  MetadataStore,
  RunStatus,
  RunSummary,
} from './adapters/metadata-store.js';
export type { SqlClient, SqlValue } from './adapters/sql-client.js';
export type {
  DatabricksJobSpec,
  DatabricksTarget,
  FailureClass,
  InProcessJobSpec,
  JobContext,
  JobError,
  JobFunction,
  JobPolicy,
  JobSpec,
  JobSpecBase,
  RetryPolicy,
  RollbackScope,
  RunIf,
} from './builder/job-spec.js';
export { RUN_IF_RULES } from './builder/job-spec.js';
export { PipelineBuilder, pipeline } from './builder/pipeline-builder.js';
export type { PipelineOptions } from './builder/pipeline-options.js';
export type { Check, CheckContext, CheckResult, CheckSeverity, CheckVerdict } from './checks/check.js';
export { type CheckOptions, checks, type ExpectedColumns, type RowCountOptions, type SchemaOptions } from './checks/checks.js';
export { type LoadPipelineOptions, loadPipeline } from './config/load-pipeline.js';
export { pipelineJsonSchema } from './config/pipeline-file-schema.js';
export type { TransportRetryOptions } from './databricks/api-transport.js';
export { type ApiFailure, DatabricksApiError } from './databricks/databricks-api-error.js';
export { DatabricksConfigError } from './databricks/databricks-config-error.js';
export { DatabricksJobsClient, type DatabricksJobsClientOptions } from './databricks/databricks-jobs-client.js';
export { DatabricksSqlClient, type DatabricksSqlClientOptions } from './databricks/databricks-sql-client.js';
export {
  SqlStatementError,
  StatementExecutionSqlClient,
  type StatementExecutionSqlClientOptions,
} from './databricks/statement-execution-sql-client.js';
export type { DatabricksAuthOptions } from './databricks/workspace-auth.js';
export { createEngine, Engine } from './engine/engine.js';
export type { EngineOptions } from './engine/engine-options.js';
export type {
  EngineEventName,
  EngineEvents,
  EngineListener,
  EventBase,
  JobEventBase,
  NotifyEventFields,
  RollbackTrigger,
} from './engine/events.js';
export { createLogger, type Logger } from './engine/logger.js';
export type { RollbackOptions } from './engine/manual-rollback.js';
export type { RunHandle } from './engine/run-handle.js';
export type { ResumeOptions, RunOptions } from './engine/run-options.js';
export type { PlannedJob, RunPlan } from './engine/run-plan.js';
export type { AttemptResult, JobResult, RunResult, TableRollback } from './engine/run-result.js';
export type { JobStatusReport, RunStatusReport } from './engine/run-status.js';
export {
  BrickworkError,
  type BrickworkErrorCode,
  ConfigError,
  type ConfigFileProblem,
  ErrorCode,
  InvalidOptionsError,
  JobRunError,
  JobTimeoutError,
  LeaseHeldError,
  NonRetriableError,
  NotifyError,
  PipelineChangedError,
  PipelineValidationError,
  RetryAfterError,
  RunCanceledError,
  RunDeadlineError,
  StoreError,
  UnknownJobError,
  UnknownRunError,
  type ValidationProblem,
} from './errors.js';
export type { JobDefinition, ResolvedRetryPolicy } from './graph/job-definition.js';
export { Pipeline, type PipelineJson, type PipelineSettings } from './graph/pipeline.js';
export type { Backoff, RetryOptions } from './model/backoff.js';
export { ConsoleNotifier, type ConsoleNotifierOptions } from './notify/console-notifier.js';
export type { DeliveryOptions, NotificationDelivery } from './notify/deliver.js';
export { EmailNotifier, type EmailNotifierOptions } from './notify/email-notifier.js';
export {
  NOTIFICATION_KINDS,
  type Notification,
  type NotificationKind,
  type NotificationSeverity,
  type Notifier,
  type SendOptions,
} from './notify/notification.js';
export type { NotifyPolicy } from './notify/notify-policy.js';
export { SlackNotifier, type SlackNotifierOptions } from './notify/slack-notifier.js';
export {
  WEBHOOK_SCHEMA,
  WebhookNotifier,
  type WebhookNotifierOptions,
  type WebhookPayload,
} from './notify/webhook-notifier.js';
export {
  SIGNATURE_HEADER,
  signWebhook,
  TIMESTAMP_HEADER,
  verifyWebhookSignature,
  type WebhookVerification,
} from './notify/webhook-signature.js';
export { type RunReportInput, renderRunReport } from './report/render-report.js';
export { DeltaRestoreRollback, type DeltaRestoreRollbackOptions } from './rollback/delta-restore-rollback.js';
export type {
  RollbackContext,
  RollbackJob,
  RollbackOutcome,
  RollbackSnapshot,
  RollbackStrategy,
  TableRestore,
  TableVersion,
} from './rollback/rollback-strategy.js';
export { MemoryMetadataStore } from './stores/memory-metadata-store.js';
export { SqlMetadataStore, type SqlMetadataStoreOptions } from './stores/sql-metadata-store.js';
export { SqliteMetadataStore, type SqliteMetadataStoreOptions } from './stores/sqlite-metadata-store.js';
export { SqliteSqlClient, type SqliteSqlClientOptions } from './stores/sqlite-sql-client.js';
export { summarizeRuns } from './stores/summarize-runs.js';
