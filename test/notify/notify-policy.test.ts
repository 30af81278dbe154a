import { describe, expect, it } from 'vitest';
import { NOTIFICATION_KINDS } from '../../src/model/notification.js';
import { resolveNotifyPolicy, wants } from '../../src/model/notify-policy.js';

describe('notify policy', () => {
  it('alerts failures, duration warnings and recoveries by default, nothing else', () => {
    const policy = resolveNotifyPolicy();
    expect(NOTIFICATION_KINDS.filter((kind) => wants(policy, kind))).toEqual([
      'job_failed',
      'duration_warning',
      'check_failed',
      'rollback_failed',
      'rollback_raced',
      'pipeline_failed',
      'recovered',
    ]);
  });

  it('lets each level override the one before it, field by field', () => {
    const policy = resolveNotifyPolicy(
      { onRetry: true, notifiers: ['slack'] },
      { onSuccess: true },
      { onRetry: false, recipients: ['ops@example.com'] },
    );
    expect(policy).toMatchObject({
      onFailure: true,
      onRetry: false,
      onSuccess: true,
      notifiers: ['slack'],
      recipients: ['ops@example.com'],
    });
    expect(wants(policy, 'job_succeeded')).toBe(true);
    expect(wants(policy, 'pipeline_succeeded')).toBe(true);
    expect(wants(policy, 'job_retrying')).toBe(false);
    expect(Object.isFrozen(policy)).toBe(true);
  });
});
