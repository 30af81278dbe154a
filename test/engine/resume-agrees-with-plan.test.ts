import { describe, expect, it } from 'vitest';
import { createEngine, MemoryMetadataStore, type Pipeline, pipeline } from '../../src/index.js';
import { recordEvents } from '../../src/testing.js';
import { expectRowOrder } from '../helpers.js';

/** A job that fails while `broken[key]` is set. */
const job = (broken: Record<string, boolean>, key: string) => ({
  run: async () => {
    if (broken[key]) throw new Error(`${key} broke`);
    return key;
  },
});

interface Scenario {
  readonly name: string;
  readonly broken: Record<string, boolean>;
  readonly build: (broken: Record<string, boolean>) => Pipeline;
  /** What the plan must say for each job after the first run. */
  readonly expected: Record<string, string>;
}

const scenarios: Scenario[] = [
  {
    name: 'an all_done cleanup that ran after a failure runs again, as a new attempt',
    broken: { load: true },
    build: (broken) =>
      pipeline('cleanup')
        .job('extract', job(broken, 'extract'))
        .job('load', job(broken, 'load'))
        .after('extract')
        .job('cleanup', { ...job(broken, 'cleanup'), runIf: 'all_done' })
        .after('load')
        .job('report', job(broken, 'report'))
        .after('cleanup')
        .build(),
    expected: { extract: 'keep@1', load: 'run@2', cleanup: 'run@2', report: 'run@2' },
  },
  {
    name: 'a job skipped below a failure runs from its first attempt',
    broken: { b: true },
    build: (broken) =>
      pipeline('skipped')
        .job('a', job(broken, 'a'))
        .job('b', job(broken, 'b'))
        .after('a')
        .job('c', job(broken, 'c'))
        .after('b')
        .build(),
    expected: { a: 'keep@1', b: 'run@2', c: 'run@1' },
  },
  {
    name: 'an independent branch that succeeded is kept',
    broken: { right: true },
    build: (broken) =>
      pipeline('branches')
        .job('left', job(broken, 'left'))
        .job('leftNext', job(broken, 'leftNext'))
        .after('left')
        .job('right', job(broken, 'right'))
        .job('join', { ...job(broken, 'join'), runIf: 'all_done' })
        .after('leftNext', 'right')
        .build(),
    expected: { left: 'keep@1', leftNext: 'keep@1', right: 'run@2', join: 'run@2' },
  },
];

describe('resume does what plan says', () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const broken = { ...scenario.broken };
      const store = new MemoryMetadataStore();
      const engine = createEngine({ notifiers: [], store });
      const first = await engine.run(scenario.build(broken));
      expect(first.status).toBe('failed');
      for (const key of Object.keys(broken)) broken[key] = false;
      const flow = scenario.build(broken);
      const plan = await engine.plan(flow, { resume: first.runId });
      const planned = Object.fromEntries([...plan.jobs].map(([key, job]) => [key, `${job.action}@${job.attempt}`]));
      expect(planned).toEqual(scenario.expected);

      const events = recordEvents(engine);
      const resumed = await engine.resume(flow, first.runId);
      expect(resumed.status).toBe('success');
      const started = Object.fromEntries(events.of('job:start').map((e) => [e.job, e.attempt]));
      const done = Object.fromEntries(
        [...plan.jobs].map(([key, job]) => [key, key in started ? `run@${started[key]}` : `keep@${job.attempt}`]),
      );
      expect(done).toEqual(planned);
      expectRowOrder(await store.history(first.runId));
      await expect(engine.resume(flow, first.runId)).rejects.toThrow('already succeeded');
    });
  }
});
