/**
 * `layout(view)` memoised for the whole test run, keyed by the view's content:
 * the slide and page blocks of test/views/slide-fit.test.ts, the library
 * blocks of test/layout/geometry.test.ts, labels-whole-words, arch-clean,
 * standard-width, column-fit and flowchart-labels lay out many of the same
 * views (the same scenario's architecture or sequence at the same detail),
 * and an ELK layout is the most expensive thing those files do. Layout is a
 * pure, deterministic function of the view (test/layout/geometry.test.ts "is
 * deterministic" calls the real `layout` twice and compares), so a memoised
 * layout is the layout the test would have computed itself.
 *
 * Two levels: a memo in the worker's module (the suite runs without per-file
 * isolation, vitest.config.ts), and the run's layout store, a folder the
 * global setup makes empty for each run and removes after it
 * (test/global-setup.ts `layoutStore`): a layout one worker computed is read
 * by the other instead of computed again, whichever worker the scheduler
 * gives a file to. The store holds each result as V8's serialisation (what
 * `structuredClone` copies: the same value back, `undefined` members
 * included), written to a temporary name and renamed, so a reader sees a
 * whole file or none. Two workers that ask for a layout at the same time
 * both compute it (the same bytes); the store never outlives the run, so it
 * never serves a layout of older source.
 *
 * Each call returns its own deep copy, so a test may change what it gets
 * without changing what another test reads. The key is the view's JSON (a
 * view is plain data), hashed. A layout that throws is not stored: each
 * caller gets the error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { inject } from 'vitest';
import { layout } from '../../src/layout/index.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import type { View } from '../../src/views/types.ts';

const layouts = new Map<string, Promise<LaidOut>>();

/** The run's store folder; undefined when the suite runs without test/global-setup.ts. */
const store: string | undefined = inject('layoutStore');

/** Counts for test/helpers/layouts.test.ts: layouts computed here and read from the store. */
export const layoutStats = { computed: 0, fromStore: 0 };

function readStored(key: string): LaidOut | undefined {
  if (store === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(store, `${key}.v8`));
  } catch {
    return undefined;
  }
  return deserialize(bytes) as LaidOut;
}

async function computeAndStore(key: string, view: View): Promise<LaidOut> {
  layoutStats.computed++;
  const laid = await layout(structuredClone(view));
  if (store !== undefined) {
    const part = join(store, `${key}.${process.pid}.part`);
    writeFileSync(part, serialize(laid));
    renameSync(part, join(store, `${key}.v8`));
  }
  return laid;
}

/** The memo's and the store's key of a view: sha256 of its JSON. */
export function viewKey(view: View): string {
  return createHash('sha256').update(JSON.stringify(view)).digest('hex');
}

export async function layoutOnce(view: View): Promise<LaidOut> {
  const key = viewKey(view);
  let hit = layouts.get(key);
  if (!hit) {
    const stored = readStored(key);
    if (stored !== undefined) layoutStats.fromStore++;
    hit = stored !== undefined ? Promise.resolve(stored) : computeAndStore(key, view);
    layouts.set(key, hit);
    hit.catch(() => undefined); // reported to each caller
  }
  return structuredClone(await hit);
}
