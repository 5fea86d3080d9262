/**
 * Writes test/helpers/durations.json (the order test/helpers/sequencer.ts
 * runs the test files in) from the durations vitest recorded in its results
 * cache (node_modules/.vite/vitest/<hash>/results.json, what vitest's own
 * sequencer reads: each file's test time; its imports and top-level code,
 * collected before, are not counted). After a full run:
 *   npx vitest run
 *   node --import tsx scripts/test-durations.ts
 * Seconds per file, rounded to a tenth, sorted by name so the file diffs
 * well. Only the order matters, so any machine will do; a full run on a
 * quiet one gives the best order.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DURATIONS_FILE } from '../test/helpers/sequencer.ts';

interface ResultsCache {
  results: [string, { duration: number; failed: boolean }][];
}

const root = new URL('..', import.meta.url).pathname;
const cacheDir = join(root, 'node_modules/.vite/vitest');
const caches = readdirSync(cacheDir)
  .map((d) => join(cacheDir, d, 'results.json'))
  .filter((f) => statSync(f, { throwIfNoEntry: false })?.isFile() === true)
  .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
const newest = caches[0];
if (newest === undefined) {
  process.stderr.write(`no vitest results cache under ${cacheDir}: run \`npx vitest run\` first\n`);
  process.exit(2);
}
const cache = JSON.parse(readFileSync(newest, 'utf8')) as ResultsCache;
const entries = cache.results
  // Keys are `<project>:<path relative to the root>`; one project here.
  .map(([key, r]) => [key.slice(key.indexOf(':') + 1), Math.round(r.duration / 100) / 10] as const)
  .filter(([file]) => file.startsWith('test/') && statSync(join(root, file), { throwIfNoEntry: false }) !== undefined)
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
writeFileSync(DURATIONS_FILE, JSON.stringify(Object.fromEntries(entries), null, 2) + '\n');
process.stdout.write(`${entries.length} test files recorded in ${relative(process.cwd(), DURATIONS_FILE.pathname)}\n`);
