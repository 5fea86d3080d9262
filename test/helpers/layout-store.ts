/**
 * Where the suite keeps the layouts its workers compute (test/helpers/layouts.ts):
 * a folder named by the source it was computed from, kept from run to run.
 *
 * `layout(view)` is a pure, deterministic function of the view and of the
 * code and data that compute it: kubescene's source (src/), its templates
 * (the fonts it measures text with, the themes), the exact dependency
 * versions (package-lock.json: elkjs, fontkit), the TypeScript settings and
 * the Node version. The folder's name is the sha256 of all of them
 * (`sourceKey`), so a layout stored by an earlier run of the same source is
 * the layout this run would compute; any change to any of them (one byte of
 * one file in src/) names another, empty folder, and the first run after it
 * computes every layout again. Within a folder each layout is keyed by the
 * view's JSON (layouts.ts `viewKey`).
 *
 * `KUBESCENE_TEST_LAYOUT_STORE=off` keeps the layouts for one run only (a
 * temporary folder removed after it), as the suite did before.
 *
 * The global setup (test/global-setup.ts) prunes the folders of other
 * sources unused for a day and all but the most recently used few: every
 * edit of src/ makes a new one (~15 MB for a whole run).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where the folders of every source live. */
export const LAYOUT_STORES = join(ROOT, 'node_modules/.cache/kubescene-test-layouts');
/** What a layout is computed from, besides the view: relative to the repository. */
const SOURCES = ['src', 'templates', 'package-lock.json', 'tsconfig.json'];
/** A folder of another source unused for this long is removed. */
const UNUSED_MS = 24 * 3600 * 1000;
/** At most this many folders are kept (the most recently used). */
const KEEP = 8;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .map((e) => e.name)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** sha256 of every file (its path and its bytes) of `sources` under `root`, and the Node version. */
export function sourceKey(root = ROOT, sources: readonly string[] = SOURCES): string {
  const hash = createHash('sha256').update(`node ${process.versions.node}\0`);
  for (const source of sources) {
    for (const file of filesUnder(join(root, source))) {
      const bytes = readFileSync(file);
      hash.update(`${relative(root, file)}\0${bytes.length}\0`).update(bytes);
    }
  }
  return hash.digest('hex');
}

/** False when `KUBESCENE_TEST_LAYOUT_STORE=off`. */
export function layoutStoreKept(): boolean {
  return process.env.KUBESCENE_TEST_LAYOUT_STORE !== 'off';
}

/**
 * This source's folder in `stores` (made when missing, marked used now), after
 * removing the other folders unused since `now - UNUSED_MS` and all but the `KEEP`
 * most recently used, and this folder's files left half-written by a killed run.
 */
export function sourceStore(key: string, stores = LAYOUT_STORES, now = Date.now()): string {
  const dir = join(stores, key);
  mkdirSync(dir, { recursive: true });
  const when = new Date(now);
  utimesSync(dir, when, when);
  const others = readdirSync(stores)
    .filter((name) => name !== key)
    .map((name) => ({ path: join(stores, name), used: mtime(join(stores, name)) }))
    .sort((a, b) => b.used - a.used);
  for (const [i, other] of others.entries()) {
    if (i >= KEEP - 1 || now - other.used > UNUSED_MS) rmSync(other.path, { recursive: true, force: true });
  }
  for (const name of readdirSync(dir)) {
    // A layout being written (`.part`) or computed (`.claim`) by a run that is over; a live run's are recent.
    if ((name.endsWith('.part') || name.endsWith('.claim')) && now - mtime(join(dir, name)) > 3600 * 1000) rmSync(join(dir, name), { force: true });
  }
  return dir;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
