/**
 * The vite plugin (vitest.config.ts) that gives the product's modules in the
 * test workers test/helpers/layout-stage.ts where they import the layout
 * stage, src/layout/index.ts: `renderView`, the frames, the player and the
 * CLI's `render` then lay out through the workers' memo and the suite's
 * layout store (test/helpers/layouts.ts). The layout stage's own modules
 * (src/layout/) and every import from outside src/ (the tests, the helper
 * itself) get the real stage.
 */
import { dirname, join, resolve, sep } from 'node:path';
import type { Plugin } from 'vitest/config';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src') + sep;
const LAYOUT_DIR = join(ROOT, 'src/layout') + sep;
const STAGE = join(ROOT, 'src/layout/index.ts');
export const STORED_STAGE = join(ROOT, 'test/helpers/layout-stage.ts');

/** The module `importer` gets for `source`: the stored stage for the product's imports of the layout stage, else undefined (resolved as usual). */
export function storedStageFor(source: string, importer: string | undefined): string | undefined {
  if (importer === undefined || !source.startsWith('.')) return undefined;
  const from = importer.split('?')[0]!;
  if (!from.startsWith(SRC) || from.startsWith(LAYOUT_DIR)) return undefined;
  return resolve(dirname(from), source) === STAGE ? STORED_STAGE : undefined;
}

export function layoutStage(): Plugin {
  return {
    name: 'kubescene-test-layout-stage',
    enforce: 'pre',
    resolveId(source, importer) {
      return storedStageFor(source, importer);
    },
  };
}
