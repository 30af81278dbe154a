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

export type { Check, CheckContext, CheckResult, CheckSeverity, CheckVerdict } from './adapters/check.js';
export type {
  ActiveRunsPage,
  JobsApi,
  LifeCycleState,
  RequestOptions,
  ResultState,
  RunState,
  TriggeredRun,
} from './adapters/jobs-api.js';
export type {
  JobStatus,
  LeaseFence,
  LeaseResult,
  LogEvent,
  LogRecord,
  MetadataStore,
  RunStatus,
  RunSummary,
} from './adapters/metadata-store.js';
export type { Notifier, SendOptions } from './adapters/notifier.js';
export type {
  RollbackContext,
  RollbackJob,
  RollbackOutcome,
  RollbackSnapshot,
  RollbackStrategy,
  TableRestore,
  TableVersion,
} from './adapters/rollback-strategy.js';
export type { SqlClient, SqlValue } from './adapters/sql-client.js';
export { type NoOutputs, PipelineBuilder, pipeline } from './builder/pipeline-builder.js';
export { type CheckOptions, checks, type ExpectedColumns, type RowCountOptions, type SchemaOptions } from './checks/checks.js';
export { type LoadPipelineOptions, loadPipeline } from './config/load-pipeline.js';
export { pipelineJsonSchema } from './config/pipeline-file-schema.js';
export { createEngine } from './create-engine.js';
export type { TransportRetryOptions } from './databricks/api-transport.js';
export { type ApiFailure, DatabricksApiError } from './databricks/databricks-api-error.js';
export { DatabricksConfigError } from './databricks/databricks-config-error.js';
export { DatabricksJobsClient, type DatabricksJobsClientOptions } from './databricks/databricks-jobs-client.js';
export {
  DatabricksSqlClient,
  type DatabricksSqlClientOptions,
  type DatabricksSqlDriver,
} from './databricks/databricks-sql-client.js';
export {
  SqlStatementError,
  StatementExecutionSqlClient,
  type StatementExecutionSqlClientOptions,
} from './databricks/statement-execution-sql-client.js';
export type { DatabricksAuthOptions } from './databricks/workspace-auth.js';
export type { WorkspaceClientOptions } from './databricks/workspace-client-options.js';
export type { DeliveryOptions, NotificationDelivery, ResolvedDeliveryOptions } from './engine/alerts/deliver.js';
export type { PollOptions } from './engine/databricks/poll-options.js';
export { Engine } from './engine/engine.js';
export type { EngineOptions } from './engine/engine-options.js';
export type {
  EngineEventName,
  EngineEvents,
  EngineListener,
  EventBase,
  JobEventBase,
  NotifyEventFields,
} from './engine/events.js';
export type { JobStatusReport, RunStatusReport } from './engine/log/run-status.js';
export { createLogger, type Logger } from './engine/logger.js';
export type { RecoverOptions } from './engine/recover-runs.js';
export type { PlannedJob, RunPlan } from './engine/resume/run-plan.js';
export type { RunHandle } from './engine/run-handle.js';
export type { ResumeOptions, RunOptions } from './engine/run-options.js';
export type { AttemptResult, JobResult, JobResults, RollbackTrigger, RunResult, TableRollback } from './engine/run-result.js';
export type { RollbackOptions } from './engine/tables/manual-rollback.js';
export type { JobDefinition, ResolvedRetryPolicy } from './graph/job-definition.js';
export type {
  DatabricksJobSpec,
  DatabricksRetryMode,
  DatabricksTarget,
  InProcessJobSpec,
  JobContext,
  JobFunction,
  JobPolicy,
  JobSpec,
  JobSpecBase,
  RetryPolicy,
  RollbackScope,
  RunNowParameters,
} from './graph/job-spec.js';
export { Pipeline, type PipelineJson } from './graph/pipeline.js';
export type { PipelineOptions, PipelineSettings } from './graph/pipeline-options.js';
export type { Backoff, ResolvedRetryOptions, RetryOptions } from './model/backoff.js';
export { BrickworkError, type BrickworkErrorCode, ErrorCode } from './model/brickwork-error.js';
export {
  ConfigError,
  type ConfigFileProblem,
  InvalidOptionsError,
  JobRunError,
  JobTimeoutError,
  LeaseHeldError,
  LeaseLostError,
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
} from './model/errors.js';
export type { FailureClass, JobError } from './model/job-error.js';
export type { DatabricksOutput, JobOutputs, UpstreamOutputs } from './model/job-outputs.js';
export { NOTIFICATION_KINDS, type Notification, type NotificationKind, type NotificationSeverity } from './model/notification.js';
export type { NotifyPolicy } from './model/notify-policy.js';
export type { RunIf } from './model/run-if.js';
export { RUN_IF_RULES } from './model/run-if.js';
export { ConsoleNotifier, type ConsoleNotifierOptions } from './notify/console-notifier.js';
export { EmailNotifier, type EmailNotifierOptions } from './notify/email-notifier.js';
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
export { MemoryMetadataStore } from './stores/memory-metadata-store.js';
export { SqlMetadataStore, type SqlMetadataStoreOptions } from './stores/sql-metadata-store.js';
export { SqliteMetadataStore, type SqliteMetadataStoreOptions } from './stores/sqlite-metadata-store.js';
export { type SqliteDatabase, SqliteSqlClient, type SqliteSqlClientOptions } from './stores/sqlite-sql-client.js';
export { summarizeRuns } from './stores/summarize-runs.js';
