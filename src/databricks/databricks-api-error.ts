import { BrickworkError, ErrorCode } from '../model/brickwork-error.js';

/** What a failed Databricks call tells: status, error code, message and request id. */
export interface ApiFailure {
  /** HTTP status, or 0 when no answer came (connection dropped, timeout). */
  readonly status: number;
  /** Databricks `error_code`, or a status-derived one such as `HTTP_502`. */
  readonly errorCode: string;
  /** The message, with known secrets redacted. */
  readonly message: string;
  /** `x-request-id` of the answer, when there was one. */
  readonly requestId?: string;
  /** `METHOD /path` of the call (no query string, no host). */
  readonly endpoint: string;
  /** `Retry-After` of a 429 or 503 answer, in seconds. */
  readonly retryAfterSeconds?: number;
}

/**
 * A Databricks API call failed. Carries the HTTP status, `error_code`, request id and
 * endpoint — never the token, the query string or request headers.
 */
export class DatabricksApiError extends BrickworkError implements ApiFailure {
  readonly status: number;
  readonly errorCode: string;
  readonly requestId?: string;
  readonly endpoint: string;
  readonly retryAfterSeconds?: number;
  /**
   * Whether retrying the same call could succeed: 429, 5xx, dropped connections, and a 200
   * whose body is not the JSON the endpoint answers (truncated, an HTML page, a missing
   * field) — a proxy's glitch more often than the API's final word.
   */
  readonly retriable: boolean;

  constructor(failure: ApiFailure, options?: { cause?: unknown }) {
    const status = failure.status === 0 ? 'no answer' : `HTTP ${failure.status}`;
    super(ErrorCode.DatabricksApi, `${failure.endpoint} failed (${status} ${failure.errorCode}): ${failure.message}`, options);
    this.status = failure.status;
    this.errorCode = failure.errorCode;
    if (failure.requestId !== undefined) this.requestId = failure.requestId;
    this.endpoint = failure.endpoint;
    if (failure.retryAfterSeconds !== undefined) this.retryAfterSeconds = failure.retryAfterSeconds;
    this.retriable =
      failure.status === 0 || failure.status === 429 || failure.status >= 500 || failure.errorCode === 'INVALID_RESPONSE';
  }

  /** Whether Databricks said the job or run does not exist (HTTP 400 or 404). */
  get notFound(): boolean {
    return this.status === 404 || (this.status === 400 && /does not exist|doesn't exist/i.test(this.message));
  }
}

/**
 * Reads an error answer in any of the shapes Databricks and its gateways send: JSON with
 * `error_code`/`message`, legacy `{ "error": … }`, plain `CODE: message`, HTML, or nothing.
 */
export function parseErrorBody(status: number, text: string): { errorCode: string; message: string } {
  const fallback = `HTTP_${status}`;
  const trimmed = text.trim();
  if (trimmed === '') return { errorCode: fallback, message: `empty answer with HTTP ${status}` };
  try {
    const json = JSON.parse(trimmed) as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
    // Databricks: {error_code, message}; OAuth: {error, error_description}; legacy: {error}.
    const errorCode = text(json.error_code) ?? (text(json.error_description) ? text(json.error) : undefined) ?? fallback;
    const message = text(json.message) ?? text(json.error_description) ?? text(json.error) ?? trimmed.slice(0, 500);
    return { errorCode, message };
  } catch {
    // Not JSON: a gateway page or plain text.
  }
  const html = /<title>([^<]*)<\/title>|<pre>([^<]*)<\/pre>/i.exec(trimmed);
  if (html) return { errorCode: fallback, message: (html[1] ?? html[2] ?? '').trim() || `HTML page with HTTP ${status}` };
  const plain = /^([A-Z_]{3,}): (.*)$/s.exec(trimmed);
  if (plain) return { errorCode: plain[1] as string, message: (plain[2] as string).slice(0, 500) };
  return { errorCode: fallback, message: trimmed.slice(0, 500) };
}
