/**
 * The layout store in the binaries the tests run: `layout(view)` read from
 * the folder KUBESCENE_TEST_LAYOUT_DIR names (the suite's layout store,
 * test/helpers/layout-store.ts: named by the sha256 of the source, so it
 * holds only layouts of the source dist/ is built from), else computed and
 * written there. Same files as the workers' (test/helpers/layouts.ts): V8's
 * serialisation of the LaidOut, named by the sha256 of the view's JSON,
 * written under a temporary name and renamed. Plain JavaScript: the binaries
 * run without a TypeScript loader.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { deserialize, serialize } from 'node:v8';

/** Counts of this process, for test/helpers/layout-store-bin.test.ts. */
export const binLayoutStats = { read: 0, computed: 0 };

/** The stored layout of `view`, or `compute()`'s, stored for the next process. */
export async function storedLayout(view, compute, dir = process.env.KUBESCENE_TEST_LAYOUT_DIR) {
  if (!dir) return compute();
  // The key before the layout runs, of the view as the caller gave it.
  const key = createHash('sha256').update(JSON.stringify(view)).digest('hex');
  const file = join(dir, `${key}.v8`);
  let stored;
  try {
    stored = deserialize(readFileSync(file));
  } catch {
    stored = undefined;
  }
  if (stored !== null && typeof stored === 'object') {
    binLayoutStats.read++;
    return stored;
  }
  const laid = await compute();
  binLayoutStats.computed++;
  const part = join(dir, `${key}.${process.pid}-${threadId}.part`);
  try {
    writeFileSync(part, serialize(laid));
    renameSync(part, file);
  } catch {
    // A full disk or a removed folder: the layout is just not kept.
    rmSync(part, { force: true });
  }
  return laid;
}
