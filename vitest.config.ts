import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // bin/kubescene.js runs dist/: build it first when src/ changed.
    globalSetup: ['test/global-setup.ts'],
    // No wall-clock limits: the suite must pass on a loaded machine. Speed is
    // measured by `npm run bench` (docs/performance.md), not asserted here.
    testTimeout: 0,
    hookTimeout: 0,
    pool: 'forks',
  },
});
