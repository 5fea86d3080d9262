import type { ElkStore } from '../../src/layout/elk-cache.ts';

export declare const ELK_STORES: string;
export declare function elkStoreEnabled(): boolean;
export declare function elkStoreDir(): string;
export declare function versionName(): string;
export declare function folderStore(dir: string): ElkStore & { counts: { read: number; written: number } };
export declare function pruneElkStores(now?: number, stores?: string): void;
