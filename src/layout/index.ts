/**
 * The layout stage: View → LaidOut (absolute geometry, rounded to 2 decimals).
 * Graph views go through ELK; the sequence view has its own column/row layout.
 */
import type { View } from '../views/types.ts';
import type { LaidOut } from './types.ts';
import { layoutGraph } from './graph.ts';
import { layoutSequence } from './sequence.ts';

export type LayoutOptions = Record<string, never>;

export async function layout(view: View, _opts: LayoutOptions = {}): Promise<LaidOut> {
  if (view.kind === 'sequence') return layoutSequence(view);
  return layoutGraph(view);
}

/** The `--format layout` JSON: two-space indent, trailing newline. */
export function layoutJson(laid: LaidOut): string {
  return JSON.stringify(laid, null, 2) + '\n';
}
