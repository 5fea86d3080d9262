import type { LaidOut } from '../../src/layout/types.ts';
import type { View } from '../../src/views/types.ts';

export declare const binLayoutStats: { read: number; computed: number };
export declare function storedLayout(view: View, compute: () => Promise<LaidOut>, dir?: string): Promise<LaidOut>;
