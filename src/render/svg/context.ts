/** What every drawing function needs: the theme, the id prefix and the step being shown. */
import type { Emphasis } from '../../views/types.ts';
import type { LaidEdge, LaidNode } from '../../layout/types.ts';
import type { Theme } from '../theme.ts';

export interface DrawContext {
  theme: Theme;
  /** Prefix of every id in this SVG (content hash), so inlined SVGs do not clash. */
  prefix: string;
  step?: number;
  /** Group nesting depth (0 = top level). */
  depth: Map<string, number>;
  /** Nodes lit in the current step frame (all when no step is given). */
  lit: Set<string>;
  /** Emphases whose arrowhead markers are defined. */
  markers: Set<string>;
}

/** `opacity` attribute for an element outside the shown step. */
export function dimAttr(ctx: DrawContext, lit: boolean): string {
  return ctx.step !== undefined && !lit ? ` opacity="${ctx.theme.dimOpacity}"` : '';
}

export function inStep(ctx: DrawContext, steps: readonly number[]): boolean {
  return ctx.step === undefined || steps.includes(ctx.step);
}

export function emphasisColours(ctx: DrawContext, e: Emphasis): { stroke: string; fill: string; badge: string } {
  return ctx.theme.emphasis[e] ?? ctx.theme.emphasis.normal;
}

/**
 * Which nodes are lit: those in the step, the ends of edges in the step, the
 * legend entries of numbers whose edges are in the step (an entry is numbered
 * at its first step, but its edge may carry later steps too), and every group
 * containing one.
 */
export function litNodes(nodes: readonly LaidNode[], edges: readonly LaidEdge[], step: number | undefined): Set<string> {
  const lit = new Set<string>();
  const parent = new Map(nodes.map((n) => [n.id, n.parent]));
  const inStepEdges = edges.filter((e) => step !== undefined && e.steps.includes(step));
  const ends = new Set(inStepEdges.flatMap((e) => [e.from, e.to]));
  const numbers = new Set(inStepEdges.flatMap((e) => (e.number !== undefined ? [e.number] : [])));
  for (const n of nodes) {
    const litEntry = n.kind === 'legend-entry' && n.number !== undefined && numbers.has(n.number);
    if (step === undefined || n.steps.includes(step) || n.kind === 'title' || litEntry || (ends.has(n.id) && n.kind !== 'lifeline')) {
      let id: string | null = n.id;
      while (id !== null && !lit.has(id)) {
        lit.add(id);
        id = parent.get(id) ?? null;
      }
    }
  }
  return lit;
}

export function depthMap(nodes: readonly LaidNode[]): Map<string, number> {
  const parent = new Map(nodes.map((n) => [n.id, n.parent]));
  const depth = new Map<string, number>();
  for (const n of nodes) {
    let d = 0;
    let p = n.parent;
    while (p !== null && d < 64) {
      d++;
      p = parent.get(p) ?? null;
    }
    depth.set(n.id, d);
  }
  return depth;
}
