import { pipeline } from '../../src/index.js';
import type { ScriptedJob } from '../../src/testing.js';

/** The table the load writes, as the emulator names it and as SQL quotes it. */
export const ORDERS = 'main.etl.orders';

/** A load that half-writes its table and fails, then succeeds when run again. */
export const LOAD_JOB: ScriptedJob = {
  name: 'Data_Load_Job',
  durationMs: 500,
  outcomes: ['FAILED', 'SUCCESS'],
  writes: { [ORDERS]: [{ id: 7 }] },
};

/** One job that writes `orders` and restores it when it fails (no retries: the first failure restores). */
export const rollbackPipeline = () =>
  pipeline('restoring')
    .job('load', { databricks: { jobName: 'Data_Load_Job' }, writes: [ORDERS], retry: { maxRetries: 0 } })
    .build();
