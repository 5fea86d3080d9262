/**
 * test/helpers/layouts.ts: layoutOnce gives what `layout` gives, as a copy of
 * its own, and shares it with the other workers and later runs through the
 * layout store (test/global-setup.ts): a layout in the store is read, not
 * computed, and one another live worker of the run has claimed is waited
 * for, not computed. The store tests use a folder of their own, so the
 * layouts they plant never reach the suite's store.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { deserialize, serialize } from 'node:v8';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { layout, layoutJson } from '../../src/layout/index.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import { flowchart, sequence } from '../layout/fixtures.ts';
import { layoutMemo, layoutOnce, layoutStats as workerStats, viewKey } from './layouts.ts';
import { STORED_STAGE, storedStageFor } from './layout-stage-plugin.ts';

const store = mkdtempSync(join(tmpdir(), 'ks-layouts-test-'));
afterAll(() => rmSync(store, { recursive: true, force: true }));
const RUN = 'this-run';
const memo = layoutMemo(store, RUN);
const layoutStats = memo.stats;

describe('layoutOnce', () => {
  it('gives the layout `layout` gives, a fresh copy per call', async () => {
    const view = { ...sequence, title: `${sequence.title} (layouts.test copies)` };
    const a = await layoutOnce(view);
    expect(layoutJson(a)).toBe(layoutJson(await layout(view)));
    const b = await layoutOnce(view);
    expect(b).toStrictEqual(a);
    expect(b).not.toBe(a);
    a.nodes.length = 0;
    expect((await layoutOnce(view)).nodes.length).toBe(b.nodes.length);
  });

  it('runs behind the store the global setup names', () => {
    expect(inject('layoutStore')).toBeTypeOf('string');
    expect(inject('layoutRun')).toBeTypeOf('string');
  });

  it('writes what it computed into the store, the same value back', async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test store)` };
    const computed = layoutStats.computed;
    const laid = await memo.layoutOnce(view);
    expect(layoutStats.computed).toBe(computed + 1);
    const file = join(store, `${viewKey(view)}.v8`);
    expect(existsSync(file)).toBe(true);
    expect(deserialize(readFileSync(file))).toStrictEqual(laid);
  });

  it('reads a layout another worker stored instead of computing it', async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test read)` };
    // What the other worker would have written; marked so the test sees where it came from.
    const other: LaidOut = { ...(await layout(view)), width: 12345 };
    writeFileSync(join(store, `${viewKey(view)}.v8`), serialize(other));
    const { computed, fromStore } = layoutStats;
    expect(await memo.layoutOnce(view)).toStrictEqual(other);
    expect(layoutStats).toEqual({ computed, fromStore: fromStore + 1, waited: layoutStats.waited });
  });

  it('waits for a layout another live worker has claimed instead of computing it too', async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test claimed)` };
    const key = viewKey(view);
    const other: LaidOut = { ...(await layout(view)), width: 23456 };
    // The claim of a live process of this run (vitest's main process) that stores its result a little later.
    writeFileSync(join(store, `${key}.claim`), `${RUN} ${process.ppid}`);
    const { computed, fromStore, waited } = layoutStats;
    const pending = memo.layoutOnce(view);
    await sleep(100);
    writeFileSync(join(store, `${key}.v8`), serialize(other));
    rmSync(join(store, `${key}.claim`));
    expect(await pending).toStrictEqual(other);
    expect(layoutStats).toEqual({ computed, fromStore: fromStore + 1, waited: waited + 1 });
  });

  it('computes a layout itself when the claim ends without a stored layout (the layout threw)', async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test claim dropped)` };
    const key = viewKey(view);
    writeFileSync(join(store, `${key}.claim`), `${RUN} ${process.ppid}`);
    const { computed } = layoutStats;
    const pending = memo.layoutOnce(view);
    await sleep(100);
    rmSync(join(store, `${key}.claim`));
    expect(layoutJson(await pending)).toBe(layoutJson(await layout(view)));
    expect(layoutStats.computed).toBe(computed + 1);
    expect(existsSync(join(store, `${key}.claim`))).toBe(false);
  });

  it('takes over the claim of a process that is gone', async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test claim orphaned)` };
    const key = viewKey(view);
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(store, `${key}.claim`), `${RUN} ${gone.stdout}`);
    const { computed } = layoutStats;
    expect(layoutJson(await memo.layoutOnce(view))).toBe(layoutJson(await layout(view)));
    expect(layoutStats.computed).toBe(computed + 1);
    expect(existsSync(join(store, `${key}.v8`))).toBe(true);
    expect(existsSync(join(store, `${key}.claim`))).toBe(false);
  });

  it("does not wait for another run's claim, though its pid is alive (a killed run's claim, its pid taken since)", async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test claim of another run)` };
    const key = viewKey(view);
    writeFileSync(join(store, `${key}.claim`), `another-run ${process.ppid}`);
    const { computed, waited } = layoutStats;
    expect(layoutJson(await memo.layoutOnce(view))).toBe(layoutJson(await layout(view)));
    expect(layoutStats.computed).toBe(computed + 1);
    expect(layoutStats.waited).toBe(waited);
    expect(existsSync(join(store, `${key}.v8`))).toBe(true);
    expect(existsSync(join(store, `${key}.claim`))).toBe(false);
  });

  it('a later memo (a later run) reads what an earlier one stored instead of computing it', async () => {
    const view = { ...flowchart, title: `${flowchart.title} (layouts.test later run)` };
    const laid = await memo.layoutOnce(view);
    const later = layoutMemo(store, 'a-later-run');
    expect(await later.layoutOnce(view)).toStrictEqual(laid);
    expect(later.stats).toEqual({ computed: 0, fromStore: 1, waited: 0 });
  });
});

describe("the product's layout in the workers (test/helpers/layout-stage.ts, vitest.config.ts)", () => {
  it('renderView lays out through the worker memo: a picture rendered twice, then asked of layoutOnce, is laid out once', async () => {
    const { renderView } = await import('../../src/render/index.ts');
    const view = { ...sequence, title: `${sequence.title} (layouts.test render path)` };
    const { computed, fromStore } = workerStats;
    const svg = await renderView(view, { format: 'svg', theme: 'light' });
    expect(workerStats.computed + workerStats.fromStore).toBe(computed + fromStore + 1);
    expect(await renderView(view, { format: 'svg', theme: 'light' })).toBe(svg);
    expect(layoutJson(await layoutOnce(view))).toBe(layoutJson(await layout(view)));
    expect(workerStats.computed + workerStats.fromStore).toBe(computed + fromStore + 1);
  });

  it("serves the stored stage to the product's modules only, never to the layout stage's own or to a test", () => {
    const root = new URL('../../', import.meta.url).pathname;
    expect(storedStageFor('../layout/index.ts', `${root}src/render/index.ts`)).toBe(STORED_STAGE);
    expect(storedStageFor('../layout/index.ts', `${root}src/cli/render.ts?v=1`)).toBe(STORED_STAGE);
    expect(storedStageFor('./index.ts', `${root}src/layout/graph.ts`)).toBeUndefined();
    expect(storedStageFor('../../src/layout/index.ts', `${root}test/helpers/layouts.ts`)).toBeUndefined();
    expect(storedStageFor('../layout/types.ts', `${root}src/render/index.ts`)).toBeUndefined();
    expect(storedStageFor('../layout/index.ts', undefined)).toBeUndefined();
  });
});
