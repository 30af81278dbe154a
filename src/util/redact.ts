/**
 * Replaces every form of each secret by `[REDACTED]`: the secret itself, percent-encoded,
 * JSON-escaped (with `/` escaped too, as some JSON encoders write it), and base64 (standard
 * and URL-safe). Echoing receivers and gateways repeat what they were sent in all of these.
 * Secrets shorter than 4 characters are ignored (they would redact ordinary text).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const form of formsOf(secrets)) result = result.split(form).join('[REDACTED]');
  return result;
}

/** The secrets a URL carries: the whole URL, its path and query, long path segments, query values, a password. */
export function secretsOfUrl(url: URL): string[] {
  const secrets = [url.href, `${url.pathname}${url.search}`, url.pathname, url.search.slice(1)];
  for (const segment of url.pathname.split('/')) if (segment.length >= 8) secrets.push(decodeURIComponent(segment));
  for (const value of url.searchParams.values()) secrets.push(value);
  if (url.password) secrets.push(decodeURIComponent(url.password));
  return secrets.filter((secret) => secret.length >= 4 && secret !== '/');
}

/** Every form of `secrets`, longest first (so a form inside a longer one does not break it up). */
function formsOf(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const json = JSON.stringify(secret).slice(1, -1);
    const base64 = Buffer.from(secret, 'utf8').toString('base64');
    for (const form of [
      secret,
      encodeURIComponent(secret),
      encodeURI(secret),
      json,
      json.replaceAll('/', '\\/'),
      base64,
      base64.replace(/=+$/, ''),
      Buffer.from(secret, 'utf8').toString('base64url'),
    ]) {
      forms.add(form);
    }
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
