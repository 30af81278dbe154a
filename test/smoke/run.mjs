// Runs the ESM and CJS smoke tests against the built package in dist/.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const file of ['esm.mjs', 'cjs.cjs']) {
  execFileSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}
