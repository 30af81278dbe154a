/**
 * (d) Watching Databricks runs: 200 jobs of mixed durations (5 s to an hour, log-uniform),
 * at most 50 at once, against the emulator on one time scale. brickwork (shared runs/list
 * sweeps) against a fixed 30-second runs/get poll per run (the default of Airflow's
 * Databricks operator). Reports API calls per job and the p95 delay between a run's end and
 * the runs/get answer that shows it.
 */
import { createEngine, DatabricksJobsClient, MemoryMetadataStore, type Pipeline, pipeline } from 'brickwork';
import { type Emulator, startEmulator } from 'brickwork/testing';
import { seededRandom } from './random-dag.js';

const JOBS = 200;
const AT_ONCE = 50;
const SCALE = 200;

function durations(): number[] {
  const random = seededRandom(42);
  return Array.from({ length: JOBS }, () => Math.round(5000 * (3600 / 5) ** random()));
}

function client(emu: Emulator): DatabricksJobsClient {
  // The API's 20 requests a second, in emulated time.
  return new DatabricksJobsClient({ host: emu.url, token: emu.token, requestsPerSecond: 20 * SCALE });
}

async function withBrickwork(emu: Emulator): Promise<void> {
  const poll = {
    minIntervalMs: 1000 / SCALE,
    maxIntervalMs: 30_000 / SCALE,
    maxSweepIntervalMs: 10_000 / SCALE,
    backoffFactor: 1.5,
  };
  const engine = createEngine({ jobsApi: client(emu), store: new MemoryMetadataStore(), poll });
  let builder = pipeline('watch', { concurrency: AT_ONCE }).job('j1', { databricks: { jobId: 1 } });
  for (let i = 2; i <= JOBS; i++) builder = builder.job(`j${i}`, { databricks: { jobId: i } });
  const built: Pipeline = builder.build();
  const result = await engine.run(built);
  if (result.status !== 'success') throw new Error(`brickwork run ${result.status}`);
}

/** What Airflow's DatabricksRunNowOperator does: run-now, then runs/get every 30 s. */
async function withFixedPoll(emu: Emulator): Promise<void> {
  const jobs = client(emu);
  let next = 1;
  const worker = async () => {
    for (let jobId = next++; jobId <= JOBS; jobId = next++) {
      const { runId } = await jobs.runNow({ jobId, idempotencyToken: `fixed-${jobId}` });
      for (;;) {
        await new Promise((resolve) => setTimeout(resolve, 30_000 / SCALE));
        const state = await jobs.getRun(runId);
        if (['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'].includes(state.lifeCycleState)) break;
      }
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, worker));
}

function measure(emu: Emulator) {
  const calls = emu.calls();
  const delays = emu.runs().map((run) => {
    const end = run.startAt + (run.script.pendingMs ?? 0) + (run.script.durationMs ?? 0);
    const seen = calls.find(
      (call) => call.path.endsWith('/runs/get') && Number(call.request.run_id) === run.runId && call.time >= end,
    );
    return ((seen?.time ?? Number.NaN) - end) / 1000;
  });
  delays.sort((a, b) => a - b);
  return {
    callsPerJob: Math.round((calls.length / JOBS) * 100) / 100,
    p95NoticeDelaySeconds: Math.round((delays[Math.floor(delays.length * 0.95)] ?? Number.NaN) * 10) / 10,
    medianNoticeDelaySeconds: Math.round((delays[Math.floor(delays.length / 2)] ?? Number.NaN) * 10) / 10,
  };
}

/** Runs both strategies on their own emulator with the same jobs and reports them side by side. */
export async function polling() {
  const jobs = durations().map((durationMs, i) => ({ name: `job${i + 1}`, durationMs }));
  const report: Record<string, ReturnType<typeof measure>> = {};
  for (const [name, strategy] of [
    ['brickwork', withBrickwork],
    ['fixed30s', withFixedPoll],
  ] as const) {
    const emu = await startEmulator({ timeScale: SCALE, jobs });
    try {
      await strategy(emu);
      report[name] = measure(emu);
    } finally {
      await emu.stop();
    }
  }
  const ours = report.brickwork as ReturnType<typeof measure>;
  const theirs = report.fixed30s as ReturnType<typeof measure>;
  return {
    jobs: JOBS,
    atOnce: AT_ONCE,
    timeScale: SCALE,
    brickwork: ours,
    fixed30s: theirs,
    ratio: { calls: Math.round((ours.callsPerJob / theirs.callsPerJob) * 100) / 100 },
  };
}
