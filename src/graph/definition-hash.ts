import { createHash } from 'node:crypto';
import type { JobDefinition } from './job-definition.js';
import type { PipelineSettings } from './pipeline-options.js';

/**
 * The version of the document {@link definitionHash} hashes. It changes only when that
 * document changes; a run records it beside the hash (`details.hashFormat`), so a resume can
 * tell "the pipeline changed" from "the run was recorded by an older brickwork".
 */
export const HASH_FORMAT = 'brickwork.pipeline/4';

/**
 * `Pipeline.hash`: SHA-256 (hex) of the canonical JSON of what decides how a pipeline runs.
 * The document is
 *
 * ```json
 * { "format": "brickwork.pipeline/4", "name": "…", "settings": { "concurrency": 4, … },
 *   "jobs": [{ "key": "…", "after": […], "kind": "databricks", "databricks": {…},
 *              "retry": {…, "retryIf": "function" | null}, "runIf": "…", "timeoutSeconds": …,
 *              "warnAfterSeconds": …, "writes": […], "estimatedDurationSeconds": …,
 *              "tags": {…} }, …] }
 * ```
 *
 * with object keys sorted at every level, jobs in the order they were added, absent values
 * as `null`. In-process functions are not in it (changing a function's body keeps the
 * hash), nor are `notify`, `rollback` and `checks` (who is told and what is restored do not
 * change what runs; a resume may use new ones).
 */
export function definitionHash(name: string, settings: PipelineSettings, jobs: readonly JobDefinition[]): string {
  return createHash('sha256')
    .update(definitionDocument(name, settings, jobs))
    .digest('hex');
}

/** The canonical JSON text that {@link definitionHash} hashes. */
export function definitionDocument(name: string, settings: PipelineSettings, jobs: readonly JobDefinition[]): string {
  const { notify: _notify, rollback: _rollback, ...hashed } = settings;
  return sortedJson({ format: HASH_FORMAT, name, settings: hashed, jobs: jobs.map(jobDocument) });
}

function jobDocument(job: JobDefinition): Record<string, unknown> {
  const { retryIf, ...retry } = job.retry;
  return {
    key: job.key,
    after: job.after,
    kind: job.kind,
    databricks: job.databricks ?? null,
    retry: { ...retry, retryIf: retryIf ? 'function' : null },
    runIf: job.runIf,
    timeoutSeconds: job.timeoutSeconds ?? null,
    warnAfterSeconds: job.warnAfterSeconds ?? null,
    writes: job.writes,
    estimatedDurationSeconds: job.estimatedDurationSeconds ?? null,
    tags: job.tags,
  };
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
