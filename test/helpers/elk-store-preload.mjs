/**
 * `node --import` preload of the binaries the tests run (test/helpers/elk-store-setup.ts
 * puts it in NODE_OPTIONS): the compiled CLI's ELK cache answers from the
 * suite's ELK store (test/helpers/elk-store.mjs). Loads only the cache
 * module, not elkjs: commands that draw nothing still load no renderer.
 */
import { elkCache } from '../../dist/layout/elk-cache.js';
import { elkStoreDir, elkStoreEnabled, folderStore } from './elk-store.mjs';

if (elkStoreEnabled()) elkCache.useStore(folderStore(elkStoreDir()));
