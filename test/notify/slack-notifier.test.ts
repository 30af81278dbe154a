import { afterEach, describe, expect, it } from 'vitest';
import { composeNotification } from '../../src/engine/alerts/compose-notification.js';
import { InvalidOptionsError } from '../../src/model/errors.js';
import { SlackNotifier } from '../../src/notify/slack-notifier.js';
import { type HttpReceiver, startHttpReceiver } from './http-receiver.js';
import { jobFailure } from './notification-fixture.js';

let receiver: HttpReceiver | undefined;
afterEach(() => receiver?.close());

describe('SlackNotifier', () => {
  it('posts a Block Kit message with status, pipeline, job, attempt, error, run link and resume command', async () => {
    receiver = await startHttpReceiver();
    const notifier = new SlackNotifier({ webhookUrl: `${receiver.url}/services/T000/B000/XXXX` });
    await notifier.send(jobFailure(), { signal: new AbortController().signal });
    const [request] = receiver.received;
    expect(request?.path).toBe('/services/T000/B000/XXXX');
    const message = JSON.parse(request?.body ?? '{}');
    expect(message.text).toBe(':x: nightly › load failed (attempt 3/3)');
    expect(message.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'nightly › load failed (attempt 3/3)', emoji: true } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Status*\njob failed' },
          { type: 'mrkdwn', text: '*Pipeline*\nnightly' },
          { type: 'mrkdwn', text: '*Job*\nload' },
          { type: 'mrkdwn', text: '*Attempt*\n3/3' },
          { type: 'mrkdwn', text: '*Duration*\n1 min 5 s' },
        ],
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Error* (`run_failed`)\n```Table &lt;orders&gt; &amp; "friends" missing```' },
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            text: { type: 'plain_text', text: 'Open the Databricks run' },
            url: 'https://adb-1.azuredatabricks.net/jobs/7/runs/99',
          },
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Run `run-1` · resume with `brickwork resume run-1`' }] },
    ]);
  });

  it('keeps a run-level success short', async () => {
    receiver = await startHttpReceiver();
    const notification = composeNotification({ kind: 'pipeline_succeeded', pipeline: 'nightly', runId: 'r', time: new Date() });
    await new SlackNotifier({ webhookUrl: receiver.url }).send(notification, { signal: new AbortController().signal });
    const message = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(message.text).toBe(':information_source: nightly succeeded');
    expect(message.blocks.map((block: { type: string }) => block.type)).toEqual(['header', 'section', 'context']);
  });

  it('refuses a webhook URL that is not a URL without printing it', () => {
    expect(() => new SlackNotifier({ webhookUrl: 'hooks.slack.com/services/T/B/secret' })).toThrow(InvalidOptionsError);
    expect(() => new SlackNotifier({ webhookUrl: 'not a url secret' })).not.toThrow(/secret$/);
  });
});
