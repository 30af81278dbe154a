import type { Notifier } from '../../adapters/notifier.js';
import type { JobDefinition } from '../../graph/job-definition.js';
import { internalsOf, type Pipeline } from '../../graph/pipeline.js';
import { InvalidOptionsError } from '../../model/errors.js';
import type { JobError } from '../../model/job-error.js';
import type { Notification, NotificationKind } from '../../model/notification.js';
import { type NotifyPolicy, type ResolvedNotifyPolicy, resolveNotifyPolicy, wants } from '../../model/notify-policy.js';
import type { ResolvedEngineOptions } from '../engine-options.js';
import type { EngineEvents } from '../events.js';
import type { RunScope } from '../scheduling/run-scope.js';
import { composeNotification, type NotificationFacts } from './compose-notification.js';
import { deliver, type NotificationDelivery, type ResolvedDeliveryOptions } from './deliver.js';

/** The run the alerts belong to. */
export type AlertScope = Pick<RunScope, 'pipeline' | 'runId' | 'bus' | 'log' | 'rows'>;

/** Who is notified of what, in one run. */
export interface AlertSetup {
  readonly notifiers: readonly Notifier[];
  readonly delivery: ResolvedDeliveryOptions;
  /** The engine's policy: the base of the run's and of every job's. */
  readonly engine: NotifyPolicy | undefined;
  /** The pipeline's own policy, for the run's notifications. */
  readonly pipeline: NotifyPolicy | undefined;
  /** Job definitions by key. */
  readonly jobs: readonly JobDefinition[];
  /** Whether an earlier execution of this run delivered a failure alert (a resume). */
  readonly failureAlertedBefore: boolean;
}

/**
 * The alerts of a run, or none when the engine has no notifiers.
 * @throws {@link InvalidOptionsError} when a policy routes to a notifier the engine lacks.
 */
export function alertsFor(
  scope: AlertScope,
  options: Pick<ResolvedEngineOptions, 'notifiers' | 'delivery' | 'notify'>,
  pipeline: Pipeline,
  failureAlertedBefore: boolean,
): RunAlerts | undefined {
  if (options.notifiers.length === 0) return undefined;
  return new RunAlerts(scope, {
    notifiers: options.notifiers,
    delivery: options.delivery,
    engine: options.notify,
    pipeline: pipeline.settings.notify,
    jobs: internalsOf(pipeline).definitions,
    failureAlertedBefore,
  });
}

/** How a run ended, as its pipeline-level notification says it. */
export interface RunEnding {
  readonly status: 'success' | 'failed' | 'canceled';
  readonly failedJobs: readonly string[];
  readonly error?: JobError;
  readonly durationMs: number;
  readonly resumed: boolean;
}

/** Job events the alerts listen to. */
type JobEventName =
  | 'job:start'
  | 'job:success'
  | 'job:attempt_failed'
  | 'job:failed'
  | 'job:duration_warning'
  | 'job:check'
  | 'rollback:failed'
  | 'rollback:raced';

/** Facts a job event gives a notification. */
type EventFacts = Partial<
  Pick<NotificationFacts, 'attempt' | 'maxAttempts' | 'error' | 'runPageUrl' | 'durationMs' | 'severity'>
>;

/**
 * The notifications of one run: turns its events into notifications as the policies ask,
 * sends each (run, job, kind) once, delivers off the critical path, and records every
 * delivered notification as a `notified` row of the run.
 */
export class RunAlerts {
  readonly #scope: AlertScope;
  readonly #setup: AlertSetup;
  readonly #runPolicy: ResolvedNotifyPolicy;
  /** The policy of jobs without one of their own. */
  readonly #jobPolicy: ResolvedNotifyPolicy;
  readonly #jobPolicies = new Map<string, ResolvedNotifyPolicy>();
  readonly #sent = new Set<string>();
  readonly #pending = new Set<Promise<void>>();
  readonly #deliveries: NotificationDelivery[] = [];
  #failureAlerted = false;

  /** @throws {@link InvalidOptionsError} when a policy routes to a notifier the engine lacks. */
  constructor(scope: AlertScope, setup: AlertSetup) {
    this.#scope = scope;
    this.#setup = setup;
    this.#runPolicy = resolveNotifyPolicy(setup.engine, setup.pipeline);
    this.#jobPolicy = resolveNotifyPolicy(setup.engine);
    const names = new Set(setup.notifiers.map((notifier) => notifier.name));
    checkRoutes('the pipeline', this.#runPolicy, names);
    // Indexed: this runs once per run, before a `for…of` over 100,000 jobs would be optimised.
    for (let i = 0; i < setup.jobs.length; i++) {
      const job = setup.jobs[i] as JobDefinition;
      if (!job.notify) continue;
      const policy = resolveNotifyPolicy(setup.engine, job.notify);
      checkRoutes(`job '${job.key}'`, policy, names);
      this.#jobPolicies.set(job.key, policy);
    }
  }

  /** Listens to the run's job events that some policy wants; returns the function that stops. */
  listen(): () => void {
    const offs = [
      this.#on('job:start', 'job_started', (e) => ({ attempt: e.attempt, maxAttempts: e.maxAttempts })),
      this.#on('job:success', 'job_succeeded', (e) => ({ attempt: e.attempt, durationMs: e.durationMs })),
      this.#on('job:attempt_failed', 'job_retrying', (e) =>
        e.willRetry ? { attempt: e.attempt, maxAttempts: e.maxAttempts, error: e.error } : undefined,
      ),
      // A job failed by a blocking check is told by its check_failed alert.
      this.#on('job:failed', 'job_failed', (e) =>
        e.error.class === 'check_failed'
          ? undefined
          : {
              attempt: e.attempt,
              maxAttempts: e.maxAttempts,
              error: e.error,
              durationMs: e.durationMs,
              runPageUrl: e.runPageUrl,
            },
      ),
      this.#on('job:check', 'check_failed', ({ result }) =>
        result.passed
          ? undefined
          : {
              error: { class: 'check_failed', message: result.message, retriable: false },
              severity: result.severity === 'warn' ? 'warning' : 'error',
            },
      ),
      this.#on('rollback:failed', 'rollback_failed', (e) => ({
        error: { class: 'infrastructure', message: e.error, retriable: false },
      })),
      this.#on('rollback:raced', 'rollback_raced', (e) => ({
        error: { class: 'infrastructure', message: e.error, retriable: false },
      })),
      this.#on('job:duration_warning', 'duration_warning', (e) => ({
        attempt: e.attempt,
        durationMs: e.elapsedSeconds * 1000,
      })),
    ];
    return () => {
      for (const off of offs) off?.();
    };
  }

  /**
   * Sends the run's own notification, waits (bounded by the delivery options) for every
   * delivery still in flight, and returns them all.
   */
  async finish(ending: RunEnding): Promise<readonly NotificationDelivery[]> {
    await this.#settle();
    const time = new Date();
    const facts = { time, durationMs: ending.durationMs };
    if (ending.status === 'success') {
      if (ending.resumed && this.#setup.failureAlertedBefore && wants(this.#runPolicy, 'recovered')) {
        this.#notify(this.#runPolicy, { ...facts, kind: 'recovered' });
      } else {
        this.#notify(this.#runPolicy, { ...facts, kind: 'pipeline_succeeded' });
      }
    } else if (!this.#failureAlerted) {
      // Failures already alerted job by job are not announced a second time.
      this.#notify(this.#runPolicy, {
        ...facts,
        kind: 'pipeline_failed',
        failedJobs: ending.failedJobs,
        canceled: ending.status === 'canceled',
        ...(ending.error ? { error: ending.error } : {}),
      });
    }
    await this.#settle();
    return Object.freeze([...this.#deliveries]);
  }

  /** Turns event `event` of this run into notifications of `kind`, if any policy wants them. */
  #on<E extends JobEventName>(
    event: E,
    kind: NotificationKind,
    factsOf: (payload: EngineEvents[E]) => EventFacts | undefined,
  ): (() => void) | undefined {
    const policies = [this.#jobPolicy, ...this.#jobPolicies.values()];
    if (!policies.some((policy) => wants(policy, kind))) return undefined;
    return this.#scope.bus.on(event, (payload: EngineEvents[E]) => {
      if (payload.runId !== this.#scope.runId) return;
      const policy = this.#policyOf(payload.job);
      const facts = factsOf(payload);
      if (facts) this.#notify(policy, { ...facts, kind, job: payload.job, time: payload.time });
    });
  }

  /** A job's policy merged over the engine's. */
  #policyOf(job: string): ResolvedNotifyPolicy {
    return this.#jobPolicies.get(job) ?? this.#jobPolicy;
  }

  #notify(policy: ResolvedNotifyPolicy, facts: Omit<NotificationFacts, 'pipeline' | 'runId'>): void {
    if (!wants(policy, facts.kind)) return;
    const once = `${facts.job ?? ''}\u0001${facts.kind}`;
    if (this.#sent.has(once)) return;
    this.#sent.add(once);
    const { pipeline, runId } = this.#scope;
    const { notifiers } = this.#setup;
    const notification = composeNotification({
      ...facts,
      pipeline,
      runId,
      ...(policy.recipients ? { recipients: policy.recipients } : {}),
    });
    const routed = policy.notifiers ? notifiers.filter((n) => policy.notifiers?.includes(n.name)) : notifiers;
    if (routed.length === 0) return;
    const sending = Promise.all(routed.map((notifier) => deliver(notifier, notification, this.#setup.delivery))).then(
      (deliveries) => this.#record(notification, deliveries),
    );
    this.#pending.add(sending);
    sending.finally(() => this.#pending.delete(sending));
  }

  #record(notification: Notification, deliveries: readonly NotificationDelivery[]): void {
    const { bus, pipeline, runId, log, rows } = this.#scope;
    const time = new Date();
    const sent = deliveries.filter((d) => d.status === 'sent').map((d) => d.notifier);
    const failed = deliveries.filter((d) => d.status === 'failed').map((d) => ({ notifier: d.notifier, error: d.error }));
    if (sent.length > 0 && notification.severity === 'error') this.#failureAlerted = true;
    for (const delivery of deliveries) {
      this.#deliveries.push(delivery);
      const { notifier, kind, notificationId, attempts } = delivery;
      const fields = { pipeline, runId, time, notifier, kind, notificationId, attempts, job: delivery.job };
      if (delivery.status === 'sent') bus.emit('notify:sent', fields);
      else bus.emit('notify:failed', { ...fields, error: delivery.error ?? '' });
    }
    const row = rows.run('in_progress', 'notified', time);
    row.attempt = notification.attempt ?? 0;
    row.errorMessage = failed.length > 0 ? failed.map((f) => `${f.notifier}: ${f.error}`).join('; ') : null;
    row.details = JSON.stringify({
      kind: notification.kind,
      severity: notification.severity,
      job: notification.job ?? null,
      notificationId: notification.id,
      sent,
      failed,
    });
    log.record(row);
  }

  async #settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all(this.#pending);
  }
}

function checkRoutes(owner: string, policy: ResolvedNotifyPolicy, names: ReadonlySet<string>): void {
  const unknown = policy.notifiers?.filter((name) => !names.has(name)) ?? [];
  if (unknown.length > 0) {
    const known = names.size > 0 ? [...names].join(', ') : 'none';
    throw new InvalidOptionsError(`${owner} notifies ${unknown.join(', ')}, but the engine's notifiers are: ${known}`);
  }
}
