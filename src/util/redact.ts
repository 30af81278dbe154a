/** Replaces every occurrence of each secret by `[REDACTED]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret.length >= 4) result = result.split(secret).join('[REDACTED]');
  return result;
}
