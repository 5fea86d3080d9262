/**
 * Every test file runs with the suite's ELK store behind the ELK cache
 * (test/helpers/elk-store.mjs): in this worker, and, through NODE_OPTIONS, in
 * every Node process the tests start (bin/kubescene.js runs dist/, whose
 * cache the preload test/helpers/elk-store-preload.mjs connects).
 */
import { pathToFileURL } from 'node:url';
import { elkCache } from '../../src/layout/elk-cache.ts';
import { elkStoreDir, elkStoreEnabled, folderStore } from './elk-store.mjs';

/** The store of this worker: one per process, so its counts add up over the files it runs. */
export const workerElkStore = elkStoreEnabled() ? folderStore(elkStoreDir()) : undefined;

if (workerElkStore !== undefined) {
  elkCache.useStore(workerElkStore);
  const preload = `--import=${pathToFileURL(new URL('./elk-store-preload.mjs', import.meta.url).pathname).href}`;
  const options = process.env.NODE_OPTIONS ?? '';
  if (!options.split(' ').includes(preload)) process.env.NODE_OPTIONS = `${options} ${preload}`.trim();
}
