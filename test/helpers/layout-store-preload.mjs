/**
 * `node --import` preload of the binaries the tests run (test/helpers/layout-store-setup.ts
 * puts it in NODE_OPTIONS with KUBESCENE_TEST_LAYOUT_DIR): the compiled layout
 * stage answers from the suite's layout store (test/helpers/layout-store-hooks.mjs).
 */
import { register } from 'node:module';

if (process.env.KUBESCENE_TEST_LAYOUT_DIR) register('./layout-store-hooks.mjs', import.meta.url);
