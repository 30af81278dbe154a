import { describe, expect, it } from 'vitest';
import { AbortCallbacks } from '../../src/engine/abortable.js';
import { inProcessExecutor } from '../../src/engine/attempt.js';
import { EventBus } from '../../src/engine/event-bus.js';
import { JobLifecycle } from '../../src/engine/job-lifecycle.js';
import type { RunScope } from '../../src/engine/job-runner.js';
import { RunClock } from '../../src/engine/run-clock.js';
import { RunLog } from '../../src/engine/run-log.js';
import { RunRows } from '../../src/engine/run-rows.js';
import { TableGuard } from '../../src/engine/table-guard.js';
import type { JobDefinition } from '../../src/graph/job-definition.js';
import { internalsOf } from '../../src/graph/pipeline.js';
import { MemoryMetadataStore, pipeline } from '../../src/index.js';

/** A run of `p`'s jobs with nothing but what a job's lifecycle needs. */
function scopeOf(p: ReturnType<ReturnType<typeof pipeline>['build']>, fatal: (error: unknown) => void): RunScope {
  const signal = new AbortController().signal;
  const store = new MemoryMetadataStore();
  const executor = inProcessExecutor((job, attempt) => ({
    signal: attempt.signal,
    attempt: attempt.attempt,
    maxAttempts: attempt.maxAttempts,
    runId: 'run-1',
    pipeline: p.name,
    job: job.key,
    parameters: {},
    upstream: new Map(),
  }));
  return {
    pipeline: p.name,
    runId: 'run-1',
    signal,
    aborts: new AbortCallbacks(signal, p.jobs.size),
    clock: new RunClock(),
    bus: new EventBus(() => {}),
    log: new RunLog(store, 0, fatal),
    rows: new RunRows(p.name, 'run-1', [...p.jobs.keys()]),
    random: Math.random,
    executorFor: () => executor,
    fatal,
  };
}

describe('JobLifecycle', () => {
  it('hands each end over with its status, and stops the run when taking it over throws', async () => {
    const p = pipeline('lifecycle')
      .job('ok', { run: () => 'value' })
      .job('broken', { run: () => 'value' })
      .build();
    const fatal: unknown[] = [];
    const ended: string[] = [];
    let heardBoth = () => {};
    const bothHeard = new Promise<void>((resolve) => {
      heardBoth = resolve;
    });
    const heard = () => {
      if (ended.length === 1 && fatal.length === 1) heardBoth();
    };
    const scope = scopeOf(p, (error) => {
      fatal.push(error);
      heard();
    });
    const lifecycle = new JobLifecycle(scope, new TableGuard(scope, undefined, undefined), (index, status, ending) => {
      if (index === 1) throw new Error('bookkeeping broke');
      ended.push(`${index}:${status}:${String(ending.value)}`);
      heard();
    });
    const { definitions } = internalsOf(p);
    lifecycle.run(0, definitions[0] as JobDefinition, {});
    lifecycle.run(1, definitions[1] as JobDefinition, {});
    await bothHeard;
    expect(ended).toEqual(['0:success:value']);
    expect(fatal).toEqual([new Error('bookkeeping broke')]);
  });
});
