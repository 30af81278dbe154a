import type { Notifier } from '../adapters/notifier.js';
import type { Notification } from '../model/notification.js';

/** Options of {@link ConsoleNotifier}. */
export interface ConsoleNotifierOptions {
  /**
   * Name that policies route by.
   * @default 'console'
   */
  readonly name?: string;
  /**
   * Where each notification's text goes, as one block of lines.
   * @default standard error
   */
  readonly write?: (text: string) => void;
}

const MARK = { info: 'ℹ', warning: '⚠', error: '✖' } as const;

/**
 * Prints notifications: the title on one line, the facts indented below it. The engine's
 * default notifier, so that a script's failures are visible without any setup.
 *
 * @example
 * ```ts
 * createEngine({ notifiers: [new ConsoleNotifier({ write: (text) => logger.warn(text) })] });
 * ```
 */
export class ConsoleNotifier implements Notifier {
  readonly name: string;
  readonly #write: (text: string) => void;

  constructor(options: ConsoleNotifierOptions = {}) {
    this.name = options.name ?? 'console';
    this.#write = options.write ?? ((text) => process.stderr.write(`${text}\n`));
  }

  /** Writes the notification. */
  async send(notification: Notification): Promise<void> {
    const [, ...facts] = notification.text.split('\n');
    const head = `${notification.time.toISOString()} ${MARK[notification.severity]} ${notification.title}`;
    this.#write([head, ...facts.map((line) => `    ${line}`)].join('\n'));
  }
}
