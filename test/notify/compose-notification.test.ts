import { describe, expect, it } from 'vitest';
import { composeNotification } from '../../src/engine/alerts/compose-notification.js';
import { durationText } from '../../src/model/notification-text.js';
import { jobFailure } from './notification-fixture.js';

describe('composeNotification', () => {
  it('says which attempt of how many failed, with what to do next', () => {
    const notification = jobFailure();
    expect(notification.title).toBe('nightly › load failed (attempt 3/3)');
    expect(notification.severity).toBe('error');
    expect(notification.resumeCommand).toBe('brickwork resume run-1');
    expect(notification.text.split('\n')).toEqual([
      'nightly › load failed (attempt 3/3)',
      'Pipeline: nightly',
      'Run: run-1',
      'Job: load',
      'Attempt: 3/3',
      'Error (run_failed): Table <orders> & "friends" missing',
      'Duration: 1 min 5 s',
      'Databricks run: https://adb-1.azuredatabricks.net/jobs/7/runs/99',
      'Resume: brickwork resume run-1',
    ]);
    expect(Object.isFrozen(notification)).toBe(true);
  });

  it('gives the same facts the same id, and another attempt or kind another id', () => {
    expect(jobFailure().id).toBe(jobFailure({ time: new Date() }).id);
    expect(jobFailure({ attempt: 6, maxAttempts: 6 }).id).not.toBe(jobFailure().id);
    expect(jobFailure({ kind: 'job_retrying' }).id).not.toBe(jobFailure().id);
    expect(jobFailure().id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('words run-level notifications, and leaves unknown facts out', () => {
    const time = new Date();
    const base = { pipeline: 'nightly', runId: 'r', time };
    expect(composeNotification({ ...base, kind: 'pipeline_failed', canceled: true }).title).toBe('nightly was canceled');
    const failed = composeNotification({ ...base, kind: 'pipeline_failed', failedJobs: ['a', 'b'] });
    expect(failed.text).toContain('Failed jobs: a, b');
    const recovered = composeNotification({ ...base, kind: 'recovered' });
    expect(recovered).toMatchObject({ severity: 'info', title: 'nightly recovered: the resumed run succeeded' });
    expect(recovered).not.toHaveProperty('resumeCommand');
    expect(recovered).not.toHaveProperty('job');
    const warning = composeNotification({ ...base, kind: 'duration_warning', job: 'load', attempt: 1, durationMs: 90_000 });
    expect(warning).toMatchObject({ severity: 'warning', title: 'nightly › load still running after 1 min 30 s (attempt 1)' });
  });

  it('writes durations as people read them', () => {
    expect([850, 42_000, 185_000, 7_800_000].map(durationText)).toEqual(['850 ms', '42 s', '3 min 5 s', '2 h 10 min']);
  });
});
