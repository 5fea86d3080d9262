/**
 * Test files longest first, by the durations recorded in
 * test/helpers/durations.json, so the two workers of a 2-core machine finish
 * together: vitest hands each free worker the next file of this order, and
 * with the longest files first the last ones to start are short (longest
 * processing time first). vitest's own order uses its results cache under
 * node_modules/.vite, which a fresh clone does not have (it then runs larger
 * files first) and which every checkout sharing node_modules overwrites; the
 * recorded durations are the same for everyone.
 *
 * A file without a recorded duration (a new one) runs first, as vitest runs
 * unknown files first: it may be long. Ties and unknown files are in name
 * order, so the order is a function of the files and the record alone.
 *
 * Refresh the record after adding or reshaping slow tests (any machine: only
 * the order matters), from the durations vitest caches after a full run:
 *   npx vitest run && node --import tsx scripts/test-durations.ts
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const DURATIONS_FILE = new URL('./durations.json', import.meta.url);

/** Recorded seconds per test file, by path relative to the project root (`test/x/y.test.ts`). */
export type Durations = Record<string, number>;

export function readDurations(): Durations {
  try {
    return JSON.parse(readFileSync(DURATIONS_FILE, 'utf8')) as Durations;
  } catch {
    return {};
  }
}

/** The files in run order: unknown ones first (by name), then the longest recorded first (ties by name). */
export function longestFirst(files: readonly string[], durations: Durations): string[] {
  const known = (f: string) => Object.hasOwn(durations, f);
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...files].sort((a, b) => {
    if (known(a) !== known(b)) return known(a) ? 1 : -1;
    if (!known(a)) return byName(a, b);
    return durations[b]! - durations[a]! || byName(a, b);
  });
}

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const root = this.ctx.config.root;
    const name = (spec: TestSpecification) => relative(root, spec.moduleId).split('\\').join('/');
    const byName = new Map(files.map((spec) => [name(spec), spec]));
    // One project, so vitest's grouping by project and isolation does not apply.
    return longestFirst([...byName.keys()], readDurations()).map((n) => byName.get(n)!);
  }
}
