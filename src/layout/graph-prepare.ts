/**
 * Graph layout, step 1: sizes of every box, group headers and which edges
 * share a route — everything decided before ELK runs.
 */
import type { ArchitectureView, FlowchartView, GraphEdge, GraphNode } from '../views/types.ts';
import type { LaidLabel } from './types.ts';
import { componentBox, componentNeed, componentText, uniformNeed, decisionBox, edgeLabelBox, groupHeader, terminalBox, type GroupHeader, type SizedBox } from './boxes.ts';
import { SPACE } from './style.ts';

export type GraphView = ArchitectureView | FlowchartView;

export interface Prepared {
  boxes: Map<string, SizedBox>;
  groups: Set<string>;
  /** Header layout per group, decided from a lower bound of its width. */
  headers: Map<string, GroupHeader>;
  /** View edge id → id of the edge whose ELK route draws it. */
  route: Map<string, string>;
  /**
   * Architecture only: the compact layout tried when the regular one fits no
   * slide (graph.ts) — every box as wide as its own text, tighter gaps.
   */
  compact: boolean;
}

/**
 * Sizes every node; components and process steps of one view share one size
 * for a tidy grid (architecture: one width, or, `compact`, each box as wide
 * as its own text so short labels take less room).
 */
export function prepare(view: GraphView, compact = false): Prepared {
  // A node with children is drawn as a group whatever its shape says.
  const ids = new Set(view.nodes.map((n) => n.id));
  const parents = view.nodes.map((n) => n.parent).filter((p): p is string => p !== null && ids.has(p));
  const groups = new Set([...view.nodes.filter((n) => n.shape === 'group').map((n) => n.id), ...parents]);
  // Architecture boxes are sized with the sublabel they can show whole (wholeSublabel).
  const nodes = view.kind === 'architecture' ? view.nodes.map(wholeSublabel) : view.nodes;
  const uniform = nodes.filter((n) => (n.shape === 'component' || n.shape === 'process') && !groups.has(n.id));
  const { width: w, height: h } = uniformNeed(uniform);
  const boxes = new Map<string, SizedBox>();
  for (const n of nodes) {
    if (groups.has(n.id)) continue;
    if (n.shape === 'decision') boxes.set(n.id, decisionBox(n));
    else if (n.shape === 'terminal') boxes.set(n.id, terminalBox(n));
    // Architecture boxes share their width (a tidy grid) but are as tall as their own text: a Pod box
    // with three lines does not make every box on the slide three lines tall.
    else if (view.kind === 'architecture') {
      const need = componentNeed(n);
      boxes.set(n.id, componentBox(n, compact ? need.width : w, need.height));
    } else boxes.set(n.id, componentBox(n, w, h));
  }
  const isCompact = compact && view.kind === 'architecture';
  // The header is planned from the group's width: with the side margin the compact layout really uses (the regular layout keeps its wider estimate).
  return { boxes, groups, headers: groupHeaders(view, boxes, groups, isCompact ? groupPad(view.kind) : SPACE.groupSide), route: routes(view), compact: isCompact };
}

/**
 * The node with the first of its sublabels (its own, then its `shorter` ones) that fits the box's lines without being
 * shortened in its middle (layout/measure.ts wrapWords), so a count never loses its word (`2 … 1 ContainerCreating`,
 * gallery review D31); the last one when none does.
 */
export function wholeSublabel(n: GraphNode): GraphNode {
  if (n.sublabel === undefined || n.shorter === undefined || n.shorter.length === 0) return n;
  const whole = (text: string): boolean => text.includes('…') || !(componentText({ ...n, sublabel: text }).sublabel?.lines ?? []).some((l) => l.includes('…'));
  const fit = [n.sublabel, ...n.shorter].find(whole) ?? n.shorter[n.shorter.length - 1]!;
  return fit === n.sublabel ? n : { ...n, sublabel: fit };
}

/** Inner margin of an architecture group's sides and bottom. */
const ARCHITECTURE_GROUP_PAD = 12;

/** Inner margin of a group's sides and bottom: architecture groups nest three deep (cluster, node, Pod), so a narrower one keeps them on a slide. */
export function groupPad(kind: GraphView['kind']): number {
  return kind === 'architecture' ? ARCHITECTURE_GROUP_PAD : SPACE.groupSide;
}

/**
 * A group is at least as wide as its widest child plus padding; if its header
 * does not fit that on one line, the sublabel goes under the label (ELK's
 * minimum-size option misbehaves with nested groups, so we adapt the header
 * rather than force the width).
 */
function groupHeaders(view: GraphView, boxes: Map<string, SizedBox>, groups: Set<string>, pad: number): Map<string, GroupHeader> {
  const children = new Map<string, GraphNode[]>();
  for (const n of view.nodes) if (n.parent !== null) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const width = new Map<string, number>();
  const estimate = (n: GraphNode): number => {
    const known = width.get(n.id);
    if (known !== undefined) return known;
    const box = boxes.get(n.id);
    let w = box ? box.width : 0;
    if (!box) {
      const kids = children.get(n.id) ?? [];
      w = kids.length > 0 ? Math.max(...kids.map(estimate)) + 2 * pad : groupHeader(n, 0, 'one-line').naturalWidth;
    }
    width.set(n.id, w);
    return w;
  };
  const out = new Map<string, GroupHeader>();
  for (const n of view.nodes) if (groups.has(n.id)) out.set(n.id, groupHeader(n, estimate(n)));
  return out;
}

/**
 * Which ELK edge draws each view edge. Numbered or unlabelled edges between
 * the same two nodes share one route (their badges sit side by side on it),
 * so a busy API server does not sprout a fan of parallel lines.
 */
function routes(view: GraphView): Map<string, string> {
  const ids = new Set(view.nodes.map((n) => n.id));
  const parentOf = new Map(view.nodes.map((n) => [n.id, n.parent]));
  const byPair = new Map<string, string>();
  const route = new Map<string, string>();
  for (const e of view.edges) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    if (ancestorOf(e.from, e.to, parentOf) || ancestorOf(e.to, e.from, parentOf)) continue;
    if (textLabel(e, view.kind)) {
      route.set(e.id, e.id);
      continue;
    }
    const pair = [e.from, e.to].sort().join('\u0000');
    const rep = byPair.get(pair) ?? e.id;
    byPair.set(pair, rep);
    route.set(e.id, rep);
  }
  return route;
}

/** True when `a` is an ancestor of `b`: such an edge would run inside the box it leaves. */
export function ancestorOf(a: string, b: string, parentOf: Map<string, string | null>): boolean {
  let p = parentOf.get(b) ?? null;
  while (p !== null) {
    if (p === a) return true;
    p = parentOf.get(p) ?? null;
  }
  return false;
}

/** Numbered edges get a badge on the line, placed after layout. */
export function hasBadge(e: GraphEdge, kind: GraphView['kind']): boolean {
  return e.number !== undefined && (kind === 'architecture' || !e.label);
}

/** Edges that carry a text label (on a pill) rather than a number badge. */
export function textLabel(e: GraphEdge, kind: GraphView['kind']): LaidLabel | undefined {
  return e.label && !hasBadge(e, kind) ? edgeLabelBox(e.label) : undefined;
}
