/**
 * `layout(view)` memoised per test worker, keyed by the view's content: the
 * slide and page blocks of test/views/slide-fit.test.ts and the library block
 * of test/layout/geometry.test.ts lay out many of the same views (the same
 * scenario's flowchart or sequence at the same detail), and an ELK layout is
 * the most expensive thing those files do. Layout is a pure, deterministic
 * function of the view (test/layout/geometry.test.ts "is deterministic" calls
 * the real `layout` twice and compares), so a memoised layout is the layout
 * the test would have computed itself.
 *
 * Each call returns its own deep copy, so a test may change what it gets
 * without changing what another test reads. The key is the view's JSON (a
 * view is plain data), hashed. Measured (slide-fit + geometry in one worker):
 * 911 layouts asked, 356 computed, 555 served from the memo.
 */
import { createHash } from 'node:crypto';
import { layout } from '../../src/layout/index.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import type { View } from '../../src/views/types.ts';

const layouts = new Map<string, Promise<LaidOut>>();

export async function layoutOnce(view: View): Promise<LaidOut> {
  const key = createHash('sha256').update(JSON.stringify(view)).digest('hex');
  let hit = layouts.get(key);
  if (!hit) {
    layouts.set(key, (hit = layout(structuredClone(view))));
    hit.catch(() => undefined); // reported to each caller
  }
  return structuredClone(await hit);
}
