/**
 * Every Node process the tests start (bin/kubescene.js runs dist/) lays out
 * through the suite's layout store, as the workers do (test/helpers/layouts.ts):
 * NODE_OPTIONS gets the preload test/helpers/layout-store-preload.mjs and
 * KUBESCENE_TEST_LAYOUT_DIR the store's folder. Only when the store is kept
 * from run to run (not with KUBESCENE_TEST_LAYOUT_STORE=off).
 */
import { pathToFileURL } from 'node:url';
import { inject } from 'vitest';
import { layoutStoreKept } from './layout-store.ts';

const store = inject('layoutStore');
if (store !== undefined && layoutStoreKept()) {
  process.env.KUBESCENE_TEST_LAYOUT_DIR = store;
  const preload = `--import=${pathToFileURL(new URL('./layout-store-preload.mjs', import.meta.url).pathname).href}`;
  const options = process.env.NODE_OPTIONS ?? '';
  if (!options.split(' ').includes(preload)) process.env.NODE_OPTIONS = `${options} ${preload}`.trim();
}
