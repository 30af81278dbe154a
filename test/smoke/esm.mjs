// Imports the built package by name (package self-reference), as an ESM user would.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { BrickworkError, createEngine, PipelineValidationError, pipeline } from 'brickwork';
import { recordEvents } from 'brickwork/testing';

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
console.log('esm: ok');
