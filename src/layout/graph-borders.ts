/**
 * Edges off group borders (issue 9: "crossing arrows … each is a bug"). ELK
 * routes an edge into a group through a port on the group's border, and the
 * passes after it (row-align.ts moving a row of workers sideways, the track
 * passes of graph-tracks.ts) can leave a stretch of route on that border or a
 * pixel or two beside it: canary-release's column picture ran kube-proxy's
 * edge into worker-2's web-stable Pod down worker-2's right border and along
 * its bottom (until row-align.ts staggeredRows), ha-control-plane's kubelet → API load balancer edge along the
 * control plane's bottom. Such a stretch (checks.ts borderRuns) moves to a
 * track clear of the border, BORDER_CLEAR px or more away on either side,
 * nearest first, where graph-tracks.ts moveSegmentTo finds it clear of boxes,
 * headers and other edges' lines, and where the route runs along no border
 * more than before.
 */
import type { LaidEdge, LaidNode } from './types.ts';
import { BORDER_NEAR, borderRuns } from './checks.ts';
import { moveSegmentTo, routeKey } from './graph-tracks.ts';

/** The least distance from a border the moved stretch keeps: twice BORDER_NEAR, a track (graph-tracks.ts STEP). */
const BORDER_CLEAR = 2 * BORDER_NEAR;
/** Tracks tried on each side of the border: BORDER_CLEAR, then every STEP px further, up to TRIES of them. */
const STEP = 4;
const TRIES = 6;
/**
 * The nearest a stretch may come to a border when no track BORDER_CLEAR away is free: between two borders 12 px
 * apart (a group's padding), 6 px from each — 4.75 px of white either side at 1:1, so the three lines stay three.
 */
const BORDER_SQUEEZE = BORDER_NEAR + 2;

/** Total length of a route's stretches along borders: what a move must lower. */
function alongLength(points: readonly Point[], groups: readonly LaidNode[]): number {
  return borderRuns(points, groups).reduce((sum, r) => sum + r.run, 0);
}

type Point = { x: number; y: number };

/** The arrowhead's length (render/svg/edges.ts markerDefs: 10 px to its tip) and 2 px behind it. */
const HEAD = 12;

/** How many times a route runs through another edge's arrowhead (the last HEAD px of its route; a line just touching it at its tail not counted). */
function headHits(e: LaidEdge, points: readonly Point[], edges: readonly LaidEdge[]): number {
  let hits = 0;
  for (const o of edges) {
    if (o === e || o.points.length < 2) continue;
    const [p, q] = [o.points[o.points.length - 2]!, o.points[o.points.length - 1]!];
    const len = Math.abs(p.x - q.x) + Math.abs(p.y - q.y);
    if (len === 0) continue;
    const t = Math.min(1, HEAD / len);
    const head = { x1: Math.min(q.x, q.x + (p.x - q.x) * t), x2: Math.max(q.x, q.x + (p.x - q.x) * t), y1: Math.min(q.y, q.y + (p.y - q.y) * t), y2: Math.max(q.y, q.y + (p.y - q.y) * t) };
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      // The same end (two edges into one box side by side) is not a crossing.
      if (i === points.length - 1 && Math.abs(b.x - q.x) < 0.5 && Math.abs(b.y - q.y) < 0.5) continue;
      if (Math.min(a.x, b.x) < head.x2 && Math.max(a.x, b.x) > head.x1 && Math.min(a.y, b.y) < head.y2 && Math.max(a.y, b.y) > head.y1) hits++;
    }
  }
  return hits;
}

/** Proper crossings of a route with the other edges' routes (an orthogonal segment across another; shared ends not counted). */
function crossings(e: LaidEdge, points: readonly Point[], edges: readonly LaidEdge[]): number {
  let n = 0;
  const inside = (v: number, a: number, b: number): boolean => v > Math.min(a, b) + 0.5 && v < Math.max(a, b) - 0.5;
  for (const o of edges) {
    if (o === e || o.points.length < 2) continue;
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      for (let j = 1; j < o.points.length; j++) {
        const [c, d] = [o.points[j - 1]!, o.points[j]!];
        if (a.y === b.y && c.x === d.x && inside(c.x, a.x, b.x) && inside(a.y, c.y, d.y)) n++;
        else if (a.x === b.x && c.y === d.y && inside(a.x, c.x, d.x) && inside(c.y, a.y, b.y)) n++;
      }
    }
  }
  return n;
}

/** Tracks tried for the route's end segment next to a stuck stretch: END_STEP, 2 × END_STEP, … px on either side. */
const END_STEP = 12;
const END_TRIES = 3;

/**
 * A stretch that finds no track (both neighbours of it taken, or the only
 * free ones reached through another edge's line, as network-policy's
 * sandbox → sandbox-deny-egress: its end segment shared the x of the cni →
 * api-allow-frontend edge's last climb, so any track below the objects box
 * ran along that climb) may move once its end segment (into or out of the
 * box at the route's end) slides along the box's side: each position
 * END_STEP apart, nearest first, then the stretch's targets; kept when
 * `better` holds and the route crosses other edges no more often.
 */
function viaEndSegment(e: LaidEdge, i: number, targets: readonly number[], nodes: readonly LaidNode[], edges: LaidEdge[], better: (i: number) => boolean): boolean {
  const last = e.points.length - 2;
  const ends = [i + 1 === last ? last : -1, i - 1 === 0 ? 0 : -1].filter((j) => j >= 0);
  const before = crossings(e, e.points, edges);
  for (const j of ends) {
    const [a, b] = [e.points[j]!, e.points[j + 1]!];
    const now = Math.abs(a.x - b.x) < 0.5 ? a.x : a.y;
    for (let k = 1; k <= END_TRIES; k++) {
      for (const to of [now + k * END_STEP, now - k * END_STEP]) {
        const old = e.points;
        if (!moveSegmentTo(e, j, [to], nodes, edges)) continue;
        const slid = e.points;
        for (const t of targets) {
          if (moveSegmentTo(e, i, [t], nodes, edges) && better(i) && crossings(e, e.points, edges) <= before) return true;
          e.points = slid;
        }
        e.points = old;
      }
    }
  }
  return false;
}

/**
 * Moves every stretch of route that runs along a group's border off it (in
 * place): to the nearest track where moveSegmentTo finds it clear, first with
 * its corners in the groups they were in, then (regrouped) inside or outside
 * the group when the route crosses group borders no more often; the moved
 * stretch runs along no border, the route along borders for less in all, and
 * through no more arrowheads. Edges drawn on one route (A → B and B → A)
 * move as one. Deterministic: edges and stretches in order.
 */
export function offBorders(nodes: readonly LaidNode[], edges: LaidEdge[]): void {
  const groups = nodes.filter((n) => n.kind === 'group');
  if (groups.length === 0) return;
  const seen = new Map<string, LaidEdge>();
  for (const e of edges) {
    const key = routeKey(e);
    const first = seen.get(key);
    if (first !== undefined) {
      // Its twin moved already: the same route.
      e.points = (first.from === e.from ? first.points : [...first.points].reverse()).map((p) => ({ ...p }));
      continue;
    }
    seen.set(key, e);
    for (let guard = 0; guard < 4; guard++) {
      const runs = borderRuns(e.points, groups);
      if (runs.length === 0) break;
      const [before, heads] = [alongLength(e.points, groups), headHits(e, e.points, edges)];
      const better = (i: number): boolean => !borderRuns(e.points, groups).some((r) => r.i === i) && alongLength(e.points, groups) < before && headHits(e, e.points, edges) <= heads;
      let moved = false;
      for (const r of runs) {
        const a = e.points[r.i]!;
        const now = r.side === 'left' || r.side === 'right' ? a.x : a.y;
        const nearest = (offsets: number[]) => offsets.flatMap((o) => [r.at + o, r.at - o]).sort((p, q) => Math.abs(p - now) - Math.abs(q - now) || p - q);
        // Last, the middle of a gap of 12 px (a group's padding: a worker's side and the cluster's), BORDER_SQUEEZE from each.
        const targets = [...nearest(Array.from({ length: TRIES }, (_, k) => BORDER_CLEAR + k * STEP)), ...nearest([BORDER_SQUEEZE])];
        for (const regroup of [false, true]) {
          for (const to of targets) {
            const old = e.points;
            if (!moveSegmentTo(e, r.i, [to], nodes, edges, regroup)) continue;
            if (better(r.i)) {
              moved = true;
              break;
            }
            e.points = old;
          }
          if (moved) break;
        }
        if (!moved) moved = viaEndSegment(e, r.i, targets, nodes, edges, better);
        if (moved) break;
      }
      if (!moved) break;
    }
  }
}
