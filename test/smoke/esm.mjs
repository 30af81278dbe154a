// Imports the built package by name (package self-reference), as an ESM user would.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BrickworkError, createEngine, DatabricksJobsClient, EmailNotifier, PipelineValidationError, pipeline } from 'brickwork';
import { recordEvents, startEmulator } from 'brickwork/testing';

const p = pipeline('smoke')
  .job('a', { run: () => 1 })
  .job('b', { run: ({ upstream }) => upstream.get('a') + 1 })
  .after('a')
  .build();
const engine = createEngine();
const events = recordEvents(engine);
const result = await engine.run(p);
assert.equal(result.status, 'success');
assert.equal(result.jobs.get('b').output, 2);
assert.ok(events.names().includes('job:success'));

// Errors from the CJS copy are instances of the ESM classes (Symbol.for brand).
const cjs = createRequire(import.meta.url)('brickwork');
assert.notEqual(cjs.BrickworkError, BrickworkError);
try {
  cjs.pipeline('empty').build();
  assert.fail('expected a validation error');
} catch (error) {
  assert.ok(error instanceof BrickworkError);
  assert.ok(error instanceof PipelineValidationError);
  assert.equal(error.code, 'PIPELINE_INVALID');
}
// A Databricks job through the packaged client and emulator.
const emu = await startEmulator({ timeScale: 100, jobs: [{ name: 'Data_Extract_Job' }] });
try {
  const remote = createEngine({
    jobsApi: new DatabricksJobsClient({ host: emu.url, token: emu.token }),
    poll: { minIntervalMs: 5, maxIntervalMs: 20, maxSweepIntervalMs: 20 },
  });
  const run = await remote.run(
    pipeline('remote')
      .job('extract', { databricks: { jobName: 'Data_Extract_Job' } })
      .build(),
  );
  assert.equal(run.status, 'success');
  assert.equal(emu.runs().length, 1);
} finally {
  await emu.stop();
}
// nodemailer loads from the ESM build: a failure alert tries port 1 and is refused.
const email = new EmailNotifier({ host: '127.0.0.1', port: 1, from: 'etl@example.com', to: 'team@example.com' });
const failing = pipeline('alerts')
  .job('a', { run: () => Promise.reject(new Error('no')) })
  .build();
const alerted = await createEngine({ notifiers: [email], delivery: { retry: { maxRetries: 0 } } }).run(failing);
assert.match(alerted.notifications[0].error, /ECONNREFUSED/);
console.log('esm: ok');
