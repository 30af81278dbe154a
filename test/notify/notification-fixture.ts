import { composeNotification, type NotificationFacts } from '../../src/engine/alerts/compose-notification.js';
import type { Notification } from '../../src/model/notification.js';

/** A final-attempt job failure with a Databricks run link, as the engine would compose it. */
export function jobFailure(overrides: Partial<NotificationFacts> = {}): Notification {
  return composeNotification({
    kind: 'job_failed',
    pipeline: 'nightly',
    runId: 'run-1',
    job: 'load',
    attempt: 3,
    maxAttempts: 3,
    error: { class: 'run_failed', message: 'Table <orders> & "friends" missing', retriable: true },
    runPageUrl: 'https://adb-1.azuredatabricks.net/jobs/7/runs/99',
    durationMs: 65_000,
    time: new Date('2026-11-30T12:00:00Z'),
    ...overrides,
  });
}
