import { createHash } from 'node:crypto';
import type { JobDefinition } from './job-definition.js';
import type { PipelineSettings } from './pipeline.js';

/**
 * SHA-256 (hex) of a pipeline definition, fed job by job so that 100,000 jobs hash in tens
 * of milliseconds. Objects users write (Databricks targets, tags) are serialised with sorted
 * keys, so key order does not change the hash; in-process functions are not part of it.
 */
export function definitionHash(name: string, settings: PipelineSettings, jobs: Iterable<JobDefinition>): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify(['brickwork/1', name, sortedJson(settings)]));
  // Jobs without their own retry policy or tags share one frozen object: serialise it once.
  const texts = new WeakMap<object, string>();
  const once = (value: object, text: () => string) => {
    let known = texts.get(value);
    if (known === undefined) texts.set(value, (known = text()));
    return known;
  };
  for (const job of jobs) {
    const retry = once(job.retry, () => {
      const { retryIf, ...fields } = job.retry;
      return sortedJson({ ...fields, retryIf: retryIf ? 'function' : null });
    });
    hash.update('\n');
    hash.update(
      JSON.stringify([
        job.key,
        job.after,
        job.kind,
        job.runIf,
        job.timeoutSeconds ?? null,
        job.warnAfterSeconds ?? null,
        job.estimatedDurationSeconds ?? null,
        job.writes,
        retry,
        job.databricks ? sortedJson(job.databricks) : null,
        once(job.tags, () => sortedJson(job.tags)),
      ]),
    );
  }
  return hash.digest('hex');
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
