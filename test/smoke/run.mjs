// Runs the ESM and CJS smoke tests against the built package in dist/, then the built
// `brickwork` command, and checks what `npm pack` would ship.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
for (const file of ['esm.mjs', 'cjs.cjs']) {
  execFileSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}

/** The packages a node process with `args` loads (through the loaded-packages hook). */
function packagesLoaded(...args) {
  const { stderr, status } = spawnSync(process.execPath, ['--import', join(here, 'loaded-packages.mjs'), ...args], {
    encoding: 'utf8',
  });
  assert.equal(status, 0, stderr);
  const line = stderr.split('\n').find((text) => text.startsWith('loaded:'));
  assert.ok(line, `no package list in: ${stderr}`);
  return line.slice('loaded:'.length).trim().split(' ').filter(Boolean);
}
// Importing brickwork loads neither the YAML parser nor the HTTP client: they load on first use.
const imported = packagesLoaded('--input-type=module', '-e', `await import(${JSON.stringify(join(root, 'dist/index.js'))})`);
assert.ok(imported.includes('zod'), `the hook saw the import: ${imported}`);
for (const lazy of ['yaml', 'undici', 'nodemailer', 'better-sqlite3', '@databricks']) {
  assert.ok(!imported.includes(lazy), `import('brickwork') loaded ${lazy}`);
}
// The command answers --help and --version without loading the engine (or any package).
for (const args of [['--help'], ['--version'], ['run', '--help']]) {
  const loaded = packagesLoaded(join(root, 'dist/cli.js'), ...args);
  assert.deepEqual(
    loaded.filter((name) => !['fs', 'path', 'url', 'module'].includes(name)),
    [],
    `brickwork ${args.join(' ')} loaded ${loaded}`,
  );
}
console.log('lazy imports: ok');

// Every type a public signature names is exported: the bundled declarations declare nothing
// they do not export, apart from the builder's private step list and @internal constructor
// arguments.
const internal = new Set(['Step', 'PipelineInternals', 'ResolvedEngineOptions', 'Adjacency', 'Topology', 'outputTypes']);
for (const file of readdirSync(join(root, 'dist')).filter((name) => name.endsWith('.d.ts'))) {
  const text = readFileSync(join(root, 'dist', file), 'utf8');
  const declared = [...text.matchAll(/^(?:declare )?(?:interface|type|class|function|const) (\w+)/gm)].map((m) => m[1]);
  const exported = new Set(
    [...text.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) =>
      m[1]
        .split(',')
        .map((item) =>
          item
            .trim()
            .replace(/^type /, '')
            .split(' as ')[0]
            .trim(),
        )
        .filter(Boolean),
    ),
  );
  const hidden = declared.filter((name) => !exported.has(name) && !internal.has(name));
  assert.deepEqual(hidden, [], `dist/${file} declares types it does not export`);
}
console.log('exported types: ok');

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
