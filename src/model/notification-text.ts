/** Which attempt a notification is about. */
export type AttemptFacts = { readonly attempt?: number | undefined; readonly maxAttempts?: number | undefined };

/** "3/3" (or "3" when the number of attempts is unknown), or "" when the attempt is unknown. */
export function attemptFraction(facts: AttemptFacts): string {
  if (facts.attempt === undefined) return '';
  return facts.maxAttempts === undefined ? `${facts.attempt}` : `${facts.attempt}/${facts.maxAttempts}`;
}

/** A duration as people read it: `850 ms`, `42 s`, `3 min 5 s`, `2 h 10 min`. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
