import { defineConfig } from 'tsup';

// The two builds run at once, so neither cleans dist/: `npm run build` empties it first.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', testing: 'src/testing.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    splitting: true,
    treeshake: true,
    shims: true,
  },
  {
    // The `brickwork` command: ESM only (it awaits at the top level), built on the public API.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    target: 'node20',
    treeshake: true,
  },
]);
