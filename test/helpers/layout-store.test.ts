/**
 * test/helpers/layout-store.ts: the layout store's folder is named by every
 * byte the layouts are computed from, so a change to any source file names
 * another folder; the setup keeps this source's folder and the few most
 * recently used others, and removes what a killed run left half-done.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sourceKey, sourceStore } from './layout-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'ks-layout-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sourceKey', () => {
  it('changes with any byte or name of any source file, and only then', () => {
    const root = join(dir, 'repo');
    mkdirSync(join(root, 'src/layout'), { recursive: true });
    mkdirSync(join(root, 'templates/fonts'), { recursive: true });
    writeFileSync(join(root, 'src/layout/a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'templates/fonts/f.ttf'), Buffer.from([0, 1, 2]));
    writeFileSync(join(root, 'lock.json'), '{}');
    const sources = ['src', 'templates', 'lock.json'];
    const key = sourceKey(root, sources);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(sourceKey(root, sources)).toBe(key);
    writeFileSync(join(root, 'src/layout/a.ts'), 'export const a = 2;\n');
    const edited = sourceKey(root, sources);
    expect(edited).not.toBe(key);
    writeFileSync(join(root, 'src/layout/a.ts'), 'export const a = 1;\n');
    expect(sourceKey(root, sources)).toBe(key);
    writeFileSync(join(root, 'templates/fonts/f.ttf'), Buffer.from([0, 1, 3]));
    expect(sourceKey(root, sources)).not.toBe(key);
    writeFileSync(join(root, 'templates/fonts/f.ttf'), Buffer.from([0, 1, 2]));
    writeFileSync(join(root, 'lock.json'), '{ }');
    expect(sourceKey(root, sources)).not.toBe(key);
    writeFileSync(join(root, 'lock.json'), '{}');
    // A new file, and a file moved to another name.
    writeFileSync(join(root, 'src/b.ts'), '');
    expect(sourceKey(root, sources)).not.toBe(key);
    rmSync(join(root, 'src/b.ts'));
    rmSync(join(root, 'src/layout/a.ts'));
    writeFileSync(join(root, 'src/layout/c.ts'), 'export const a = 1;\n');
    expect(sourceKey(root, sources)).not.toBe(key);
  });

  it('covers the source the layouts are computed from', () => {
    // The real key reads src/, templates/ (fonts, themes) and package-lock.json: it is a 64-digit hash, the same twice.
    expect(sourceKey()).toBe(sourceKey());
  });
});

describe('sourceStore', () => {
  it("makes this source's folder; removes others unused for a day, all but the most recent few, and stale half-written files", () => {
    const stores = join(dir, 'stores');
    const now = Date.parse('2026-12-07T12:00:00Z');
    const at = (path: string, hoursAgo: number) => {
      const t = new Date(now - hoursAgo * 3600 * 1000);
      utimesSync(path, t, t);
    };
    mkdirSync(stores, { recursive: true });
    // Ten other sources: o0 used 0.1 h ago … o8 0.9 h ago, and one two days ago.
    for (let i = 0; i < 9; i++) {
      mkdirSync(join(stores, `o${i}`));
      at(join(stores, `o${i}`), (i + 1) / 10);
    }
    mkdirSync(join(stores, 'old'));
    at(join(stores, 'old'), 48);
    mkdirSync(join(stores, 'mine'));
    for (const f of ['k.v8', 'stale.claim', 'stale.1.part', 'live.claim', 'live.2.part']) writeFileSync(join(stores, 'mine', f), '');
    for (const f of ['k.v8', 'stale.claim', 'stale.1.part']) at(join(stores, 'mine', f), 2);
    for (const f of ['live.claim', 'live.2.part']) at(join(stores, 'mine', f), 0.1);

    expect(sourceStore('mine', stores, now)).toBe(join(stores, 'mine'));
    // This one and the seven most recent others: eight in all.
    expect(readdirSync(stores).sort()).toEqual(['mine', 'o0', 'o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
    expect(readdirSync(join(stores, 'mine')).sort()).toEqual(['k.v8', 'live.2.part', 'live.claim']);
    expect(sourceStore('new', stores, now)).toBe(join(stores, 'new'));
    expect(readdirSync(join(stores, 'new'))).toEqual([]);
  });
});
