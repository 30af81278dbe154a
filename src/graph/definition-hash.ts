import { createHash } from 'node:crypto';
import type { JobDefinition } from './job-definition.js';
import type { PipelineSettings } from './pipeline-options.js';

/**
 * The version of the document {@link definitionHash} hashes. It changes only when that
 * document changes; a run records it beside the hash (`details.hashFormat`), so a resume can
 * tell "the pipeline changed" from "the run was recorded by an older brickwork".
 */
export const HASH_FORMAT = 'brickwork.pipeline/5';

/**
 * `Pipeline.hash`: SHA-256 (hex) of the canonical JSON of what decides how a pipeline runs.
 * The document is
 *
 * ```json
 * { "format": "brickwork.pipeline/5", "name": "…", "settings": { "concurrency": 4, … },
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
  const hash = createHash('sha256');
  writeDocument(name, settings, jobs, (text) => hash.update(text));
  return hash.digest('hex');
}

/** The canonical JSON text that {@link definitionHash} hashes. */
export function definitionDocument(name: string, settings: PipelineSettings, jobs: readonly JobDefinition[]): string {
  const pieces: string[] = [];
  writeDocument(name, settings, jobs, (text) => pieces.push(text));
  return pieces.join('');
}

/**
 * Writes `sortedJson` of the document in pieces, field by field in sorted order, so that
 * 100,000 jobs take a fraction of a second and no 30 MB string. Keys, table names and rule
 * names are validated identifiers (no quote, backslash or control character), so they are
 * written between quotes as they are; the objects users write — targets, retry policies,
 * tags — go through `sortedJson`, once per distinct object (jobs mostly share them).
 */
function writeDocument(
  name: string,
  settings: PipelineSettings,
  jobs: readonly JobDefinition[],
  write: (text: string) => void,
): void {
  const { notify: _notify, rollback: _rollback, ...hashed } = settings;
  const retryText = lastOf((retry: JobDefinition['retry']) => {
    const { retryIf, ...fields } = retry;
    return sortedJson({ ...fields, retryIf: retryIf ? 'function' : null });
  });
  const tagsText = lastOf(sortedJson);
  const targetText = lastOf((target: JobDefinition['databricks']) => (target ? sortedJson(target) : 'null'));
  const list = (keys: readonly string[]) => (keys.length === 0 ? '[]' : `["${keys.join('","')}"]`);
  write(`{"format":"${HASH_FORMAT}","jobs":[`);
  let chunk = '';
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i] as JobDefinition;
    // Keys in sorted order: after, databricks, estimatedDurationSeconds, key, kind, retry,
    // runIf, tags, timeoutSeconds, warnAfterSeconds, writes. Numbers are finite (validated).
    chunk +=
      `${i === 0 ? '' : ','}{"after":${list(job.after)},"databricks":${targetText(job.databricks)},` +
      `"estimatedDurationSeconds":${job.estimatedDurationSeconds ?? null},"key":"${job.key}","kind":"${job.kind}",` +
      `"retry":${retryText(job.retry)},"runIf":"${job.runIf}","tags":${tagsText(job.tags)},` +
      `"timeoutSeconds":${job.timeoutSeconds ?? null},"warnAfterSeconds":${job.warnAfterSeconds ?? null},` +
      `"writes":${list(job.writes)}}`;
    if (i % 1024 === 1023) {
      write(chunk);
      chunk = '';
    }
  }
  write(`${chunk}],"name":${JSON.stringify(name)},"settings":${sortedJson(hashed)}}`);
}

/** `text`, remembering its last argument by identity (the jobs of a pipeline mostly share their policy objects). */
function lastOf<T>(text: (value: T) => string): (value: T) => string {
  let last: { value: T; text: string } | undefined;
  return (value) => {
    if (last === undefined || last.value !== value) last = { value, text: text(value) };
    return last.text;
  };
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
