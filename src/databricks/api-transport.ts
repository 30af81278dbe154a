import type { z } from 'zod';
import { backoffDelayMs, type ResolvedRetryOptions, type RetryOptions } from '../model/backoff.js';
import { redact } from '../util/redact.js';
import { type DispatcherSource, undici } from '../util/undici.js';
import { withRetries } from '../util/with-retries.js';
import { AnswerTooLargeError, boundedText } from './bounded-body.js';
import { DatabricksApiError, parseErrorBody } from './databricks-api-error.js';
import type { RequestBudget } from './request-budget.js';
import type { WorkspaceAuth } from './workspace-auth.js';

/**
 * How transient failures (429, 5xx, dropped connections) are retried, in the shared
 * {@link RetryOptions} scheme, plus a time budget per call. A `Retry-After` header on 429 and
 * 503 is honoured (up to 60 s) instead of the backoff.
 */
export interface TransportRetryOptions extends RetryOptions {
  /**
   * Give up retrying once a call has taken this long, in milliseconds.
   * @default 300000
   */
  readonly budgetMs?: number;
}

/** The defaults of {@link TransportRetryOptions}: up to 8 tries, 1 s doubling to 10 s, full jitter. */
export const DEFAULT_TRANSPORT_RETRY: ResolvedRetryOptions & { readonly budgetMs: number } = Object.freeze({
  maxRetries: 7,
  minIntervalMs: 1000,
  maxIntervalMs: 10_000,
  backoffFactor: 2,
  jitter: 'full',
  budgetMs: 300_000,
});

/** Options of {@link ApiTransport}. */
export interface TransportOptions {
  readonly auth: WorkspaceAuth;
  /**
   * Limit of one HTTP exchange, in milliseconds.
   * @default 60000
   */
  readonly timeoutMs?: number;
  /**
   * Largest answer read, in bytes; a larger one is refused (`ANSWER_TOO_LARGE`, not
   * retried) without being read whole.
   * @default 16777216 (16 MiB)
   */
  readonly maxAnswerBytes?: number;
  readonly retry?: TransportRetryOptions;
  /** Shared limit of requests to this workspace; every try takes one. */
  readonly budget: RequestBudget;
  /** The undici dispatcher of each request, e.g. an `Agent` trusting extra certificate authorities. */
  readonly dispatcher?: DispatcherSource;
  /** Randomness for jitter. @default Math.random */
  readonly random?: () => number;
}

/** One call: its query, JSON body, and whether repeating it is harmless. */
export interface CallInput {
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /** Calls that are not idempotent are retried only on 429 and 503 (not processed). */
  readonly idempotent?: boolean;
}

/** JSON over HTTP to one workspace, with authentication, timeouts, retries and validation. */
export class ApiTransport {
  readonly #auth: WorkspaceAuth;
  readonly #timeoutMs: number;
  readonly #maxAnswerBytes: number;
  readonly #retry: typeof DEFAULT_TRANSPORT_RETRY;
  readonly #random: () => number;
  readonly #budget: RequestBudget;
  readonly #dispatcher: DispatcherSource;

  constructor(options: TransportOptions) {
    this.#auth = options.auth;
    this.#dispatcher = options.dispatcher ?? (() => Promise.resolve(undefined));
    this.#budget = options.budget;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#maxAnswerBytes = options.maxAnswerBytes ?? 16 * 1024 * 1024;
    this.#retry = { ...DEFAULT_TRANSPORT_RETRY, ...options.retry };
    this.#random = options.random ?? Math.random;
  }

  /** The workspace base URL. */
  get baseUrl(): string {
    return this.#auth.baseUrl;
  }

  /** Calls `method path` and validates the JSON answer with `schema`. */
  async call<S extends z.ZodType>(method: 'GET' | 'POST', path: string, schema: S, input: CallInput = {}): Promise<z.infer<S>> {
    const endpoint = `${method} ${path}`;
    const answer = await withRetries(
      async () => {
        const outcome = await this.#once(method, path, endpoint, input);
        if (outcome instanceof DatabricksApiError) throw outcome;
        return outcome.json;
      },
      {
        maxRetries: this.#retry.maxRetries,
        budgetMs: this.#retry.budgetMs,
        signal: input.signal,
        delayMs: (error, retry) => this.#retryDelay(error, retry, input.idempotent ?? true),
      },
    );
    return this.#validate(endpoint, schema, answer);
  }

  async #once(method: string, path: string, endpoint: string, input: CallInput): Promise<{ json: unknown } | DatabricksApiError> {
    const url = new URL(`${this.#auth.baseUrl}${path}`);
    for (const [key, value] of Object.entries(input.query ?? {}))
      if (value !== undefined) url.searchParams.set(key, String(value));
    let statusCode = 0;
    let text = '';
    let requestId: string | undefined;
    let retryAfter: string | undefined;
    await this.#budget.take();
    // One deadline for the whole exchange, body included (undici's own timeouts tick by the second).
    const deadline = AbortSignal.timeout(this.#timeoutMs);
    const signal = input.signal ? AbortSignal.any([input.signal, deadline]) : deadline;
    try {
      const [{ request }, dispatcher] = await Promise.all([undici(), this.#dispatcher()]);
      const answer = await request(url, {
        method,
        headers: {
          authorization: await this.#auth.authorization(input.signal),
          'content-type': 'application/json',
          'user-agent': 'brickwork',
        },
        ...(input.body === undefined ? {} : { body: JSON.stringify(input.body) }),
        ...(dispatcher ? { dispatcher } : {}),
        signal,
      });
      statusCode = answer.statusCode;
      text = await boundedText(answer.body, headerOf(answer.headers['content-length']), this.#maxAnswerBytes);
      requestId = headerOf(answer.headers['x-request-id']);
      retryAfter = headerOf(answer.headers['retry-after']);
    } catch (error) {
      if (input.signal?.aborted) throw input.signal.reason;
      if (error instanceof AnswerTooLargeError) {
        return new DatabricksApiError({ status: statusCode, errorCode: 'ANSWER_TOO_LARGE', message: error.message, endpoint });
      }
      if (deadline.aborted) {
        return new DatabricksApiError(
          { status: 0, errorCode: 'TIMEOUT', message: `no answer within ${this.#timeoutMs} ms`, endpoint },
          { cause: error },
        );
      }
      if (error instanceof DatabricksApiError) return error;
      const detail =
        error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
      return new DatabricksApiError(
        { status: 0, errorCode: 'CONNECTION_FAILED', message: redact(detail, this.#auth.secrets), endpoint },
        { cause: error },
      );
    }
    if (statusCode >= 200 && statusCode < 300) {
      try {
        const json = text === '' ? {} : (JSON.parse(text) as unknown);
        // A proxy or an old endpoint may put an error in a 200: it is that error, not a strange answer.
        if (typeof (json as { error_code?: unknown } | null)?.error_code === 'string') {
          const { errorCode, message } = parseErrorBody(statusCode, text);
          return new DatabricksApiError({
            status: statusCode,
            errorCode,
            message: redact(message, this.#auth.secrets),
            endpoint,
          });
        }
        return { json };
      } catch {
        return new DatabricksApiError({
          status: statusCode,
          errorCode: 'INVALID_RESPONSE',
          message: `answer is not JSON: ${text.slice(0, 200)}`,
          endpoint,
        });
      }
    }
    const { errorCode, message } = parseErrorBody(statusCode, text);
    const seconds = retryAfter === undefined ? Number.NaN : Number.parseInt(retryAfter, 10);
    return new DatabricksApiError({
      status: statusCode,
      errorCode,
      message: redact(message, this.#auth.secrets),
      endpoint,
      ...(requestId ? { requestId } : {}),
      ...(Number.isFinite(seconds) && seconds >= 0 ? { retryAfterSeconds: seconds } : {}),
    });
  }

  /** The wait before retry number `retry`, or `undefined` when the failure is not retried. */
  #retryDelay(error: Error, retry: number, idempotent: boolean): number | undefined {
    if (!(error instanceof DatabricksApiError)) return undefined;
    const seconds = error.retryAfterSeconds;
    if ((error.status === 429 || error.status === 503) && seconds !== undefined) {
      // What the server asked for, spread a little so that waiters do not return at once.
      return Math.min(seconds * 1000, 60_000) + this.#random() * this.#retry.minIntervalMs;
    }
    // 429 and 503 were not processed: even a call that is not idempotent can be repeated.
    if (error.status !== 429 && error.status !== 503 && (!idempotent || !error.retriable)) return undefined;
    return backoffDelayMs(this.#retry, retry, this.#random);
  }

  #validate<S extends z.ZodType>(endpoint: string, schema: S, json: unknown): z.infer<S> {
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
    throw new DatabricksApiError({
      status: 200,
      errorCode: 'INVALID_RESPONSE',
      message: `unexpected answer: ${problems}`,
      endpoint,
    });
  }
}

function headerOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
