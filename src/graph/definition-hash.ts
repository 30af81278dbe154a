import { createHash } from 'node:crypto';
import type { JobDefinition } from './job-definition.js';
import type { PipelineSettings } from './pipeline-options.js';

/**
 * SHA-256 (hex) of a pipeline definition, fast enough for 100,000 jobs. Objects users write
 * (retry policies, Databricks targets, tags) are serialised with sorted keys, so key order
 * does not change the hash; in-process functions are not part of it.
 */
export function definitionHash(name: string, settings: PipelineSettings, jobs: readonly JobDefinition[]): string {
  const hash = createHash('sha256');
  const stream = new HashStream(hash);
  // Who is notified and when tables are restored do not change what runs, so a resume may
  // follow new policies.
  const { notify: _notify, rollback: _rollback, ...hashed } = settings;
  stream.push(JSON.stringify(['brickwork/3', name, sortedJson(hashed)]));
  const retryId = stream.dictionary('retry', (retry: JobDefinition['retry']) => {
    const { retryIf, ...fields } = retry;
    return sortedJson({ ...fields, retryIf: retryIf ? 'function' : null });
  });
  const tagsId = stream.dictionary('tags', sortedJson);
  // Keys and table names are validated (no control characters), so \u0001 and \u0002
  // separate fields unambiguously.
  const policyId = stream.dictionary('policy', (job: JobDefinition) => {
    const target = job.databricks ? sortedJson(job.databricks) : '';
    return `${job.kind}\u0001${job.runIf}\u0001${job.timeoutSeconds}\u0001${job.warnAfterSeconds}\u0001${job.writes.join(',')}\u0001${retryId(job.retry)}\u0001${tagsId(job.tags)}\u0001${target}`;
  });
  // Jobs mostly share their policy with the job before them: it is written once, by number.
  let previous: JobDefinition | undefined;
  let policy = -1;
  for (let i = 0; i < jobs.length; i++) {
    const job = jobs[i] as JobDefinition;
    if (!previous || !samePolicy(job, previous)) policy = policyId(job);
    previous = job;
    stream.push(`\u0002${job.key}\u0001${job.after.join(',')}\u0001${job.estimatedDurationSeconds}\u0001${policy}`);
  }
  stream.flush();
  return hash.digest('hex');
}

/**
 * Whether two jobs agree on every hashed field but their key, dependencies and estimate
 * (`kind` follows from `databricks`, a target object or none).
 */
function samePolicy(a: JobDefinition, b: JobDefinition): boolean {
  return (
    a.runIf === b.runIf &&
    a.timeoutSeconds === b.timeoutSeconds &&
    a.warnAfterSeconds === b.warnAfterSeconds &&
    a.retry === b.retry &&
    a.tags === b.tags &&
    a.databricks === b.databricks &&
    (a.writes === b.writes || a.writes.join(',') === b.writes.join(','))
  );
}

/** Feeds text to a hash in chunks, with a dictionary for texts that repeat across jobs. */
class HashStream {
  readonly #hash: ReturnType<typeof createHash>;
  #chunk = '';
  #pieces = 0;

  constructor(hash: ReturnType<typeof createHash>) {
    this.#hash = hash;
  }

  push(text: string): void {
    this.#chunk += text;
    if (++this.#pieces === 1024) this.flush();
  }

  flush(): void {
    this.#hash.update(this.#chunk);
    this.#chunk = '';
    this.#pieces = 0;
  }

  /**
   * A function giving each distinct text of `text(value)` a small number, writing the text
   * itself once. Jobs mostly share one frozen policy object, so the last value is remembered
   * by identity; equal texts from different objects still get the same number.
   */
  dictionary<T>(name: string, text: (value: T) => string): (value: T) => number {
    const ids = new Map<string, number>();
    let last: T | undefined;
    let lastId = -1;
    return (value) => {
      if (value === last) return lastId;
      const full = text(value);
      let id = ids.get(full);
      if (id === undefined) {
        id = ids.size;
        ids.set(full, id);
        this.push(`\u0003${name}${id}=${full}`);
      }
      last = value;
      lastId = id;
      return id;
    };
  }
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}
