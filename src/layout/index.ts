/**
 * The layout stage: View → LaidOut (absolute geometry, rounded to 2 decimals).
 * Architecture goes through ELK; the sequence view has its own column/row
 * layout, the flowchart its landscape chain layout (flowchart.ts).
 */
import type { View } from '../views/types.ts';
import type { LaidOut } from './types.ts';
import { layoutGraph } from './graph.ts';
import { layoutSequence } from './sequence.ts';
import { layoutFlowchart } from './flowchart.ts';

export type LayoutOptions = Record<string, never>;

export async function layout(view: View, _opts: LayoutOptions = {}): Promise<LaidOut> {
  if (view.kind === 'sequence') return layoutSequence(view);
  if (view.kind === 'flowchart') return layoutFlowchart(view);
  return layoutGraph(view);
}

/** The `--format layout` JSON: two-space indent, trailing newline. */
export function layoutJson(laid: LaidOut): string {
  return JSON.stringify(laid, null, 2) + '\n';
}
