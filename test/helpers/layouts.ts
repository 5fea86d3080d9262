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
 * whole file or none. A worker claims a layout before it computes it (a
 * `<key>.claim` file created exclusively, holding its pid, removed when it is
 * done, stored or not); a worker that finds a layout claimed waits for the
 * stored file instead of computing the same layout at the same time
 * (labels-whole-words and slide-fit walk the library in the same order, and
 * computed ~20 of the same layouts side by side: ~20 CPU-s). It computes the
 * layout itself when the claim goes without a stored file (the layout
 * threw: each caller gets the error) or the claiming process is gone. A
 * worker holds a claim only while it computes, and computing waits for no
 * claim, so no two workers wait for each other. The store never outlives
 * the run, so it never serves a layout of older source.
 *
 * Each call returns its own deep copy, so a test may change what it gets
 * without changing what another test reads. The key is the view's JSON (a
 * view is plain data), hashed. A layout that throws is not stored: each
 * caller gets the error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import { inject } from 'vitest';
import { layout } from '../../src/layout/index.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import type { View } from '../../src/views/types.ts';

const layouts = new Map<string, Promise<LaidOut>>();

/** The run's store folder; undefined when the suite runs without test/global-setup.ts. */
const store: string | undefined = inject('layoutStore');

/** Counts for test/helpers/layouts.test.ts: layouts computed here and read from the store. */
export const layoutStats = { computed: 0, fromStore: 0, waited: 0 };

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

/** Claims `key` for this process: true when no other process holds a claim on it. */
function claim(key: string): boolean {
  if (store === undefined) return true;
  try {
    writeFileSync(join(store, `${key}.claim`), String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    return false;
  }
}

/** The pid in another process's claim on `key`, or undefined when there is none (or it is being written). */
function claimant(key: string): number | undefined {
  if (store === undefined) return undefined;
  try {
    const pid = Number(readFileSync(join(store, `${key}.claim`), 'utf8'));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function computeAndStore(key: string, view: View): Promise<LaidOut> {
  layoutStats.computed++;
  try {
    const laid = await layout(structuredClone(view));
    if (store !== undefined) {
      const part = join(store, `${key}.${process.pid}.part`);
      writeFileSync(part, serialize(laid));
      renameSync(part, join(store, `${key}.v8`));
    }
    return laid;
  } finally {
    if (store !== undefined) rmSync(join(store, `${key}.claim`), { force: true });
  }
}

/** The stored layout of `key`, computed here unless another worker is computing it: then its result. */
async function obtain(key: string, view: View): Promise<LaidOut> {
  for (let waited = false; ; ) {
    const stored = readStored(key);
    if (stored !== undefined) {
      layoutStats.fromStore++;
      if (waited) layoutStats.waited++;
      return stored;
    }
    if (claim(key)) {
      // Stored between the look and the claim: read it rather than compute it again.
      const late = readStored(key);
      if (late !== undefined) {
        rmSync(join(store!, `${key}.claim`), { force: true });
        layoutStats.fromStore++;
        return late;
      }
      return computeAndStore(key, view);
    }
    const pid = claimant(key);
    if (pid !== undefined && !alive(pid)) rmSync(join(store!, `${key}.claim`), { force: true });
    else await sleep(25);
    waited = true;
  }
}

/** The memo's and the store's key of a view: sha256 of its JSON. */
export function viewKey(view: View): string {
  return createHash('sha256').update(JSON.stringify(view)).digest('hex');
}

export async function layoutOnce(view: View): Promise<LaidOut> {
  const key = viewKey(view);
  let hit = layouts.get(key);
  if (!hit) {
    hit = obtain(key, view);
    layouts.set(key, hit);
    hit.catch(() => undefined); // reported to each caller
  }
  return structuredClone(await hit);
}
