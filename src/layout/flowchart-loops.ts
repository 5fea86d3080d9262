/**
 * Flowchart loop routes (review D57–D59): an edge from a side node back up to
 * a chain point of an earlier row, and a wait loop back into the decision it
 * leaves.
 *
 * A loop to an earlier row leaves its box by the bottom, runs along the
 * channel under its side row out to a lane of its own left of the whole
 * picture (outside the gutter where the snake turns; several such loops in
 * lanes LANE_GAP apart, the longest outermost), up that lane, and enters its
 * target from the left: by the target's left side when no edge uses it, else
 * across the gap under (or over) the target's row into its bottom (or top).
 * Of those entries it takes the one that crosses the fewest edges, then the
 * shortest; it never runs along another edge nor ends where another edge
 * ends. Up a gap between boxes, as before, the loop crossed the chain's
 * edges (probes' "probe again next period", D59) or ran into an arrowhead
 * (statefulset's "next ordinal", D57).
 *
 * A wait loop enters its decision by the side corner the chain comes from;
 * when the chain's edge ends in that corner, the loop comes in a little
 * below it, on the diamond's lower edge, so the two never share their last
 * stretch (drain-pdb's red 429 retry over the blue edge from "POST
 * …/eviction", D58).
 */
import type { LaidEdge, LaidNode } from './types.ts';
import { crossingCount } from './crossings.ts';

type Pt = { x: number; y: number };
/** A box a route may not run through. */
export type Rect = Pick<LaidNode, 'id' | 'x' | 'y' | 'width' | 'height'>;

/** Lanes of loops round the left side: from the gutter's turn line and from each other. */
export const LANE_GAP = 14;
/** A wait loop that may not end in its decision's side corner comes in this far below it. */
export const WAIT_ENTRY_DROP = 16;

const EPS = 0.5;

/** Do two polylines run along each other (collinear legs overlapping for more than a point)? */
export function runAlong(p: readonly Pt[], q: readonly Pt[]): boolean {
  for (let i = 1; i < p.length; i++) {
    for (let j = 1; j < q.length; j++) {
      const [a, b, c, d] = [p[i - 1]!, p[i]!, q[j - 1]!, q[j]!];
      const horizontal = Math.abs(a.y - b.y) < EPS && Math.abs(c.y - d.y) < EPS && Math.abs(a.y - c.y) < EPS;
      const vertical = Math.abs(a.x - b.x) < EPS && Math.abs(c.x - d.x) < EPS && Math.abs(a.x - c.x) < EPS;
      if (horizontal && Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x)) - Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x)) > EPS) return true;
      if (vertical && Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y)) - Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y)) > EPS) return true;
    }
  }
  return false;
}

const same = (p: Pt, q: Pt) => Math.abs(p.x - q.x) < EPS && Math.abs(p.y - q.y) < EPS;
/** Does an edge start or end at that point? */
export const endsAt = (edges: readonly Pick<LaidEdge, 'points'>[], p: Pt): boolean => edges.some((e) => same(e.points[0]!, p) || same(e.points[e.points.length - 1]!, p));

/** Does a polyline run through a box other than its ends'? */
export function throughBoxes(points: readonly Pt[], nodes: readonly Rect[], from: string, to: string): boolean {
  return points.slice(1).some((b, i) => {
    const a = points[i]!;
    return nodes.some((n) => n.id !== from && n.id !== to && Math.min(a.x, b.x) <= n.x + n.width - 2 && n.x + 2 <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= n.y + n.height - 2 && n.y + 2 <= Math.max(a.y, b.y));
  });
}

/** A bare polyline as an edge, for crossings.ts. */
const line = (points: Pt[]): LaidEdge => ({ id: '', from: '', to: '', points, emphasis: 'normal', arrow: 'plain', steps: [] });

const length = (points: readonly Pt[]) => points.slice(1).reduce((l, b, i) => l + Math.abs(b.x - points[i]!.x) + Math.abs(b.y - points[i]!.y), 0);

/** A loop out of a side row: its channel under that row, and where it enters its target's bottom (from its own row). */
export interface NestedLoop {
  channelY: number;
  entryX: number;
  /** Its place among the loops of its row, shortest run first. */
  rank: number;
}

/**
 * Channels and entries of the loops out of each side row (several loops
 * would otherwise run along one channel into one point: job-cronjob's "start
 * the next pod" and its failed pod's back-off into "create a pod"). Per row,
 * the loop with the shortest run along the channel takes the top channel,
 * the next one LANE_GAP below, and so on; loops into one point of their own
 * row enter its bottom side by side, LANE_GAP apart, the longer run further
 * along, so each one's last leg passes beside the shorter runs, never across
 * them. A loop `aside` (round the side) runs to `asideX`, the picture's left or right edge.
 */
export function nestLoops(loops: readonly { id: string; row: number; from: LaidNode; to: LaidNode; aside: boolean }[], firstChannel: (row: number) => number, asideX: number): Map<string, NestedLoop> {
  const cx = (n: LaidNode) => n.x + n.width / 2;
  const run = (l: (typeof loops)[number]) => Math.abs(cx(l.from) - (l.aside ? asideX : cx(l.to)));
  const out = new Map<string, NestedLoop>();
  const rows = [...new Set(loops.map((l) => l.row))];
  for (const row of rows) {
    const inRow = loops.filter((l) => l.row === row).sort((p, q) => run(p) - run(q) || p.id.localeCompare(q.id));
    inRow.forEach((l, rank) => out.set(l.id, { channelY: firstChannel(row) + rank * LANE_GAP, entryX: cx(l.to), rank }));
  }
  for (const l of loops) {
    if (l.aside) continue;
    const same = loops.filter((m) => !m.aside && m.to.id === l.to.id && m.row === l.row).sort((p, q) => run(p) - run(q) || p.id.localeCompare(q.id));
    if (same.length < 2) continue;
    const along = cx(l.from) < cx(l.to) ? 1 : -1;
    const i = same.indexOf(l);
    out.set(l.id, { ...out.get(l.id)!, entryX: cx(l.to) + along * (i - (same.length - 1) / 2) * LANE_GAP });
  }
  return out;
}

/** How far a lane keeps from a label's pill. */
const LABEL_CLEAR = 6;

/**
 * A lane's x: `x`, or further out (left, or right for `outward` 1) until its run from `span[0]` to `span[1]`
 * keeps LABEL_CLEAR from every label (the "yes" of a turn down the gutter).
 */
export function laneX(x: number, span: readonly [number, number], labels: readonly Rect[], outward: 1 | -1 = -1): number {
  let lane = x;
  for (;;) {
    const hit = labels.find((l) => l.x - LABEL_CLEAR < lane && lane < l.x + l.width + LABEL_CLEAR && l.y < Math.max(...span) && Math.min(...span) < l.y + l.height);
    if (!hit) return lane;
    lane = outward === -1 ? hit.x - LABEL_CLEAR : hit.x + hit.width + LABEL_CLEAR;
  }
}

/** Where a loop round the side may run: its lane (left or right of the picture), the channel under its side row, the gaps above and under the target's row. */
export interface LeftLoopPlace {
  lane: number;
  channelY: number;
  /** The middle of the gap above the target's row (above the picture for the first row) and under it. */
  aboveY: number;
  belowY: number;
}

/**
 * A side node's loop back up to a chain point of an earlier row, round the
 * side its lane is on (see the module comment), and how many edges it
 * crosses. Undefined when every entry runs through a box or along another
 * edge.
 */
export function asideLoop(a: LaidNode, b: LaidNode, place: LeftLoopPlace, others: readonly LaidEdge[], boxes: readonly Rect[]): { points: Pt[]; crossings: number } | undefined {
  const s = { x: a.x + a.width / 2, y: a.y + a.height };
  const out = [s, { x: s.x, y: place.channelY }, { x: place.lane, y: place.channelY }];
  const cx = b.x + b.width / 2;
  const left = { x: place.lane < cx ? b.x : b.x + b.width, y: b.y + b.height / 2 };
  const bottom = { x: cx, y: b.y + b.height };
  const top = { x: cx, y: b.y };
  const entries: Pt[][] = [
    [{ x: place.lane, y: left.y }, left],
    [{ x: place.lane, y: place.belowY }, { x: cx, y: place.belowY }, bottom],
    [{ x: place.lane, y: place.aboveY }, { x: cx, y: place.aboveY }, top],
  ];
  let best: { points: Pt[]; crossings: number; length: number } | undefined;
  for (const entry of entries) {
    const points = [...out, ...entry];
    if (endsAt(others, entry[entry.length - 1]!) || others.some((o) => runAlong(points, o.points)) || throughBoxes(points, boxes, a.id, b.id)) continue;
    const crossings = others.reduce((n, o) => n + crossingCount(line(points), line(o.points)), 0);
    const l = length(points);
    if (!best || crossings < best.crossings || (crossings === best.crossings && l < best.length - EPS)) best = { points, crossings, length: l };
  }
  return best;
}

/**
 * Where a wait loop comes into its decision from the side `entry` (-1 left,
 * 1 right): the side corner, or, when another edge ends there, a point of the
 * diamond's lower edge WAIT_ENTRY_DROP below it (a box's side, for a box).
 */
export function waitEntry(b: LaidNode, entry: 1 | -1, others: readonly Pick<LaidEdge, 'points'>[]): Pt {
  const corner = { x: entry === 1 ? b.x + b.width : b.x, y: b.y + b.height / 2 };
  if (!endsAt(others, corner)) return corner;
  const y = corner.y + WAIT_ENTRY_DROP;
  if (b.kind !== 'decision') return { x: corner.x, y };
  const inset = (WAIT_ENTRY_DROP / (b.height / 2)) * (b.width / 2);
  return { x: corner.x - entry * inset, y };
}

/** Two labels of one decision's exits stand at least this far apart (they touched at 3.9 px: drain-pdb, D58). */
export const FORK_LABEL_GAP = 8;

/**
 * The labels of the exits that leave one point (a decision's bottom corner)
 * side by side on their fork: where two stand closer than FORK_LABEL_GAP,
 * the one further along its branch moves on along it, as long as it stays on
 * its branch's horizontal leg (else the nearer one moves back along its
 * own).
 */
export function spreadForkLabels(edges: readonly LaidEdge[]): void {
  const byStart = new Map<string, LaidEdge[]>();
  for (const e of edges) {
    if (!e.label || e.points.length < 3) continue;
    const key = `${e.points[0]!.x},${e.points[0]!.y}`;
    byStart.set(key, [...(byStart.get(key) ?? []), e]);
  }
  for (const fork of byStart.values()) {
    const onLeg = fork.filter((e) => Math.abs(e.label!.y + e.label!.height / 2 - e.points[1]!.y) < EPS && Math.abs(e.points[1]!.y - e.points[2]!.y) < EPS);
    const sorted = [...onLeg].sort((p, q) => p.label!.x - q.label!.x);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1]!, sorted[i]!];
      const gap = b.label!.x - (a.label!.x + a.label!.width);
      if (gap >= FORK_LABEL_GAP) continue;
      const need = FORK_LABEL_GAP - gap;
      const fits = (e: LaidEdge, dx: number) => {
        const centre = e.label!.x + e.label!.width / 2 + dx;
        return centre >= Math.min(e.points[1]!.x, e.points[2]!.x) && centre <= Math.max(e.points[1]!.x, e.points[2]!.x);
      };
      if (fits(b, need)) b.label = { ...b.label!, x: b.label!.x + need };
      else if (fits(a, -need)) a.label = { ...a.label!, x: a.label!.x - need };
    }
  }
}
