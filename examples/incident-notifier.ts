/**
 * An in-house notifier: opens an incident in an internal incident API for failures and
 * resolves it when the pipeline recovers. Written only against brickwork's public API;
 * type-checked by `npm test` and exercised against a local HTTP server in
 * test/examples/incident-notifier.test.ts.
 */
import { createEngine, type Notification, type Notifier, NotifyError, pipeline, type SendOptions } from 'brickwork';

/** Options of {@link IncidentNotifier}. */
export interface IncidentNotifierOptions {
  /** Base URL of the incident API, e.g. `https://incidents.internal.example.com`. */
  readonly baseUrl: string;
  /** API token (a secret: never put it in an error message). */
  readonly token: string;
  /** Team that owns the pipelines. */
  readonly team: string;
}

/**
 * Opens one incident per failed run (keyed by run id, so retries of the same delivery and
 * later failures of the same run update it) and resolves it on `recovered`.
 */
export class IncidentNotifier implements Notifier {
  readonly name = 'incidents';
  readonly #options: IncidentNotifierOptions;

  constructor(options: IncidentNotifierOptions) {
    this.#options = options;
  }

  async send(notification: Notification, { signal }: SendOptions): Promise<void> {
    // Only what someone must act on, and the all-clear.
    if (notification.severity !== 'error' && notification.kind !== 'recovered') return;
    const resolved = notification.kind === 'recovered';
    const response = await fetch(`${this.#options.baseUrl}/incidents/${encodeURIComponent(notification.runId)}`, {
      method: 'PUT',
      signal,
      headers: { authorization: `Bearer ${this.#options.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        team: this.#options.team,
        status: resolved ? 'resolved' : 'open',
        title: notification.title,
        description: notification.text,
        links: notification.runPageUrl ? [notification.runPageUrl] : [],
        dedupKey: notification.id,
      }),
    });
    if (!response.ok) {
      // 4xx other than 429 will not get better by retrying; brickwork retries the rest.
      const retriable = response.status >= 500 || response.status === 429;
      throw new NotifyError(`incident API answered HTTP ${response.status}`, { retriable });
    }
  }
}

/** Wires the notifier into an engine: failures of `load` page the team, the rest stays quiet. */
export async function runNightly(baseUrl: string, token: string) {
  const engine = createEngine({
    notifiers: [new IncidentNotifier({ baseUrl, token, team: 'data-platform' })],
    delivery: { timeoutMs: 5_000, retry: { maxRetries: 2 } },
  });
  const nightly = pipeline('nightly')
    .job('extract', { run: async () => ['row'] })
    .job('load', {
      run: async () => {
        throw new Error('warehouse is read-only');
      },
    })
    .after('extract')
    .build();
  return engine.run(nightly);
}
