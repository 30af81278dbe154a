// Requires the built package by name (package self-reference), as a CommonJS user would.
const assert = require('node:assert/strict');
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createEngine, EmailNotifier, pipeline, ErrorCode, SqliteMetadataStore } = require('brickwork');
const { recordEvents } = require('brickwork/testing');

(async () => {
  const p = pipeline('smoke')
    .job('a', { run: () => 'x' })
    .build();
  const engine = createEngine();
  const events = recordEvents(engine);
  const result = await engine.run(p);
  assert.equal(result.status, 'success');
  assert.equal(result.jobs.get('a').output, 'x');
  assert.deepEqual(events.names(), ['run:start', 'job:queued', 'job:start', 'job:success', 'run:finish']);
  assert.equal(ErrorCode.PipelineInvalid, 'PIPELINE_INVALID');
  // The optional SQLite driver loads from the CommonJS build too.
  const store = new SqliteMetadataStore({ path: join(mkdtempSync(join(tmpdir(), 'brickwork-smoke-')), 'state.db') });
  const durable = await createEngine({ store }).run(p, { runId: 'smoke' });
  assert.equal(durable.status, 'success');
  assert.equal((await store.history('smoke')).at(-1).event, 'run_finished');
  // nodemailer loads from the CommonJS build: a failure alert tries port 1 and is refused.
  const email = new EmailNotifier({ host: '127.0.0.1', port: 1, from: 'etl@example.com', to: 'team@example.com' });
  const failing = pipeline('alerts')
    .job('a', { run: () => Promise.reject(new Error('no')) })
    .build();
  const alerted = await createEngine({ notifiers: [email], delivery: { retry: { maxRetries: 0 } } }).run(failing);
  assert.match(alerted.notifications[0].error, /ECONNREFUSED/);
  console.log('cjs: ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
