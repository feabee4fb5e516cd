import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships both .mjs and .js builds; Vite can load one for our code and the other for a dependency,
    // and graphql refuses to mix them ("Duplicate graphql modules"). Pin every import to one build, as Node does.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
