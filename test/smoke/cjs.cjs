// Requires the built package by name (package self-reference), as a CommonJS user would.
const assert = require('node:assert/strict');
const { createEngine, pipeline, ErrorCode } = require('brickwork');
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
  console.log('cjs: ok');
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
