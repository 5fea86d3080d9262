/**
 * The test suite's ELK store (src/layout/elk-cache.ts `ElkStore`): ELK's
 * results on disk, one file per graph, kept from run to run, shared by the
 * test workers and by every binary the tests run (test/helpers/elk-store-preload.mjs).
 * Many files lay out the same graphs (the library's scenarios at each detail
 * and width, the gallery the CLI tests build), and each worker and each
 * `kubescene` process used to run ELK on them again.
 *
 * Only ELK's part is kept, never kubescene's: the key is the sha256 of the
 * whole graph JSON handed to ELK (every node, size, port, edge and option, in
 * order), and the folder is named by the elkjs and Node versions. ELK
 * (layered, `elk.randomSeed: 1`) is a deterministic function of that graph
 * (test/layout/elk-cache.test.ts), so a stored result is the one ELK would
 * compute; everything kubescene does before and after ELK still runs.
 * `KUBESCENE_TEST_ELK_STORE=off` runs the suite without it;
 * `KUBESCENE_TEST_ELK_STORE=<absolute folder>` keeps it there instead.
 *
 * Plain JavaScript (with elk-store.d.mts for the types): the binaries the
 * tests run are compiled JavaScript without a TypeScript loader. Each result
 * is V8's serialisation (what `structuredClone` copies), written under a
 * temporary name and renamed, so a reader sees a whole file or none; a file
 * that does not read is computed and written again. The global setup
 * removes files unused for a fortnight and folders of other versions.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { threadId } from 'node:worker_threads';
import { deserialize, serialize } from 'node:v8';

const ROOT = resolve(import.meta.dirname, '../..');
/** Where the stores of every elkjs and Node version live. */
export const ELK_STORES = join(ROOT, 'node_modules/.cache/kubescene-test-elk');
/** A file not read or written for this long is removed by `pruneElkStores`. */
const UNUSED_MS = 14 * 24 * 3600 * 1000;

/** False when `KUBESCENE_TEST_ELK_STORE=off`. */
export function elkStoreEnabled() {
  return process.env.KUBESCENE_TEST_ELK_STORE !== 'off';
}

/** This elkjs's and this Node's store folder (or the one KUBESCENE_TEST_ELK_STORE names). */
export function elkStoreDir() {
  const named = process.env.KUBESCENE_TEST_ELK_STORE;
  if (named !== undefined && isAbsolute(named)) return named;
  return join(ELK_STORES, versionName());
}

/** The name of this elkjs and this Node's folder among the stores. */
export function versionName() {
  const elkjs = JSON.parse(readFileSync(join(ROOT, 'node_modules/elkjs/package.json'), 'utf8')).version;
  return `elkjs-${elkjs}-node-${process.versions.node}`;
}

/** The store in `dir` (made when missing); `counts` tallies its reads and writes. */
export function folderStore(dir) {
  mkdirSync(dir, { recursive: true });
  const counts = { read: 0, written: 0 };
  const file = (key) => join(dir, `${key}.v8`);
  return {
    counts,
    read(key) {
      let laid;
      try {
        laid = deserialize(readFileSync(file(key)));
      } catch {
        return undefined;
      }
      if (laid === null || typeof laid !== 'object') return undefined;
      counts.read++;
      const now = new Date();
      try {
        utimesSync(file(key), now, now);
      } catch {
        // Removed meanwhile: the result read is whole all the same.
      }
      return laid;
    },
    write(key, layout) {
      const part = join(dir, `${key}.${process.pid}-${threadId}.part`);
      try {
        writeFileSync(part, serialize(layout));
        renameSync(part, file(key));
        counts.written++;
      } catch {
        // A full disk or a read-only tree: the result is just not kept.
        rmSync(part, { force: true });
      }
    },
  };
}

/**
 * Removes the folders of `stores` (default ELK_STORES) other than this elkjs and Node version's,
 * and the files of that one unused for a fortnight before `now`.
 */
export function pruneElkStores(now = Date.now(), stores = ELK_STORES) {
  const current = join(stores, versionName());
  let names;
  try {
    names = readdirSync(stores);
  } catch {
    return;
  }
  for (const name of names) {
    const dir = join(stores, name);
    if (dir !== current) {
      rmSync(dir, { recursive: true, force: true });
      continue;
    }
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      try {
        if (now - statSync(p).mtimeMs > UNUSED_MS) rmSync(p, { force: true });
      } catch {
        // Removed meanwhile.
      }
    }
  }
}
