import { afterEach, describe, expect, it } from 'vitest';
import { runNightly } from '../../examples/incident-notifier.js';
import { type HttpReceiver, startHttpReceiver } from '../notify/http-receiver.js';

let receiver: HttpReceiver | undefined;
afterEach(() => receiver?.close());

describe('examples/incident-notifier', () => {
  it('opens an incident for the failed run through the public Notifier interface', async () => {
    receiver = await startHttpReceiver();
    const result = await runNightly(receiver.url, 'incident-token');
    expect(result.status).toBe('failed');
    expect(result.notifications.map((d) => [d.notifier, d.kind, d.status])).toEqual([['incidents', 'job_failed', 'sent']]);
    const [request] = receiver.received;
    expect(request?.path).toBe(`/incidents/${result.runId}`);
    expect(request?.headers.authorization).toBe('Bearer incident-token');
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      team: 'data-platform',
      status: 'open',
      title: 'nightly › load failed (attempt 1/1)',
    });
  });
});
