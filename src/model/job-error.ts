/** Why an attempt failed. Used by retry decisions, events and alerts. */
export type FailureClass = 'run_failed' | 'timeout' | 'canceled' | 'infrastructure' | 'api' | 'check_failed' | 'configuration';

/** A classified, serialisable failure of one attempt or job. */
export interface JobError {
  /** The failure class. */
  readonly class: FailureClass;
  /** Human-readable message (secrets redacted). */
  readonly message: string;
  /** Whether a retry could help. */
  readonly retriable: boolean;
  /** The `code` of a `BrickworkError`, when the cause was one. */
  readonly code?: string;
  /** The delay a `RetryAfterError` asked for before the next attempt. */
  readonly retryAfterMs?: number;
}
