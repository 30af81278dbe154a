import type { Dispatcher } from 'undici';
import { InvalidOptionsError, NotifyError } from '../model/errors.js';
import { redact, secretsOfUrl } from '../util/redact.js';
import { undici } from '../util/undici.js';

/**
 * Checks that `url` is an http(s) URL, without ever repeating it: webhook URLs are secrets.
 * @throws {@link InvalidOptionsError} naming only the option.
 */
export function checkWebhookUrl(url: unknown, option: string): URL {
  let parsed: URL | undefined;
  try {
    parsed = new URL(String(url));
  } catch {
    parsed = undefined;
  }
  if (parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') {
    throw new InvalidOptionsError(`${option} must be an http(s) URL (the value is not shown: it is a secret)`);
  }
  return parsed;
}

/**
 * POSTs a JSON body. Rejects with a {@link NotifyError} that names `receiver`, never the URL;
 * 4xx answers other than 408 and 429 are not retriable.
 */
export async function postJson(
  url: URL,
  body: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal,
  receiver: string,
): Promise<void> {
  let answer: Dispatcher.ResponseData;
  try {
    const { request } = await undici();
    answer = await request(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'brickwork', ...headers },
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const code = (error as { code?: unknown }).code;
    throw new NotifyError(`${receiver} could not be reached${typeof code === 'string' ? ` (${code})` : ''}`, {
      retriable: true,
    });
  }
  const text = await answer.body.text().catch(() => '');
  const status = answer.statusCode;
  if (status >= 200 && status < 300) return;
  const retriable = status >= 500 || status === 408 || status === 429;
  // Some receivers echo the path they were called on, and a webhook's path is its secret.
  const detail = redact(text.trim(), secretsOfUrl(url)).slice(0, 200);
  throw new NotifyError(`${receiver} answered HTTP ${status}${detail ? `: ${detail}` : ''}`, { retriable });
}
