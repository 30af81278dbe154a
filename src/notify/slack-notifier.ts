import type { Notifier, SendOptions } from '../adapters/notifier.js';
import type { Notification } from '../model/notification.js';
import { attemptFraction, durationText } from '../model/notification-text.js';
import { checkWebhookUrl, postJson } from './post-json.js';

/** Options of {@link SlackNotifier}. */
export interface SlackNotifierOptions {
  /** The incoming webhook URL (`https://hooks.slack.com/services/…`). A secret: never logged. */
  readonly webhookUrl: string;
  /**
   * Name that policies route by.
   * @default 'slack'
   */
  readonly name?: string;
}

const MARK = { info: ':information_source:', warning: ':warning:', error: ':x:' } as const;

/**
 * Posts notifications to a Slack channel through an incoming webhook, as a Block Kit message:
 * status, pipeline, job, attempt i/n, the error, a button to the Databricks run and the
 * resume command.
 *
 * @example
 * ```ts
 * new SlackNotifier({ webhookUrl: process.env.SLACK_WEBHOOK_URL! })
 * ```
 */
export class SlackNotifier implements Notifier {
  readonly name: string;
  readonly #url: URL;

  /** @throws {@link InvalidOptionsError} when `webhookUrl` is not an http(s) URL. */
  constructor(options: SlackNotifierOptions) {
    this.name = options.name ?? 'slack';
    this.#url = checkWebhookUrl(options.webhookUrl, 'SlackNotifier webhookUrl');
  }

  /** Posts one message. */
  send(notification: Notification, { signal }: SendOptions): Promise<void> {
    return postJson(this.#url, JSON.stringify(slackMessage(notification)), {}, signal, `Slack webhook '${this.name}'`);
  }
}

/** The Block Kit message of a notification (`text` is the fallback shown in alerts). */
export function slackMessage(notification: Notification): { text: string; blocks: unknown[] } {
  const title = `${MARK[notification.severity]} ${notification.title}`;
  const fields = [field('Status', notification.kind.replace('_', ' ')), field('Pipeline', notification.pipeline)];
  if (notification.job !== undefined) fields.push(field('Job', notification.job));
  if (notification.attempt !== undefined) fields.push(field('Attempt', attemptFraction(notification)));
  if (notification.durationMs !== undefined) fields.push(field('Duration', durationText(notification.durationMs)));
  if (notification.failedJobs) fields.push(field('Failed jobs', notification.failedJobs.join(', ')));
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(notification.title, 150), emoji: true } },
    { type: 'section', fields },
  ];
  if (notification.error) {
    const message = clip(notification.error.message, 2800).replaceAll('```', "'''");
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `*Error* (\`${notification.error.class}\`)\n\`\`\`${mrkdwn(message)}\`\`\`` },
    });
  }
  if (notification.runPageUrl) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the Databricks run' }, url: notification.runPageUrl }],
    });
  }
  const context = [`Run \`${mrkdwn(notification.runId)}\``];
  if (notification.resumeCommand) context.push(`resume with \`${mrkdwn(notification.resumeCommand)}\``);
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: context.join(' · ') }] });
  return { text: title, blocks };
}

function field(label: string, value: string): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: `*${label}*\n${mrkdwn(clip(value, 1900))}` };
}

/** Slack's mrkdwn needs only these three escaped. */
function mrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
