/**
 * test/helpers/elk-store.mjs, the suite's ELK results on disk: what is written
 * reads back equal, a missing or broken file reads as nothing (ELK runs), the
 * pruning keeps only this version's recent files, and the preload connects
 * the compiled binary's ELK cache to the store.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { folderStore, pruneElkStores, versionName } from './elk-store.mjs';
import { ROOT } from './bin.ts';

const dir = mkdtempSync(join(tmpdir(), 'ks-elk-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const laid: ElkNode = { id: 'root', x: 0, y: 0, width: 100, height: 40, children: [{ id: 'a', x: 12, y: 12.5, width: 40, height: 20, labels: undefined }] };

describe('folderStore', () => {
  it('reads back what it wrote, undefined members included; nothing for a key it does not hold', () => {
    const store = folderStore(join(dir, 'rw'));
    expect(store.read('k1')).toBeUndefined();
    store.write('k1', laid);
    const back = store.read('k1');
    expect(back).toEqual(laid);
    expect(Object.hasOwn(back!.children![0]!, 'labels')).toBe(true);
    expect(store.counts).toEqual({ read: 1, written: 1 });
    expect(readdirSync(join(dir, 'rw'))).toEqual(['k1.v8']);
  });

  it('reads a broken file as nothing, and a write replaces it', () => {
    const store = folderStore(join(dir, 'broken'));
    writeFileSync(join(dir, 'broken', 'k2.v8'), 'not a serialisation');
    expect(store.read('k2')).toBeUndefined();
    store.write('k2', laid);
    expect(store.read('k2')).toEqual(laid);
  });
});

describe('pruneElkStores', () => {
  it("removes other versions' folders and this version's files unused for a fortnight", () => {
    const stores = join(dir, 'stores');
    const mine = join(stores, versionName());
    mkdirSync(mine, { recursive: true });
    mkdirSync(join(stores, 'elkjs-0.0.1-node-1.0.0'));
    writeFileSync(join(stores, 'elkjs-0.0.1-node-1.0.0', 'x.v8'), '');
    writeFileSync(join(mine, 'old.v8'), '');
    writeFileSync(join(mine, 'new.v8'), '');
    const now = Date.now();
    const old = new Date(now - 15 * 24 * 3600 * 1000);
    utimesSync(join(mine, 'old.v8'), old, old);
    pruneElkStores(now, stores);
    expect(readdirSync(stores)).toEqual([versionName()]);
    expect(readdirSync(mine)).toEqual(['new.v8']);
  });
});

describe('the preload', () => {
  it("answers the compiled binary's ELK cache from the store, without running ELK", () => {
    const store = join(dir, 'preload');
    const graph: ElkNode = { id: 'root', layoutOptions: { 'elk.algorithm': 'layered' }, children: [{ id: 'a', width: 40, height: 20 }] };
    const cacheUrl = pathToFileURL(join(ROOT, 'dist/layout/elk-cache.js')).href;
    // What ELK would never give: only the store can answer it.
    const marked = { ...laid, id: 'from-the-store' };
    const script = `
      const { elkCache, graphKey } = await import(${JSON.stringify(cacheUrl)});
      const graph = ${JSON.stringify(graph)};
      if (process.argv[1] === 'write') { (await import(${JSON.stringify(pathToFileURL(join(ROOT, 'test/helpers/elk-store.mjs')).href)})).folderStore(${JSON.stringify(store)}).write(graphKey(graph), ${JSON.stringify(marked)}); }
      else { const r = await elkCache.layout(graph, () => Promise.reject(new Error('ELK ran'))); process.stdout.write(r.id); }`;
    const preload = pathToFileURL(join(ROOT, 'test/helpers/elk-store-preload.mjs')).href;
    const env = { ...process.env, KUBESCENE_TEST_ELK_STORE: store, NODE_OPTIONS: '' };
    execFileSync(process.execPath, ['--input-type=module', '-e', script, 'write'], { env });
    expect(execFileSync(process.execPath, [`--import=${preload}`, '--input-type=module', '-e', script, 'read'], { env, encoding: 'utf8' })).toBe('from-the-store');
    // Without the preload the binary's cache has no store: ELK runs (here: fails).
    expect(() => execFileSync(process.execPath, ['--input-type=module', '-e', script, 'read'], { env, stdio: 'pipe' })).toThrow(/ELK ran/);
  });
});
