/**
 * Landscape flowchart layout (no ELK): the main chain runs left to right and
 * wraps into a snake (every other row runs right to left) when it is wider
 * than the row limit; a chain node's exits and alternatives sit in a row
 * just below it, reached from the diamond's bottom corner; the "yes" of a
 * decision leaves by its side corner. Rows turn round the outside, in a
 * gutter, so a turn never crosses an exit. The rows wrap at a docs column's
 * width when the picture then still fits a slide and no edge runs through a
 * box, else at a slide's.
 */
import type { FlowchartView, GraphEdge, GraphNode } from '../views/types.ts';
import { chainOf } from '../views/flowchart/flow.ts';
import type { LaidEdge, LaidLabel, LaidNode, LaidOut } from './types.ts';
import { componentBox, uniformNeed, decisionBox, edgeLabelBox, type SizedBox, type TextFit } from './boxes.ts';
import { wrapWords } from './measure.ts';
import { TYPE } from './style.ts';
import { placeTextLabels } from './badges.ts';
import { roundLaidOut, shiftEdge, shiftNode, titleNode } from './frame.ts';
import { SPACE } from './style.ts';

/** Horizontal gap between chain nodes (room for a "yes" pill). */
const GAP_X = 56;
/** Chain row to exit row (room for a "no" pill). */
const GAP_EXIT = 40;
/** Between two rows of the snake. */
const GAP_ROW = 32;
/** Gutter outside the rows where the snake turns. */
const GUTTER = 28;
/** Side nodes under one chain node. */
const GAP_SIDE = 16;

/**
 * Widest a row may be: the picture fits a 1280-px slide at 1:1, so its 12-px
 * text stays 12 px (build/fit.ts); a longer chain wraps into more rows.
 */
export const ROW_LIMIT = 1280 - 2 * SPACE.margin - 2 * GUTTER;

/**
 * Rows first wrap at a docs column (900 px, build/fit.ts PAGE), so the
 * picture is shown 1:1 on a docs page too; when that makes it taller than a
 * slide (900 px, SLIDE), the rows wrap at ROW_LIMIT instead.
 */
export const COLUMN_ROW_LIMIT = 900 - 2 * SPACE.margin - 2 * GUTTER;
const SLIDE_HEIGHT = 900;

export function layoutFlowchart(view: FlowchartView): LaidOut {
  const column = layoutRows(view, COLUMN_ROW_LIMIT);
  return column.height <= SLIDE_HEIGHT && !edgeThroughBox(column, view) ? column : layoutRows(view, ROW_LIMIT);
}

/** Does an edge run through a box it does not join (a rejoin the narrower snake cannot route round)? */
function edgeThroughBox(laid: LaidOut, view: FlowchartView): boolean {
  const ids = new Set(view.nodes.map((n) => n.id));
  const boxes = laid.nodes.filter((n) => ids.has(n.id));
  return laid.edges.some((e) =>
    e.points.slice(1).some((b, i) => {
      const a = e.points[i]!;
      return boxes.some((n) => n.id !== e.from && n.id !== e.to && Math.min(a.x, b.x) <= n.x + n.width - 2 && n.x + 2 <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= n.y + n.height - 2 && n.y + 2 <= Math.max(a.y, b.y));
    }),
  );
}

interface Placed {
  x: number;
  y: number;
  box: SizedBox;
}

function layoutRows(view: FlowchartView, limit: number): LaidOut {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const chain = (view.chain && view.chain.length > 0 ? view.chain : chainOf(view)).filter((id) => byId.has(id));
  const inChain = new Set(chain);
  const boxes = sizeBoxes(view.nodes);
  // Each side node hangs under the chain node it leaves (or, failing that, the one it leads to).
  const anchorOf = new Map<string, string>();
  for (const n of view.nodes) {
    if (inChain.has(n.id)) continue;
    const from = view.edges.find((e) => e.to === n.id && inChain.has(e.from))?.from;
    const to = view.edges.find((e) => e.from === n.id && inChain.has(e.to))?.to;
    anchorOf.set(n.id, from ?? to ?? chain[chain.length - 1] ?? n.id);
  }
  const sides = new Map<string, string[]>();
  for (const [id, a] of anchorOf) sides.set(a, [...(sides.get(a) ?? []), id]);
  const sideWidth = (a: string) => {
    const s = sides.get(a) ?? [];
    return s.reduce((w, id) => w + boxes.get(id)!.width, 0) + Math.max(0, s.length - 1) * GAP_SIDE;
  };
  const colWidth = (id: string) => Math.max(boxes.get(id)!.width, sideWidth(id));

  // Rows: greedy, each as wide as the limit allows.
  const rows: string[][] = [];
  let row: string[] = [];
  let w = 0;
  for (const id of chain) {
    const cw = colWidth(id);
    if (row.length > 0 && w + GAP_X + cw > limit) {
      rows.push(row);
      row = [];
      w = 0;
    }
    w += (row.length > 0 ? GAP_X : 0) + cw;
    row.push(id);
  }
  if (row.length > 0) rows.push(row);
  const rowWidth = (r: string[]) => r.reduce((s, id) => s + colWidth(id), 0) + Math.max(0, r.length - 1) * GAP_X;
  // Process steps share one width everywhere (the rows above depend on widths only) and one height per
  // row of boxes (a chain row, the side row under it): a step whose evidence wraps onto more lines makes
  // its own row taller, not the whole picture.
  for (const ids of rows.flatMap((r) => [r, r.flatMap((id) => sides.get(id) ?? [])])) {
    const inRow = ids.map((id) => byId.get(id)!).filter((n) => n.shape === 'process');
    const { height } = uniformNeed(inRow, FIT);
    for (const n of inRow) boxes.set(n.id, componentBox(n, boxes.get(n.id)!.width, height, FIT));
  }
  const width = Math.max(0, ...rows.map(rowWidth));

  const placed = new Map<string, Placed>();
  const direction = new Map<string, 1 | -1>();
  let top = 0;
  const rowTops: number[] = [];
  rows.forEach((r, i) => {
    rowTops.push(top);
    const dir: 1 | -1 = i % 2 === 0 ? 1 : -1;
    const chainH = Math.max(...r.map((id) => boxes.get(id)!.height));
    const sideH = Math.max(0, ...r.map((id) => Math.max(0, ...(sides.get(id) ?? []).map((s) => boxes.get(s)!.height))));
    const mid = top + chainH / 2;
    let x = dir === 1 ? 0 : width;
    for (const id of r) {
      const cw = colWidth(id);
      const left = dir === 1 ? x : x - cw;
      const b = boxes.get(id)!;
      const cx = left + cw / 2;
      placed.set(id, { x: cx - b.width / 2, y: mid - b.height / 2, box: b });
      direction.set(id, dir);
      const s = sides.get(id) ?? [];
      let sx = cx - sideWidth(id) / 2;
      for (const sid of s) {
        const sb = boxes.get(sid)!;
        placed.set(sid, { x: sx, y: top + chainH + GAP_EXIT, box: sb });
        direction.set(sid, dir);
        sx += sb.width + GAP_SIDE;
      }
      x = dir === 1 ? x + cw + GAP_X : x - cw - GAP_X;
    }
    top += chainH + (sideH > 0 ? GAP_EXIT + sideH : 0) + GAP_ROW;
  });
  const height = Math.max(0, top - GAP_ROW);

  const nodes: LaidNode[] = view.nodes.filter((n) => placed.has(n.id)).map((n) => laidNode(n, placed.get(n.id)!, GUTTER));
  const at = new Map(nodes.map((n) => [n.id, n]));
  const rowOf = new Map<string, number>();
  rows.forEach((r, i) => r.forEach((id) => rowOf.set(id, i)));
  for (const [sid, a] of anchorOf) rowOf.set(sid, rowOf.get(a) ?? 0);
  const edges: LaidEdge[] = [];
  const labels = new Map<string, LaidLabel>();
  for (const e of view.edges) {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!a || !b) continue;
    const points = route(e, a, b, inChain, direction, rowOf, width + 2 * GUTTER, rowTops);
    edges.push({ id: e.id, from: e.from, to: e.to, points, emphasis: e.emphasis, ...(e.dashed ? { dashed: true } : {}), arrow: 'plain', steps: [...e.steps] });
    if (e.label) labels.set(e.id, edgeLabelBox(e.label));
  }
  placeTextLabels(nodes, edges, labels);

  const title = titleNode(view.title, width + 2 * GUTTER, view.steps.length > 0);
  const dx = SPACE.margin;
  const dy = title.bottom;
  return roundLaidOut({
    view: 'flowchart',
    title: view.title,
    width: Math.max(width + 2 * GUTTER, title.node.width) + 2 * SPACE.margin,
    height: dy + height + SPACE.margin,
    nodes: [title.node, ...nodes.map((n) => shiftNode(n, dx, dy))],
    edges: edges.map((e) => shiftEdge(e, dx, dy)),
    steps: view.steps,
  });
}

/**
 * Lines a flowchart label may take. The label is what the picture is about
 * (`kubectl autoscale … --cpu-percent=50`, `→ exit code 137`): it wraps
 * between words onto more lines and the box grows, rather than being cut.
 */
const FIT: TextFit = { label: 4, sublabel: 4, words: true };
/** Widest line of a start/end pill's label. */
const PILL_TEXT = 240;

/** Decisions and terminals size themselves; process steps share one size, as in the graph layout. */
function sizeBoxes(nodes: readonly GraphNode[]): Map<string, SizedBox> {
  const process = nodes.filter((n) => n.shape !== 'decision' && n.shape !== 'terminal');
  const { width: w, height: h } = uniformNeed(process, FIT);
  const out = new Map<string, SizedBox>();
  for (const n of nodes) {
    if (n.shape === 'process') out.set(n.id, componentBox(n, w, h, FIT));
    else if (!n.sublabel) out.set(n.id, n.shape === 'decision' ? decisionBox(n, FIT) : pill(n));
    else out.set(n.id, withEvidence(n));
  }
  return out;
}

function text(t: string, style: (typeof TYPE)['label'] | (typeof TYPE)['sublabel'], max: number, lines: number): LaidLabel {
  const m = wrapWords(t, style, max, lines);
  return { text: t, x: 0, y: 0, width: m.width, height: m.height, lines: m.lines, size: style.size, weight: style.weight, align: 'middle' };
}

/** A start/end pill without evidence: wider than the graph's (an error message, a command line), so it takes fewer lines. */
function pill(n: GraphNode): SizedBox {
  const label = text(n.label, TYPE.label, PILL_TEXT, FIT.label);
  const width = Math.max(96, Math.ceil(label.width + 2 * 24));
  const height = Math.max(40, Math.ceil(label.height + 2 * 10));
  return { width, height, label: { ...label, x: (width - label.width) / 2, y: (height - label.height) / 2 } };
}

/** A decision or terminal with an evidence line under its label, both inside the shape. */
function withEvidence(n: GraphNode): SizedBox {
  const label = text(n.label, TYPE.label, 150, FIT.label);
  const sub = text(n.sublabel!, TYPE.sublabel, 180, FIT.sublabel);
  const w = Math.max(label.width, sub.width);
  const h = label.height + 3 + sub.height;
  let width: number;
  let height: number;
  if (n.shape === 'decision') {
    // A w×h text block fits a W×H rhombus when w/W + h/H ≤ 1.
    width = Math.ceil(w * 1.6 + 40);
    height = Math.ceil(h / (1 - w / width) + 12);
  } else {
    width = Math.ceil(w + 48);
    height = Math.ceil(h + 20);
  }
  const top = (height - h) / 2;
  return {
    width,
    height,
    label: { ...label, x: (width - label.width) / 2, y: top },
    sublabel: { ...sub, x: (width - sub.width) / 2, y: top + label.height + 3 },
  };
}

function laidNode(n: GraphNode, p: Placed, dx: number): LaidNode {
  const x = p.x + dx;
  const y = p.y;
  const abs = (l: LaidLabel): LaidLabel => ({ ...l, x: x + l.x, y: y + l.y });
  const out: LaidNode = { id: n.id, parent: null, kind: n.shape, x, y, width: p.box.width, height: p.box.height, label: abs(p.box.label), emphasis: n.emphasis, steps: [...n.steps] };
  if (p.box.sublabel) out.sublabel = abs(p.box.sublabel);
  if (n.icon !== 'none') out.icon = n.icon;
  if (n.emphasis === 'faint') out.dashed = true;
  return out;
}

type Pt = { x: number; y: number };
const cx = (n: LaidNode) => n.x + n.width / 2;
const cy = (n: LaidNode) => n.y + n.height / 2;
const bottom = (n: LaidNode): Pt => ({ x: cx(n), y: n.y + n.height });
const topOf = (n: LaidNode): Pt => ({ x: cx(n), y: n.y });
const side = (n: LaidNode, dir: 1 | -1): Pt => ({ x: dir === 1 ? n.x + n.width : n.x, y: cy(n) });

/** Orthogonal route for one edge (coordinates before the margin shift). */
function route(e: GraphEdge, a: LaidNode, b: LaidNode, inChain: Set<string>, direction: Map<string, 1 | -1>, rowOf: Map<string, number>, fullWidth: number, rowTops: readonly number[]): Pt[] {
  const dirA = direction.get(a.id) ?? 1;
  const chainA = inChain.has(a.id);
  const chainB = inChain.has(b.id);
  if (chainA && chainB) {
    if (rowOf.get(a.id) === rowOf.get(b.id)) return [side(a, dirA), side(b, (-dirA) as 1 | -1)];
    // The snake turns in the gutter outside the rows: out of a's outer side, down, into b's outer side.
    const out = side(a, dirA);
    const into = side(b, dirA);
    const gx = dirA === 1 ? fullWidth - GUTTER / 2 : GUTTER / 2;
    return [out, { x: gx, y: out.y }, { x: gx, y: into.y }, into];
  }
  if (chainA && !chainB) {
    // Down from the diamond's bottom corner to the side node's top.
    const s = bottom(a);
    const t = topOf(b);
    if (Math.abs(s.x - t.x) < 1) return [s, t];
    const midY = (s.y + t.y) / 2;
    return [s, { x: s.x, y: midY }, { x: t.x, y: midY }, t];
  }
  if (!chainA && chainB) {
    const rowB = rowOf.get(b.id) ?? 0;
    if (rowB > (rowOf.get(a.id) ?? 0)) {
      // Into a later row: down out of the side node into the gap above that row, across, down into the
      // target's top (across the side row itself it would run through the other side nodes).
      const s = bottom(a);
      const t = topOf(b);
      const gapY = rowTops[rowB]! - GAP_ROW / 2;
      return [s, { x: s.x, y: gapY }, { x: t.x, y: gapY }, t];
    }
    // Back into the chain: out of the side node's far side, across, up into the target's bottom.
    const towards: 1 | -1 = cx(b) >= cx(a) ? 1 : -1;
    const s = side(a, towards);
    const t = b.y > a.y + a.height ? topOf(b) : bottom(b);
    return [s, { x: t.x, y: s.y }, t];
  }
  const s = side(a, cx(b) >= cx(a) ? 1 : -1);
  const t = topOf(b);
  return [s, { x: t.x, y: s.y }, t];
}
