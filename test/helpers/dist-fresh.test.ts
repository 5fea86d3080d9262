import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { distFresh, STAMP } from './dist-fresh.ts';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

/** A project under a temporary folder: each file dated `at` seconds after the epoch. */
function project(files: Record<string, number>): string {
  const root = mkdtempSync(join(tmpdir(), 'kubescene-dist-fresh-'));
  roots.push(root);
  for (const [path, at] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), '');
    utimesSync(join(root, path), at, at);
  }
  return root;
}

const sources = { 'tsconfig.json': 100, 'tsconfig.build.json': 100, 'src/a.ts': 200, 'src/b/c.ts': 300, 'src/b/types.d.ts': 300 };

describe('dist/ is built again only when it is older than the source', () => {
  it('a build made outside the tests (npm ci runs prepare: npm run build), without the stamp, newer than every source: fresh', () => {
    expect(distFresh(project({ ...sources, 'dist/a.js': 400, 'dist/b/c.js': 401 }))).toBe(true);
  });

  it('the tests’ own stamp, dated when their build started, after every source: fresh', () => {
    expect(distFresh(project({ ...sources, [STAMP]: 350, 'dist/a.js': 340, 'dist/b/c.js': 340 }))).toBe(true);
  });

  it('a compiled file older than a source change: stale', () => {
    expect(distFresh(project({ ...sources, 'dist/a.js': 400, 'dist/b/c.js': 250 }))).toBe(false);
    expect(distFresh(project({ ...sources, 'tsconfig.json': 500, 'dist/a.js': 400, 'dist/b/c.js': 400 }))).toBe(false);
    expect(distFresh(project({ ...sources, [STAMP]: 250, 'dist/a.js': 250, 'dist/b/c.js': 250 }))).toBe(false);
  });

  it('a source file without its compiled file (a new one), or no dist/ at all: stale', () => {
    expect(distFresh(project({ ...sources, 'dist/a.js': 400 }))).toBe(false);
    expect(distFresh(project(sources))).toBe(false);
  });
});
