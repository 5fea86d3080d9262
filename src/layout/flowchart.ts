/**
 * Landscape flowchart layout (no ELK): the main chain runs left to right and
 * wraps into a snake (every other row runs right to left) when it is wider
 * than the row limit; a chain node's exits and alternatives sit in a row
 * just below it, reached from the diamond's bottom corner; the "yes" of a
 * decision leaves by its side corner. Rows turn round the outside, in a
 * gutter, so a turn never crosses an exit — or, when the next row starts
 * beyond the end of this one, straight down into its first box's top. A side
 * node that leads back to an earlier point of its row runs in a channel under
 * the side row, into that point's bottom; from a later row, along that
 * channel out to a lane of its own beside the whole picture, up and into the
 * point (flowchart-loops.ts, review D57–D59). A wait loop enters its decision by
 * the side corner (or just below it, when the chain's edge ends there); a turn
 * into that decision then takes its top, so two edges never meet head-on at
 * one point. Loops are routed last, round what the other edges leave free. The rows wrap at a docs column's
 * width when the picture then still fits a slide and no edge runs through a
 * box, else at a slide's.
 */
import type { FlowchartView, GraphEdge, GraphNode } from '../views/types.ts';
import { chainOf } from '../views/flowchart/flow.ts';
import type { LaidEdge, LaidLabel, LaidNode, LaidOut } from './types.ts';
import { componentBox, uniformNeed, edgeLabelBox, type SizedBox, type TextFit } from './boxes.ts';
import { textWidth, wrapWords, type TextStyle } from './measure.ts';
import { wordBreaks } from '../common/text.ts';
import { TYPE } from './style.ts';
import { placeTextLabels } from './badges.ts';
import { roundLaidOut, shiftEdge, shiftNode, titleNode } from './frame.ts';
import { SPACE } from './style.ts';
import { LANE_GAP, laneX, asideLoop, nestLoops, spreadForkLabels, throughBoxes, waitEntry, type NestedLoop, type Rect } from './flowchart-loops.ts';

/** Gutter outside the rows where the snake turns. */
const GUTTER = 28;
/** Side nodes under one chain node. */
const GAP_SIDE = 16;
/** A turn straight down into the next row: its run out of the row's end, and its distance from the target's corners. */
const TURN_CLEAR = 16;
/** A loop up a gap between boxes stays this far from either side (a diamond's corner, a "yes"). */
const LANE_CLEAR = 12;
/** Below a side row whose node leads back to an earlier chain point: the channel its edge runs along. */
const LOOP_CHANNEL = 24;

/**
 * How tightly the rows are packed: the gap between chain nodes (room for a
 * "yes" pill) and the widest text line of each kind of box. Narrower text
 * wraps onto more lines (between words), so more nodes fit a row and the
 * snake has fewer rows.
 */
interface Density {
  /** Widest a row may be. */
  limit: number;
  gapX: number;
  /** Chain row to exit row (room for a "no" pill), and between two rows of the snake. */
  gapExit: number;
  gapRow: number;
  /** Rows greedy, each as full as the limit allows (false), or cut where the whole is least tall (true). */
  balanced: boolean;
  /** Process steps (boxes.ts TextFit.textMax) and their narrowest box. */
  text: number;
  minWidth: number;
  /** A decision's label; with an evidence line: the label and the evidence. */
  decision: number;
  evidenceLabel: number;
  evidence: number;
  /** A start/end pill's label (an error message, a command line). */
  pill: number;
  /**
   * A diamond's width per width of its text: 1.6 (roomy), or flatter (wider,
   * less tall: a decision with evidence lines is the tallest box of its row).
   */
  diamond: number;
}

/** The roomy rows every flowchart had before: used whenever they fit. */
const ROOMY: Omit<Density, 'limit'> = { gapX: 56, gapExit: 40, gapRow: 32, balanced: false, text: 170, minWidth: 160, decision: 130, evidenceLabel: 150, evidence: 180, pill: 240, diamond: 1.6 };
/**
 * Tighter packings, tried in order at the column's width when the roomy rows
 * would be taller than a slide: first the same text widths with flatter
 * diamonds, smaller gaps and rows cut where the whole is least tall (a few
 * decisions with long evidence: drain-pdb); then narrower boxes, more nodes
 * per row (a long chain: the 16 points of `kubectl apply` from admission to
 * Ready). A narrower width never shortens a text the roomy one shows whole,
 * and never splits a word (sizeBoxes).
 */
const COMPACT: Omit<Density, 'limit'>[] = [
  { text: 170, minWidth: 160, decision: 130, evidenceLabel: 150, evidence: 180, pill: 240 },
  { text: 140, minWidth: 140, decision: 120, evidenceLabel: 130, evidence: 160, pill: 170 },
  { text: 120, minWidth: 130, decision: 110, evidenceLabel: 120, evidence: 140, pill: 140 },
].flatMap((w) => [1.6, 2].map((diamond) => ({ ...w, gapX: w.text === 170 ? 48 : 44, gapExit: 30, gapRow: 24, balanced: true, diamond })));

/**
 * Widest a row may be: the picture fits a 1280-px slide at 1:1, so its 12-px
 * text stays 12 px (build/fit.ts); a longer chain wraps into more rows.
 */
export const ROW_LIMIT = 1280 - 2 * SPACE.margin - 2 * GUTTER;

/**
 * Rows first wrap at a docs column (900 px, build/fit.ts PAGE), so the
 * picture is shown 1:1 on a docs page too — roomy, then more and more
 * compact (COMPACT); when every packing is taller than a slide (900 px,
 * SLIDE) or routes an edge through a box, the rows wrap roomy at ROW_LIMIT.
 */
export const COLUMN_ROW_LIMIT = 900 - 2 * SPACE.margin - 2 * GUTTER;
const SLIDE_HEIGHT = 900;
const COLUMN_WIDTH = 900;

export function layoutFlowchart(view: FlowchartView): LaidOut {
  for (const d of [ROOMY, ...COMPACT]) {
    const column = layoutRows(view, { ...d, limit: COLUMN_ROW_LIMIT });
    if (column.width <= COLUMN_WIDTH && column.height <= SLIDE_HEIGHT && !edgeThroughBox(column, view)) return column;
  }
  return layoutRows(view, { ...ROOMY, limit: ROW_LIMIT });
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

function layoutRows(view: FlowchartView, d: Density): LaidOut {
  const { limit, gapX, gapExit, gapRow } = d;
  // Compact rows narrow process steps, but never below their widest word (a word is never split).
  const words = Math.max(0, ...view.nodes.filter((n) => n.shape === 'process').flatMap((n) => [widestWord(n.label, TYPE.label), n.sublabel ? widestWord(n.sublabel, TYPE.sublabel) : 0]));
  const fit: TextFit = { ...FIT, textMax: Math.max(d.text, words), minWidth: d.minWidth };
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const chain = (view.chain && view.chain.length > 0 ? view.chain : chainOf(view)).filter((id) => byId.has(id));
  const inChain = new Set(chain);
  const boxes = sizeBoxes(view.nodes, d, fit);
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
  // Side nodes that lead back to an earlier chain point than the one they hang under (not a wait loop into it).
  const backEdges = new Set(view.edges.filter((e) => anchorOf.has(e.from) && inChain.has(e.to) && chain.indexOf(e.to) < chain.indexOf(anchorOf.get(e.from)!)).map((e) => e.id));
  // Several loops out of one side row run in channels of their own, LANE_GAP apart.
  const loopsOut = (r: string[]) => view.edges.filter((e) => backEdges.has(e.id) && r.includes(anchorOf.get(e.from)!));
  const channel = (r: string[]) => (loopsOut(r).length > 0 ? LOOP_CHANNEL + (loopsOut(r).length - 1) * LANE_GAP : 0);
  const sideWidth = (a: string) => {
    const s = sides.get(a) ?? [];
    return s.reduce((w, id) => w + boxes.get(id)!.width, 0) + Math.max(0, s.length - 1) * GAP_SIDE;
  };
  const colWidth = (id: string) => Math.max(boxes.get(id)!.width, sideWidth(id));

  const rowWidth = (r: string[]) => r.reduce((s, id) => s + colWidth(id), 0) + Math.max(0, r.length - 1) * gapX;
  // As tall as it will be drawn: process steps as tall as the tallest step of their row (below).
  const bandHeight = (ids: string[]) => {
    const process = ids.map((id) => byId.get(id)!).filter((n) => n.shape === 'process');
    const stepH = process.length > 0 ? uniformNeed(process, fit).height : 0;
    return Math.max(0, ...ids.map((id) => (byId.get(id)!.shape === 'process' ? stepH : boxes.get(id)!.height)));
  };
  const rowHeight = (r: string[]) => {
    const sideH = bandHeight(r.flatMap((id) => sides.get(id) ?? []));
    return bandHeight(r) + (sideH > 0 ? gapExit + sideH : 0) + channel(r);
  };
  const greedy = greedyRows(chain, limit, colWidth, gapX);
  // Greedy rows can leave the last node alone in its row, reached by a turn down the gutter past the exits of the
  // row above (ha-control-plane, review D15): cut the same number of rows with two nodes or more in each instead,
  // unless that makes the picture taller (job-cronjob would turn portrait).
  const widow = !d.balanced && greedy.length > 1 && greedy[greedy.length - 1]!.length === 1;
  const paired = widow ? balancedRows(chain, greedy.length, limit, rowWidth, rowHeight, 2) : [];
  const tall = (rs: string[][]) => rs.reduce((h, r) => h + rowHeight(r), 0);
  const rows = d.balanced ? balancedRows(chain, greedy.length, limit, rowWidth, rowHeight) : paired.length > 0 && tall(paired) <= tall(greedy) ? paired : greedy;
  // Process steps share one width everywhere (the rows above depend on widths only) and one height per
  // row of boxes (a chain row, the side row under it): a step whose evidence wraps onto more lines makes
  // its own row taller, not the whole picture.
  for (const ids of rows.flatMap((r) => [r, r.flatMap((id) => sides.get(id) ?? [])])) {
    const inRow = ids.map((id) => byId.get(id)!).filter((n) => n.shape === 'process');
    const { height } = uniformNeed(inRow, fit);
    for (const n of inRow) boxes.set(n.id, componentBox(n, boxes.get(n.id)!.width, height, fit));
  }
  const width = Math.max(0, ...rows.map(rowWidth));

  const placed = new Map<string, Placed>();
  const direction = new Map<string, 1 | -1>();
  let top = 0;
  const rowTops: number[] = [];
  const channelYs: number[] = [];
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
        placed.set(sid, { x: sx, y: top + chainH + gapExit, box: sb });
        direction.set(sid, dir);
        sx += sb.width + GAP_SIDE;
      }
      x = dir === 1 ? x + cw + gapX : x - cw - gapX;
    }
    const sideBottom = top + chainH + (sideH > 0 ? gapExit + sideH : 0);
    channelYs.push(sideBottom + LOOP_CHANNEL / 2);
    top = sideBottom + channel(r) + gapRow;
  });
  const height = Math.max(0, top - gapRow);

  const nodes: LaidNode[] = view.nodes.filter((n) => placed.has(n.id)).map((n) => laidNode(n, placed.get(n.id)!, GUTTER));
  const at = new Map(nodes.map((n) => [n.id, n]));
  const rowOf = new Map<string, number>();
  rows.forEach((r, i) => r.forEach((id) => rowOf.set(id, i)));
  for (const [sid, a] of anchorOf) rowOf.set(sid, rowOf.get(a) ?? 0);
  const upward = (e: GraphEdge) => backEdges.has(e.id) && (rowOf.get(e.to) ?? 0) < (rowOf.get(e.from) ?? 0);
  const edges: LaidEdge[] = [];
  // Only the chain comes into the box (a wait loop back into it enters by its side corner, not its top).
  const soleEntry = (id: string) => view.edges.filter((e) => e.to === id && anchorOf.get(e.from) !== id).length === 1;
  // A wait loop leads back into this chain point (Flow.exit `loop`).
  const looped = (id: string) => view.edges.some((e) => e.to === id && anchorOf.get(e.from) === id);
  // A loop from a later row goes up a gap between boxes: not through a "yes" between two chain points of a row (at its middle).
  const pills: Rect[] = view.edges.flatMap((e) => {
    const a = at.get(e.from);
    const b = at.get(e.to);
    if (!e.label || !a || !b || !inChain.has(e.from) || !inChain.has(e.to) || rowOf.get(e.from) !== rowOf.get(e.to)) return [];
    const pill = edgeLabelBox(e.label);
    const dir = direction.get(a.id) ?? 1;
    const mid = (side(a, dir).x + side(b, (-dir) as 1 | -1).x) / 2;
    return [{ id: `pill:${e.id}`, x: mid - pill.width / 2, y: cy(a) - pill.height / 2, width: pill.width, height: pill.height }];
  });
  const waitLoop = (e: GraphEdge) => view.edges.some((x) => x.from === e.to && x.to === e.from) && !inChain.has(e.from) && inChain.has(e.to);
  // Loops are routed last, round what the other edges leave free (flowchart-loops.ts): a wait loop back into its
  // decision; a side node's loop up to an earlier row round the left side, in its own lane — round the right side,
  // or with the lanes routed from the outermost in, when that crosses fewer edges (a turn down the left gutter under
  // its side row: probes at summary).
  const routeEdges = (side: -1 | 1, outermostFirst: boolean): { laid: Map<string, LaidEdge>; crossings: number } => {
    // Each loop's channel and, for loops into one point from its own row, its entry: the shortest run on top, the
    // longest below it and furthest along (loops round the left side run to the picture's left edge), so none crosses
    // another (flowchart-loops.ts nestLoops).
    const nested = nestLoops(
      view.edges.filter((e) => backEdges.has(e.id) && at.has(e.from) && at.has(e.to)).map((e) => ({ id: e.id, row: rowOf.get(e.from) ?? 0, from: at.get(e.from)!, to: at.get(e.to)!, aside: upward(e) })),
      (row) => channelYs[row]!,
      side === -1 ? 0 : width + 2 * GUTTER,
    );
    const lanes = view.edges.filter(upward).sort((p, q) => (rowOf.get(p.from)! - rowOf.get(p.to)!) - (rowOf.get(q.from)! - rowOf.get(q.to)!) || nested.get(p.id)!.rank - nested.get(q.id)!.rank);
    const routed = new Map<string, Pt[]>();
    const labels = new Map<string, LaidLabel>();
    const laidEdge = (e: GraphEdge, points: Pt[]): LaidEdge => ({ id: e.id, from: e.from, to: e.to, points, emphasis: e.emphasis, ...(e.dashed ? { dashed: true } : {}), arrow: 'plain', steps: [...e.steps] });
    const others = () => view.edges.filter((x) => routed.has(x.id)).map((x) => laidEdge(x, routed.get(x.id)!));
    for (const e of view.edges) {
      const a = at.get(e.from);
      const b = at.get(e.to);
      if (!a || !b || waitLoop(e) || upward(e)) continue;
      const back = backEdges.has(e.id) ? loopBack(a, b, nested.get(e.id)!, { rowOf, rowTops, gapRow, left: GUTTER, right: GUTTER + width }, [...nodes, ...pills], sides) : undefined;
      routed.set(e.id, back ?? route(e, a, b, inChain, direction, rowOf, width + 2 * GUTTER, rowTops, gapRow, nodes, soleEntry, looped));
    }
    for (const e of view.edges.filter(waitLoop)) {
      const [a, b] = [at.get(e.from), at.get(e.to)];
      if (a && b) routed.set(e.id, intoWaitLoop(a, b, (-(direction.get(b.id) ?? 1)) as 1 | -1, others(), nodes) ?? route(e, a, b, inChain, direction, rowOf, width + 2 * GUTTER, rowTops, gapRow, nodes, soleEntry, looped));
    }
    // Labels first (no loop has one): the lanes then keep clear of them too (a "yes" on the gutter's turn).
    const laid = new Map<string, LaidEdge>();
    for (const e of view.edges) {
      const points = routed.get(e.id);
      if (!points) continue;
      laid.set(e.id, laidEdge(e, points));
      if (e.label) labels.set(e.id, edgeLabelBox(e.label));
    }
    placeTextLabels(nodes, [...laid.values()], labels);
    spreadForkLabels([...laid.values()]);
    const pillsPlaced: Rect[] = [...laid.values()].flatMap((e) => (e.label ? [{ id: `label:${e.id}`, x: e.label.x, y: e.label.y, width: e.label.width, height: e.label.height }] : []));
    // Lanes stacked outwards, the shortest run innermost; routed from the innermost out, or from the outermost in
    // (a loop outside another into the same point then takes the entry further out: probes at summary).
    let lane = side === -1 ? GUTTER / 2 : width + 2 * GUTTER - GUTTER / 2;
    const laneOf = new Map<string, number>();
    for (const e of lanes) {
      const targetRow = rowOf.get(e.to) ?? 0;
      lane = laneX(lane + side * LANE_GAP, [rowTops[targetRow]! - gapRow, nested.get(e.id)!.channelY], pillsPlaced, side);
      laneOf.set(e.id, lane);
    }
    let crossings = 0;
    for (const e of outermostFirst ? [...lanes].reverse() : lanes) {
      const [a, b] = [at.get(e.from), at.get(e.to)];
      if (!a || !b) continue;
      const targetRow = rowOf.get(b.id) ?? 0;
      const boxes = [...nodes, ...pills, ...pillsPlaced];
      const place = { lane: laneOf.get(e.id)!, channelY: nested.get(e.id)!.channelY, aboveY: targetRow === 0 ? -LANE_GAP : rowTops[targetRow]! - gapRow / 2, belowY: rowTops[targetRow + 1]! - gapRow / 2 };
      const best = asideLoop(a, b, place, [...laid.values()], boxes);
      crossings += best?.crossings ?? 1;
      const points = best?.points ?? loopBack(a, b, nested.get(e.id)!, { rowOf, rowTops, gapRow, left: GUTTER, right: GUTTER + width }, boxes, sides) ?? route(e, a, b, inChain, direction, rowOf, width + 2 * GUTTER, rowTops, gapRow, nodes, soleEntry, looped);
      laid.set(e.id, laidEdge(e, points));
    }
    return { laid, crossings };
  };
  let chosen = routeEdges(-1, false);
  for (const [side, outermostFirst] of [[-1, true], [1, false], [1, true]] as const) {
    if (chosen.crossings === 0) break;
    const other = routeEdges(side, outermostFirst);
    if (other.crossings < chosen.crossings) chosen = other;
  }
  const { laid } = chosen;
  for (const e of view.edges) {
    const l = laid.get(e.id);
    if (l) edges.push(l);
  }

  // Room for the lanes left of the gutter (the first in the margin, LANE_GAP outside the gutter's turn line), and for
  // a loop over the first row.
  const extraLeft = Math.max(0, -Math.min(0, ...edges.flatMap((e) => e.points.map((p) => p.x))));
  const extraRight = Math.max(0, Math.max(0, ...edges.flatMap((e) => e.points.map((p) => p.x))) - (width + 2 * GUTTER));
  const extraTop = Math.max(0, -Math.min(0, ...edges.flatMap((e) => e.points.map((p) => p.y))));
  const title = titleNode(view.title, extraLeft + width + 2 * GUTTER + extraRight, view.steps.length > 0);
  const dx = SPACE.margin + extraLeft;
  const dy = title.bottom + extraTop;
  return roundLaidOut({
    view: 'flowchart',
    title: view.title,
    width: Math.max(extraLeft + width + 2 * GUTTER + extraRight, title.node.width) + 2 * SPACE.margin,
    height: dy + height + SPACE.margin,
    nodes: [title.node, ...nodes.map((n) => shiftNode(n, dx, dy))],
    edges: edges.map((e) => shiftEdge(e, dx, dy)),
    steps: view.steps,
  });
}

/** Rows greedy, each as wide as the limit allows. */
function greedyRows(chain: readonly string[], limit: number, colWidth: (id: string) => number, gapX: number): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let w = 0;
  for (const id of chain) {
    const cw = colWidth(id);
    if (row.length > 0 && w + gapX + cw > limit) {
      rows.push(row);
      row = [];
      w = 0;
    }
    w += (row.length > 0 ? gapX : 0) + cw;
    row.push(id);
  }
  if (row.length > 0) rows.push(row);
  return rows;
}

/**
 * The chain in `count` rows (as few as greedy needs), cut where the whole
 * snake is least tall (each row within the limit; a node wider than the
 * limit alone in its row): a row is as tall as its tallest box plus its side
 * row, so the decisions with exits gather in fewer rows and the last row is
 * not one node alone. Ties: the earlier cut. Dynamic programming over the
 * cut points. `minPerRow`: no row with fewer nodes (none when that cannot be).
 */
function balancedRows(chain: readonly string[], count: number, limit: number, rowWidth: (r: string[]) => number, rowHeight: (r: string[]) => number, minPerRow = 1): string[][] {
  const n = chain.length;
  // best[k][i]: the least height of the chain's first i nodes in k rows (gaps left out: every layout with `count` rows has the same).
  const best: ({ height: number; rows: string[][] } | undefined)[][] = [[{ height: 0, rows: [] }]];
  for (let k = 1; k <= count; k++) {
    best.push([]);
    for (let i = 1; i <= n; i++) {
      let pick: { height: number; rows: string[][] } | undefined;
      for (let j = i - 1; j >= 0; j--) {
        const row = chain.slice(j, i);
        if (row.length > 1 && rowWidth(row) > limit) break;
        if (row.length < minPerRow) continue;
        const before = best[k - 1]![j];
        if (!before) continue;
        const height = before.height + rowHeight(row);
        if (!pick || height < pick.height - 1e-9) pick = { height, rows: [...before.rows, row] };
      }
      best[k]![i] = pick;
    }
  }
  return best[count]![n]?.rows ?? [];
}

/**
 * Lines a flowchart label may take. The label is what the picture is about
 * (`kubectl autoscale … --cpu-percent=50`, `→ exit code 137`): it wraps
 * between words onto more lines and the box grows, rather than being cut.
 */
const FIT: TextFit = { label: 4, sublabel: 4, words: true };

/** Decisions and terminals size themselves; process steps share one size, as in the graph layout. */
function sizeBoxes(nodes: readonly GraphNode[], d: Density, fit: TextFit): Map<string, SizedBox> {
  const process = nodes.filter((n) => n.shape !== 'decision' && n.shape !== 'terminal');
  const { width: w, height: h } = uniformNeed(process, fit);
  const out = new Map<string, SizedBox>();
  for (const n of nodes) {
    // A compact width never splits a word: a line is at least as wide as the node's widest word.
    const label = Math.max(widestWord(n.label, TYPE.label), 0);
    const sub = n.sublabel ? widestWord(n.sublabel, TYPE.sublabel) : 0;
    if (n.shape === 'process') out.set(n.id, componentBox(n, w, h, fit));
    else if (!n.sublabel) out.set(n.id, n.shape === 'decision' ? decisionBox(n, Math.max(d.decision, label), d.diamond) : pill(n, Math.max(d.pill, label)));
    else out.set(n.id, withEvidence(n, { ...d, evidenceLabel: Math.max(d.evidenceLabel, label), evidence: Math.max(d.evidence, sub) }));
  }
  return out;
}

/** Width of the widest piece of a text that wrapping may not break (measure.ts wordLines breaks only at common/text.ts wordBreaks). */
export function widestWord(t: string, style: TextStyle): number {
  const clean = t.replace(/\s+/g, ' ').trim();
  const cuts = [0, ...wordBreaks(clean), clean.length];
  let widest = 0;
  for (let i = 1; i < cuts.length; i++) widest = Math.max(widest, textWidth(clean.slice(cuts[i - 1], cuts[i]).trim(), style));
  return Math.ceil(widest);
}

/** A flowchart diamond (boxes.ts decisionBox, with the density's text width): the text rectangle fits inside the rhombus. */
function decisionBox(n: GraphNode, max: number, diamond: number): SizedBox {
  const label = text(n.label, TYPE.label, max, FIT.label);
  const width = Math.max(120, Math.ceil(label.width * diamond + 40));
  // Roomy: as before. Flatter: a w×h text block fits a W×H rhombus when w/W + h/H ≤ 1 (as withEvidence).
  const height = diamond === ROOMY.diamond ? Math.max(72, Math.ceil(label.height * 1.8 + 28)) : Math.max(60, Math.ceil(label.height / (1 - label.width / width) + 12));
  return { width, height, label: { ...label, x: (width - label.width) / 2, y: (height - label.height) / 2 } };
}

function text(t: string, style: (typeof TYPE)['label'] | (typeof TYPE)['sublabel'], max: number, lines: number): LaidLabel {
  const m = wrapWords(t, style, max, lines);
  return { text: t, x: 0, y: 0, width: m.width, height: m.height, lines: m.lines, size: style.size, weight: style.weight, align: 'middle' };
}

/** A start/end pill without evidence: wider than the graph's (an error message, a command line), so it takes fewer lines. */
function pill(n: GraphNode, max: number): SizedBox {
  const label = text(n.label, TYPE.label, max, FIT.label);
  const width = Math.max(96, Math.ceil(label.width + 2 * 24));
  const height = Math.max(40, Math.ceil(label.height + 2 * 10));
  return { width, height, label: { ...label, x: (width - label.width) / 2, y: (height - label.height) / 2 } };
}

/** A decision or terminal with an evidence line under its label, both inside the shape. */
function withEvidence(n: GraphNode, d: Density): SizedBox {
  const label = text(n.label, TYPE.label, d.evidenceLabel, FIT.label);
  const sub = text(n.sublabel!, TYPE.sublabel, d.evidence, FIT.sublabel);
  const w = Math.max(label.width, sub.width);
  const h = label.height + 3 + sub.height;
  let width: number;
  let height: number;
  if (n.shape === 'decision') {
    // A w×h text block fits a W×H rhombus when w/W + h/H ≤ 1.
    width = Math.ceil(w * d.diamond + 40);
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

/**
 * A side node back into an earlier chain point (one more pod: back to "create a pod"): down out
 * of the side node into the channel under its side row, then up into the target's bottom, which
 * no exit of the target uses. In the same row, straight across the channel; in an earlier row
 * (a failed Job's pod after its back-off), along the channel to the nearest gap between boxes,
 * up that gap to the gap under the target's row, across it and up. Undefined when that does not
 * fit (a later row, the target's own side nodes in the way): the edge is then routed as any other.
 */
function loopBack(a: LaidNode, b: LaidNode, run: NestedLoop, rows: { rowOf: Map<string, number>; rowTops: readonly number[]; gapRow: number; left: number; right: number }, nodes: readonly Rect[], sides: Map<string, string[]>): Pt[] | undefined {
  const row = rows.rowOf.get(a.id) ?? 0;
  const targetRow = rows.rowOf.get(b.id) ?? 0;
  if (targetRow > row || (sides.get(b.id) ?? []).length > 0) return undefined;
  const s = bottom(a);
  const t = { x: run.entryX, y: b.y + b.height };
  const y = run.channelY;
  if (targetRow === row) {
    const points = [s, { x: s.x, y }, { x: t.x, y }, t];
    return throughBoxes(points, nodes, a.id, b.id) ? undefined : points;
  }
  // Across the gap above the next row, nearer that row than its middle, where a turn into a decision runs (route).
  const gy = rows.rowTops[targetRow + 1]! - rows.gapRow / 3;
  let best: Pt[] | undefined;
  let length = Infinity;
  for (const x of gapMiddles(nodes.filter((n) => n.y < y && n.y + n.height > gy), rows.left, rows.right)) {
    const points = [s, { x: s.x, y }, { x, y }, { x, y: gy }, { x: t.x, y: gy }, t];
    const l = Math.abs(x - s.x) + Math.abs(x - t.x);
    if (l < length && !throughBoxes(points, nodes, a.id, b.id)) {
      best = points;
      length = l;
    }
  }
  return best;
}

/** The middles of the free stretches between `left` and `right` that no box covers, wide enough to keep a line clear of both sides. */
function gapMiddles(boxes: readonly Rect[], left: number, right: number): number[] {
  const spans = boxes.map((n) => [n.x, n.x + n.width] as const).sort((p, q) => p[0] - q[0]);
  const out: number[] = [];
  const free = (x0: number, x1: number) => {
    if (x1 - x0 >= 2 * LANE_CLEAR) out.push((x0 + x1) / 2);
  };
  let from = left;
  for (const [x0, x1] of spans) {
    free(from, x0);
    from = Math.max(from, x1);
  }
  free(from, right);
  return out;
}

/**
 * Back into the decision it left (a wait loop): out of the side node towards the side the chain comes in
 * from, up just outside both boxes, into that corner — or just below it, when the chain's edge ends in the
 * corner (flowchart-loops.ts waitEntry, review D58); the bottom corner is the exit's own. Undefined when
 * that runs through a box.
 */
function intoWaitLoop(a: LaidNode, b: LaidNode, entry: 1 | -1, others: readonly LaidEdge[], nodes: readonly LaidNode[]): Pt[] | undefined {
  const s = side(a, entry);
  const corner = side(b, entry);
  const into = waitEntry(b, entry, others);
  const gx = entry === 1 ? Math.max(s.x, corner.x) + GUTTER / 2 : Math.min(s.x, corner.x) - GUTTER / 2;
  const around = [s, { x: gx, y: s.y }, { x: gx, y: into.y }, into];
  return throughBoxes(around, nodes, a.id, b.id) ? undefined : around;
}

/** Orthogonal route for one edge (coordinates before the margin shift). */
function route(e: GraphEdge, a: LaidNode, b: LaidNode, inChain: Set<string>, direction: Map<string, 1 | -1>, rowOf: Map<string, number>, fullWidth: number, rowTops: readonly number[], gapRow: number, nodes: readonly LaidNode[], soleEntry: (id: string) => boolean, looped: (id: string) => boolean): Pt[] {
  const dirA = direction.get(a.id) ?? 1;
  const chainA = inChain.has(a.id);
  const chainB = inChain.has(b.id);
  if (chainA && chainB) {
    if (rowOf.get(a.id) === rowOf.get(b.id)) return [side(a, dirA), side(b, (-dirA) as 1 | -1)];
    const out = side(a, dirA);
    // The next row starts beyond the end of this one (a shorter row above a full one): out of a's outer
    // side, across, down into b's top — not out to the far gutter and along the picture's border.
    // A box may be entered off its centre, a diamond only by its top corner.
    const tx = b.kind === 'decision' ? cx(b) : dirA === 1 ? Math.max(cx(b), out.x + TURN_CLEAR) : Math.min(cx(b), out.x - TURN_CLEAR);
    const onTop = tx >= b.x + TURN_CLEAR && tx <= b.x + b.width - TURN_CLEAR;
    if (rowOf.get(b.id) === (rowOf.get(a.id) ?? 0) + 1 && soleEntry(b.id) && onTop && (tx - out.x) * dirA >= TURN_CLEAR) {
      const down = [out, { x: tx, y: out.y }, { x: tx, y: b.y }];
      if (!throughBoxes(down, nodes, a.id, b.id)) return down;
    }
    // The snake turns in the gutter outside the rows: out of a's outer side, down, into b's outer side.
    const into = side(b, dirA);
    const gx = dirA === 1 ? fullWidth - GUTTER / 2 : GUTTER / 2;
    if (looped(b.id)) {
      // A wait loop comes back into that side corner from below: the turn goes into the top corner instead,
      // across the gap above b's row, so the two never meet at one point (review D16).
      const gapY = rowTops[rowOf.get(b.id) ?? 0]! - gapRow / 2;
      return [out, { x: gx, y: out.y }, { x: gx, y: gapY }, { x: cx(b), y: gapY }, topOf(b)];
    }
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
      const gapY = rowTops[rowB]! - gapRow / 2;
      return [s, { x: s.x, y: gapY }, { x: t.x, y: gapY }, t];
    }
    // Back into the chain: out of the side node's far side, across, up into the target's bottom.
    const towards: 1 | -1 = cx(b) >= cx(a) ? 1 : -1;
    const s = side(a, towards);
    const t = b.y > a.y + a.height ? topOf(b) : bottom(b);
    const direct = [s, { x: t.x, y: s.y }, t];
    if (!throughBoxes(direct, nodes, a.id, b.id)) return direct;
    // The target's own side nodes are in the way: turn up just short of the target's near side and join
    // the chain edge there, into the same corner (wait (OrderedReady) → claim exists?).
    const into = side(b, (-towards) as 1 | -1);
    const gx = into.x - towards * 14;
    return [s, { x: gx, y: s.y }, { x: gx, y: into.y }, into];
  }
  const s = side(a, cx(b) >= cx(a) ? 1 : -1);
  const t = topOf(b);
  return [s, { x: t.x, y: s.y }, t];
}
