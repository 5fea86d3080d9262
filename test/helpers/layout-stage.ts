/**
 * The layout stage as the product's own code sees it in the test workers
 * (vitest.config.ts `layoutStage` serves this module to every src/ module
 * that imports src/layout/index.ts): every export is the stage's, but
 * `layout` answers from the worker's memo and the suite's layout store
 * (test/helpers/layouts.ts `layoutOnce`), as the binaries' layout does through
 * their preload (test/helpers/layout-store-hooks.mjs). So a picture the
 * product lays out in a worker (`renderView`, the frames and player pages of
 * an in-process `build` or `render`) is laid out once per run, whichever file
 * or binary needed it first. Tests that import src/layout/index.ts
 * themselves get the real `layout`, computed each time (its determinism and
 * its cache are tested that way).
 */
import type { View } from '../../src/views/types.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import type { LayoutOptions } from '../../src/layout/index.ts';
import { layoutOnce } from './layouts.ts';

export * from '../../src/layout/index.ts';

/** `layout(view)` from the worker's memo and the layout store; a deep copy per call. */
export function layout(view: View, _opts: LayoutOptions = {}): Promise<LaidOut> {
  return layoutOnce(view);
}
