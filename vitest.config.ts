import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships both .mjs and .js builds; Vite can load one for our code and the other for a dependency,
    // and graphql refuses to mix them ("Duplicate graphql modules"). Pin every import to one build, as Node does.
    alias: [
      { find: /^graphql$/, replacement: 'graphql/index.js' },
      // examples/houston-client imports `houston-mock/testing` exactly as a user's project does; here it runs on the
      // source (no build needed, never a stale dist/). tsconfig.json maps it the same way for the typecheck.
      { find: /^houston-mock\/testing$/, replacement: fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)) },
      { find: /^houston-mock\/vitest$/, replacement: fileURLToPath(new URL('./src/vitest/index.ts', import.meta.url)) },
    ],
  },
  test: {
    // vitest's default in run mode is one worker fewer than the cores: a single worker on our 2-core machines. Many
    // files here wait on child processes (the CLI, npm, Chromium), so one worker per core finishes far sooner.
    maxWorkers: Math.max(2, availableParallelism()),
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
