/**
 * Whether dist/ (bin/kubescene.js runs it) is compiled from the current
 * source, so the global setup (test/global-setup.ts) builds it only when it
 * is not.
 *
 * Fresh when either
 * - the tests' own last build started after the newest source change (the
 *   stamp `dist/.built-by-tests`, dated when that build started, so a file
 *   edited while it ran counts as newer), or
 * - every source file's compiled file is in dist/ and was written after the
 *   newest source change: a build made outside the tests. A fresh clone's
 *   `npm ci` runs `prepare` (`npm run build`, the same tsc command), and the
 *   suite used to build it all again before any test could start (~8 CPU-s
 *   and up to a minute of wall time on a loaded 2-core machine, with the
 *   other core idle). tsc writes every output file on each build, so an
 *   output older than a source means a build before that change.
 *
 * The sources are src/ and the two tsconfig files; a declaration file
 * (`.d.ts`) compiles to nothing.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The stamp the tests' build leaves, dated when it started. */
export const STAMP = 'dist/.built-by-tests';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
}

/** The newest change to what dist/ is compiled from under `root`. */
export function newestSource(root: string): number {
  const src = join(root, 'src');
  return Math.max(...filesUnder(src).map(mtime), mtime(join(root, 'tsconfig.build.json')), mtime(join(root, 'tsconfig.json')));
}

/** True when every compiled source file of `root` is in dist/, written at `since` or later. */
export function compiledSince(root: string, since: number): boolean {
  const src = join(root, 'src');
  return filesUnder(src)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .every((f) => mtime(join(root, 'dist', relative(src, f).replace(/\.ts$/, '.js'))) >= since);
}

/** True when dist/ under `root` is compiled from its current source (by the tests' build or another). */
export function distFresh(root: string): boolean {
  const sources = newestSource(root);
  return mtime(join(root, STAMP)) >= sources || compiledSince(root, sources);
}
