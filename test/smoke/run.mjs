// Runs the ESM and CJS smoke tests against the built package in dist/, then the built
// `brickwork` command, and checks what `npm pack` would ship.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
for (const file of ['esm.mjs', 'cjs.cjs']) {
  execFileSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}

const validated = execFileSync(process.execPath, [join(root, 'dist/cli.js'), 'validate', join(root, 'demo/seed-jobs')], {
  encoding: 'utf8',
});
assert.match(validated, /pipeline 'Data_Extract_Job' is valid: 3 jobs/);
console.log('bin: ok');

const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' }),
);
const files = new Set(packed.files.map((file) => file.path));
for (const file of [
  'dist/cli.js',
  'dist/index.js',
  'dist/index.cjs',
  'dist/testing.js',
  'schema/pipeline.schema.json',
  'demo/nightly.yml',
  'demo/seed-jobs/data_load_job.yml',
]) {
  assert.ok(files.has(file), `npm pack is missing ${file}`);
}
assert.ok(![...files].some((file) => file.startsWith('src/') || file.startsWith('test/')), 'npm pack ships sources or tests');
console.log('pack: ok');
