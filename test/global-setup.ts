/**
 * The CLI tests run the real binary, bin/kubescene.js, which runs the compiled
 * JavaScript in dist/. Build it once before the suite when any file in src/ is
 * newer than the last build (test/helpers/dist-fresh.ts: the tests' own, or
 * one made outside them, like the `prepare` of `npm ci`), so the tests always
 * exercise the current source.
 *
 * Prunes the ELK store that runs share (test/helpers/elk-store.mjs) of
 * other versions' folders and of files unused for a fortnight.
 *
 * Also names the layout store (test/helpers/layouts.ts): the folder of this
 * source's layouts, kept from run to run (test/helpers/layout-store.ts), or,
 * with KUBESCENE_TEST_LAYOUT_STORE=off, an empty folder for this run only,
 * removed after it.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { distFresh, STAMP } from './helpers/dist-fresh.ts';
import { pruneElkStores } from './helpers/elk-store.mjs';
import { layoutStoreKept, sourceKey, sourceStore } from './helpers/layout-store.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder where test workers share the layouts they computed (test/helpers/layouts.ts). */
    layoutStore: string;
    /** This run's id, named in the claims of its workers (test/helpers/layouts.ts). */
    layoutRun: string;
  }
}

const ROOT = resolve(import.meta.dirname, '..');

function buildDist(): void {
  if (distFresh(ROOT)) return;
  const started = new Date();
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noCheck'], { cwd: ROOT, stdio: 'inherit' });
  writeFileSync(join(ROOT, STAMP), '');
  utimesSync(join(ROOT, STAMP), started, started);
}

export default function setup(project: TestProject): () => void {
  buildDist();
  pruneElkStores();
  project.provide('layoutRun', randomUUID());
  if (layoutStoreKept()) {
    project.provide('layoutStore', sourceStore(sourceKey()));
    return () => undefined;
  }
  const store = mkdtempSync(join(tmpdir(), 'kubescene-test-layouts-'));
  project.provide('layoutStore', store);
  return () => rmSync(store, { recursive: true, force: true });
}
