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
 * isolation, vitest.config.ts), and the layout store, a folder the global
 * setup names (test/global-setup.ts `layoutStore`): a layout one worker
 * computed is read by the other instead of computed again, whichever worker
 * the scheduler gives a file to, and by later runs of the same source. The
 * folder is named by the sha256 of everything a layout is computed from
 * (src/, templates/, package-lock.json, tsconfig.json, the Node version;
 * test/helpers/layout-store.ts), so it never serves a layout of other source:
 * the first run after any change to them computes every layout again.
 * `KUBESCENE_TEST_LAYOUT_STORE=off` makes it a folder of one run, removed
 * after it. The store holds each result as V8's serialisation (what
 * `structuredClone` copies: the same value back, `undefined` members
 * included), written to a temporary name and renamed, so a reader sees a
 * whole file or none. A worker claims a layout before it computes it (a
 * `<key>.claim` file created exclusively, holding the run's id and its pid,
 * removed when it is done, stored or not); a worker that finds a layout
 * claimed by a live worker of its own run waits for the stored file instead
 * of computing the same layout at the same time (labels-whole-words and
 * slide-fit walk the library in the same order, and computed ~20 of the same
 * layouts side by side: ~20 CPU-s). It computes the layout itself when the
 * claim goes without a stored file (the layout threw: each caller gets the
 * error), or the claim is another run's or its process is gone. A worker
 * holds a claim only while it computes, and computing waits for no claim, so
 * no two workers wait for each other.
 *
 * The product's own modules lay out through it too in the workers
 * (test/helpers/layout-stage.ts, served by vitest.config.ts's plugin):
 * `renderView`, the frames and the player pages of an in-process `build` or
 * `render` share the layouts of the tests and of the binaries.
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

/** Counts of one memo: layouts computed here, read from the store, and read after waiting for a claim. */
export interface LayoutStats {
  computed: number;
  fromStore: number;
  waited: number;
}

export interface LayoutMemo {
  /** `layout(view)`, from the memo, the store or computed; a deep copy per call. */
  layoutOnce(view: View): Promise<LaidOut>;
  readonly stats: LayoutStats;
}

/** The memo and store key of a view: sha256 of its JSON. */
export function viewKey(view: View): string {
  return createHash('sha256').update(JSON.stringify(view)).digest('hex');
}

/**
 * A memo of `layout` behind the store folder `store` (none: the memo only),
 * claiming in the name of run `run`.
 */
export function layoutMemo(store: string | undefined, run: string): LayoutMemo {
  const layouts = new Map<string, Promise<LaidOut>>();
  const stats: LayoutStats = { computed: 0, fromStore: 0, waited: 0 };
  const mine = `${run} ${process.pid}`;

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
      writeFileSync(join(store, `${key}.claim`), mine, { flag: 'wx' });
      return true;
    } catch {
      return false;
    }
  }

  /** True while a live process of this run holds the claim on `key` (or it is being written). */
  function claimedHere(key: string): boolean {
    let text: string;
    try {
      text = readFileSync(join(store!, `${key}.claim`), 'utf8');
    } catch {
      return true; // gone meanwhile: look again
    }
    if (text === '') return true; // being written
    const [claimRun, pid] = text.split(' ');
    return claimRun === run && alive(Number(pid));
  }

  async function computeAndStore(key: string, view: View): Promise<LaidOut> {
    stats.computed++;
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

  /** The stored layout of `key`, computed here unless another worker of the run is computing it: then its result. */
  async function obtain(key: string, view: View): Promise<LaidOut> {
    for (let waited = false; ; ) {
      const stored = readStored(key);
      if (stored !== undefined) {
        stats.fromStore++;
        if (waited) stats.waited++;
        return stored;
      }
      if (claim(key)) {
        // Stored between the look and the claim: read it rather than compute it again.
        const late = readStored(key);
        if (late !== undefined) {
          rmSync(join(store!, `${key}.claim`), { force: true });
          stats.fromStore++;
          return late;
        }
        return computeAndStore(key, view);
      }
      // Another run's claim (a run killed while computing, or one running beside this one) or a dead process's: not waited for.
      if (!claimedHere(key)) rmSync(join(store!, `${key}.claim`), { force: true });
      else await sleep(25);
      waited = true;
    }
  }

  return {
    stats,
    async layoutOnce(view: View): Promise<LaidOut> {
      const key = viewKey(view);
      let hit = layouts.get(key);
      if (!hit) {
        hit = obtain(key, view);
        layouts.set(key, hit);
        hit.catch(() => undefined); // reported to each caller
      }
      return structuredClone(await hit);
    },
  };
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The worker's memo, behind the store the global setup named (none when the suite runs without it). */
const workerMemo = layoutMemo(inject('layoutStore'), inject('layoutRun') ?? 'no-run');

/** Counts of the worker's memo, for test/helpers/layouts.test.ts. */
export const layoutStats: LayoutStats = workerMemo.stats;

/** `layout(view)` memoised for the worker and kept in the layout store; a deep copy per call. */
export function layoutOnce(view: View): Promise<LaidOut> {
  return workerMemo.layoutOnce(view);
}
