import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Examples import 'brickwork' as users do; in tests they share the sources with the tests.
    alias: [
      { find: /^brickwork$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^brickwork\/testing$/, replacement: fileURLToPath(new URL('./src/testing.ts', import.meta.url)) },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 20_000,
    setupFiles: ['./test/setup/isolated-state.ts'],
    reporters: ['default', './test/reporters/summary-line.ts'],
  },
});
