import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { layoutStage } from './test/helpers/layout-stage-plugin.ts';
import LongestFirstSequencer from './test/helpers/sequencer.ts';

export default defineConfig({
  // The product's own imports of the layout stage get test/helpers/layout-stage.ts: its `layout` answers
  // from the workers' layout memo and store, as the binaries' does (test/helpers/layout-store-hooks.mjs).
  plugins: [layoutStage()],
  test: {
    include: ['test/**/*.test.ts'],
    // bin/kubescene.js runs dist/: build it first when src/ changed.
    globalSetup: ['test/global-setup.ts'],
    // Stored objects are deep-frozen in every test: a write into one throws (test/helpers/freeze-stored.ts).
    // ELK's results are kept on disk from run to run, for the workers and the binaries they run
    // (test/helpers/elk-store.mjs; KUBESCENE_TEST_ELK_STORE=off runs ELK every time).
    // Layouts are kept from run to run of the same source, for the workers (test/helpers/layouts.ts)
    // and the binaries they run (test/helpers/layout-store-setup.ts; KUBESCENE_TEST_LAYOUT_STORE=off
    // keeps them for one run, in the workers only).
    setupFiles: ['test/helpers/freeze-stored.ts', 'test/helpers/elk-store-setup.ts', 'test/helpers/layout-store-setup.ts'],
    // No wall-clock limits: the suite must pass on a loaded machine. Speed is
    // measured by `npm run bench` (docs/performance.md), not asserted here.
    testTimeout: 0,
    hookTimeout: 0,
    pool: 'forks',
    // One worker per core: vitest's default (cores - 1) runs one file at a time
    // on a 2-core machine, though the main process is mostly idle.
    maxWorkers: availableParallelism(),
    // A worker runs its files in one module graph instead of a fresh process
    // per file: ~0.9 CPU-s less per file (the source is loaded once per worker,
    // not 128 times), and test/helpers/library.ts simulates each library
    // scenario once per worker. Tests share no mutable state: helpers return
    // copies, and no test changes the environment, the cwd or a module.
    isolate: false,
    // Longest files first, by durations recorded in test/helpers/durations.json, so both workers
    // finish together (test/helpers/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
  },
});
