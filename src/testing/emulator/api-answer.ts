/** An answer of the emulated API: an HTTP status and a JSON body. */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** The Databricks error body and status. */
export function apiError(status: number, errorCode: string, message: string): ApiAnswer {
  return { status, body: { error_code: errorCode, message } };
}

/** One page of a list answer, with an opaque token for the next. */
export function page(field: string, items: readonly unknown[], token: string | null, limit: number): Record<string, unknown> {
  const offset = token ? Number(Buffer.from(token, 'base64url').toString()) || 0 : 0;
  const slice = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return {
    ...(slice.length > 0 ? { [field]: slice } : {}),
    has_more: more,
    ...(more ? { next_page_token: Buffer.from(String(offset + limit)).toString('base64url') } : {}),
  };
}
