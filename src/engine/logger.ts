/** Where the engine writes diagnostics. Compatible with `console`, pino and winston. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that prints warnings and errors to stderr and drops the rest. */
export function createLogger(): Logger {
  const ignore = () => {};
  const print = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    console.error(`brickwork ${level}: ${message}`, ...(fields ? [fields] : []));
  };
  return Object.freeze({ debug: ignore, info: ignore, warn: print('warn'), error: print('error') });
}
