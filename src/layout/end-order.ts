/**
 * Ends on one side of a box in the order of the routes that reach them. When
 * graph-order.ts puts a row back into name order, an edge's far end moves with
 * its box but its end on the box it runs into (the API server) stays where ELK
 * put it, so two edges into one side can come out in the wrong order: they
 * touch or cross, and graph-tracks.ts then moves one beside the other
 * (architecture-overview at standard: deployment-controller's edge, its box
 * moved left of endpointslice-controller's, landed on the same line 8 px
 * beside it, with a 9-px jog into the API server). Two such edges swap their
 * ends on that side when that leaves their routes touching nowhere, where
 * they touched before, and runs neither through a box.
 */
import type { LaidEdge, LaidNode } from './types.ts';

type Point = { x: number; y: number };
const EPS = 0.5;

/** The route with its end on `box` last (reversed when that end is the first point), and whether it was reversed. */
function endingAt(e: LaidEdge, box: string): { points: Point[]; reversed: boolean } {
  return e.to === box ? { points: e.points.map((p) => ({ ...p })), reversed: false } : { points: [...e.points].reverse().map((p) => ({ ...p })), reversed: true };
}

/** Do two orthogonal segments meet (cross, touch, or run along each other)? */
function meet(a: Point, b: Point, c: Point, d: Point): boolean {
  const [ax1, ax2, ay1, ay2] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
  const [cx1, cx2, cy1, cy2] = [Math.min(c.x, d.x), Math.max(c.x, d.x), Math.min(c.y, d.y), Math.max(c.y, d.y)];
  return ax1 <= cx2 + EPS && cx1 <= ax2 + EPS && ay1 <= cy2 + EPS && cy1 <= ay2 + EPS;
}

/** How many segment pairs of two routes meet, not counting the pair of points where both start (a shared end box). */
function meetings(p: readonly Point[], q: readonly Point[]): number {
  let n = 0;
  for (let i = 1; i < p.length; i++) for (let j = 1; j < q.length; j++) if (meet(p[i - 1]!, p[i]!, q[j - 1]!, q[j]!)) n++;
  return n;
}

/** Does a route run through a box that is not one of its ends? */
function throughBox(points: readonly Point[], e: LaidEdge, solid: readonly LaidNode[]): boolean {
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const [x1, x2, y1, y2] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
    for (const n of solid) {
      if (n.id === e.from || n.id === e.to) continue;
      if (x1 < n.x + n.width - EPS && x2 > n.x + EPS && y1 < n.y + n.height - EPS && y2 > n.y + EPS) return true;
    }
  }
  return false;
}

/** Consecutive duplicate points and the middle of three points on one line dropped. */
function tidy(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last !== undefined && Math.abs(last.x - p.x) < EPS && Math.abs(last.y - p.y) < EPS) continue;
    const before = out[out.length - 2];
    if (last !== undefined && before !== undefined && ((Math.abs(before.x - last.x) < EPS && Math.abs(last.x - p.x) < EPS) || (Math.abs(before.y - last.y) < EPS && Math.abs(last.y - p.y) < EPS))) out.pop();
    out.push(p);
  }
  return out;
}

/** The route ending at (x, its last y): its last leg (vertical) and the corner before it moved to x. */
function endAt(points: readonly Point[], x: number): Point[] | undefined {
  const n = points.length;
  if (n < 3) return undefined;
  const [c, d] = [points[n - 2]!, points[n - 1]!];
  const b = points[n - 3]!;
  if (Math.abs(c.x - d.x) >= EPS || Math.abs(b.y - c.y) >= EPS) return undefined;
  return tidy([...points.slice(0, n - 2), { x, y: c.y }, { x, y: d.y }]);
}

/** Swaps the ends of pairs of `edges` on the top or bottom of one box where their routes meet and would not (see above). */
export function orderEnds(nodes: readonly LaidNode[], edges: readonly LaidEdge[], among: readonly LaidEdge[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const solid = nodes.filter((n) => n.kind !== 'group');
  for (const e of among) {
    for (const f of edges) {
      if (f === e) continue;
      for (const box of [e.from, e.to]) {
        if (f.from !== box && f.to !== box) continue;
        if ([e.from, e.to].sort().join() === [f.from, f.to].sort().join()) continue;
        const b = byId.get(box);
        if (b === undefined) continue;
        const [pe, pf] = [endingAt(e, box), endingAt(f, box)];
        const [le, lf] = [pe.points[pe.points.length - 1]!, pf.points[pf.points.length - 1]!];
        const side = (p: Point) => (Math.abs(p.y - b.y) < EPS ? 'top' : Math.abs(p.y - b.y - b.height) < EPS ? 'bottom' : undefined);
        if (side(le) === undefined || side(le) !== side(lf)) continue;
        const before = meetings(pe.points, pf.points);
        if (before === 0) continue;
        const [ne, nf] = [endAt(pe.points, lf.x), endAt(pf.points, le.x)];
        if (ne === undefined || nf === undefined) continue;
        if (meetings(ne, nf) > 0 || throughBox(ne, e, solid) || throughBox(nf, f, solid)) continue;
        e.points = pe.reversed ? ne.reverse() : ne;
        f.points = pf.reversed ? nf.reverse() : nf;
      }
    }
  }
}
