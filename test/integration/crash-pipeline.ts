/**
 * The pipeline of the crash test, shared by the test and the child process it kills:
 * fan-out, fan-in, and jobs that fail once before succeeding.
 */
import { type Pipeline, type PipelineBuilder, pipeline } from '../../src/index.js';
import type { ScriptedJob } from '../../src/testing.js';

/** The Databricks jobs the emulator knows; ids are 1… in this order. */
export const CRASH_JOBS: readonly ScriptedJob[] = Array.from({ length: 12 }, (_, i) => ({
  name: `job${i + 1}`,
  durationMs: 2000 + ((i * 733) % 3000),
  outcomes: i % 4 === 1 ? ['FAILED', 'SUCCESS'] : ['SUCCESS'],
}));

/** extract → 5 parallel transforms → merge → 4 parallel loads → publish. */
export function crashPipeline(): Pipeline {
  const job = (n: number) => ({ databricks: { jobId: n }, retry: { maxRetries: 2, minIntervalMs: 1 } });
  let builder: PipelineBuilder<Record<string, unknown>> = pipeline('crash', { concurrency: 6 }).job('extract', job(1));
  for (let i = 2; i <= 6; i++) builder = builder.job(`transform${i}`, job(i)).after('extract');
  builder = builder.job('merge', { ...job(7), after: ['transform2', 'transform3', 'transform4', 'transform5', 'transform6'] });
  for (let i = 8; i <= 11; i++) builder = builder.job(`load${i}`, job(i)).after('merge');
  return builder.job('publish', { ...job(12), after: ['load8', 'load9', 'load10', 'load11'] }).build();
}
