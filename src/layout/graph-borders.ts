/**
 * Edges off group borders (issue 9: "crossing arrows … each is a bug"). ELK
 * routes an edge into a group through a port on the group's border, and the
 * passes after it (row-align.ts moving a row of workers sideways, the track
 * passes of graph-tracks.ts) can leave a stretch of route on that border or a
 * pixel or two beside it: canary-release's column picture ran kube-proxy's
 * edge into worker-2's web-stable Pod down worker-2's right border and along
 * its bottom, ha-control-plane's kubelet → API load balancer edge along the
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
        if (moved) break;
      }
      if (!moved) break;
    }
  }
}
