/**
 * The layout store in the binaries (test/helpers/layout-store-bin.mjs and its
 * preload): a layout is computed once and then read, and the compiled layout
 * stage of a process started with the preload answers from the store while
 * its other exports stay the compiled ones.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import { layout } from '../../src/layout/index.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import { flowchart } from '../layout/fixtures.ts';
import { ROOT } from './bin.ts';
import { binLayoutStats, storedLayout } from './layout-store-bin.mjs';
import { viewKey } from './layouts.ts';

const dir = mkdtempSync(join(tmpdir(), 'ks-layout-store-bin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('storedLayout', () => {
  it('computes a layout once, stores it under the view key the workers use, and reads it back after', async () => {
    const store = join(dir, 'once');
    mkdirSync(store, { recursive: true });
    const view = { ...flowchart, title: `${flowchart.title} (layout-store-bin once)` };
    let runs = 0;
    const compute = async (): Promise<LaidOut> => {
      runs++;
      return layout(view);
    };
    const { read, computed } = binLayoutStats;
    const a = await storedLayout(view, compute, store);
    expect(readdirSync(store)).toEqual([`${viewKey(view)}.v8`]);
    const b = await storedLayout(view, compute, store);
    expect(runs).toBe(1);
    expect(b).toStrictEqual(a);
    expect(b).not.toBe(a);
    expect(binLayoutStats).toEqual({ read: read + 1, computed: computed + 1 });
  });

  it('computes every time without a folder', async () => {
    let runs = 0;
    const compute = async () => {
      runs++;
      return layout(flowchart);
    };
    await storedLayout(flowchart, compute, '');
    await storedLayout(flowchart, compute, '');
    expect(runs).toBe(2);
  });
});

describe('the preload', () => {
  it("answers the compiled binary's layout from the store; its other exports are the compiled ones", () => {
    const store = join(dir, 'preload');
    mkdirSync(store, { recursive: true });
    const view = { ...flowchart, title: `${flowchart.title} (layout-store-bin preload)` };
    // What the layout would never give: only the store can answer it.
    writeFileSync(join(store, `${viewKey(view)}.v8`), serialize({ marked: 'from-the-store' }));
    const stage = pathToFileURL(join(ROOT, 'dist/layout/index.js')).href;
    const script = `
      const { layout, layoutJson } = await import(${JSON.stringify(stage)});
      const laid = await layout(${JSON.stringify(view)});
      process.stdout.write(JSON.stringify([laid.marked ?? 'computed', layoutJson({ a: 1 })]));`;
    const preload = pathToFileURL(join(ROOT, 'test/helpers/layout-store-preload.mjs')).href;
    const env = { ...process.env, KUBESCENE_TEST_LAYOUT_DIR: store, NODE_OPTIONS: '' };
    const run = (args: string[], e: NodeJS.ProcessEnv) => JSON.parse(execFileSync(process.execPath, [...args, '--input-type=module', '-e', script], { env: e, encoding: 'utf8' })) as unknown;
    expect(run([`--import=${preload}`], env)).toEqual(['from-the-store', '{\n  "a": 1\n}\n']);
    // Without the preload, or without a folder, the compiled layout runs.
    expect(run([], env)).toEqual(['computed', '{\n  "a": 1\n}\n']);
    expect(run([`--import=${preload}`], { ...env, KUBESCENE_TEST_LAYOUT_DIR: '' })).toEqual(['computed', '{\n  "a": 1\n}\n']);
  });
});
