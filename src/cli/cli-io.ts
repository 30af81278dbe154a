/** What the CLI talks to: streams, environment, and the interrupt signal. Real process or a test's. */
export interface CliIo {
  /** Results (tables, JSON, diagrams). */
  readonly out: (text: string) => void;
  /** Progress and errors. */
  readonly err: (text: string) => void;
  /** Whether `err` is a terminal (live progress) or not (plain timestamped lines). */
  readonly interactive: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Calls `handler` on Ctrl-C (SIGINT); returns the function that stops listening. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

/** A usage or configuration problem: exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Exit codes of `brickwork`. */
export const EXIT = Object.freeze({ ok: 0, failed: 1, usage: 2, interrupted: 130 });
