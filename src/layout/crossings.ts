/**
 * Where two drawn edges cross: a horizontal leg of one through a vertical leg
 * of the other, strictly inside both (legs that meet at a shared box or run
 * along each other are not crossings). Edges that share a route (the same
 * points) are one line and do not cross.
 */
import type { LaidEdge, LaidOut } from './types.ts';

type Point = { x: number; y: number };

const EPS = 0.5;

/** The point where leg a–b crosses leg c–d, or undefined. */
function crossing(a: Point, b: Point, c: Point, d: Point): Point | undefined {
  const horizontal = (p: Point, q: Point) => Math.abs(p.y - q.y) < EPS && Math.abs(p.x - q.x) >= EPS;
  const vertical = (p: Point, q: Point) => Math.abs(p.x - q.x) < EPS && Math.abs(p.y - q.y) >= EPS;
  const check = (h1: Point, h2: Point, v1: Point, v2: Point) => {
    const [x0, x1] = [Math.min(h1.x, h2.x), Math.max(h1.x, h2.x)];
    const [y0, y1] = [Math.min(v1.y, v2.y), Math.max(v1.y, v2.y)];
    return v1.x > x0 + EPS && v1.x < x1 - EPS && h1.y > y0 + EPS && h1.y < y1 - EPS ? { x: v1.x, y: h1.y } : undefined;
  };
  if (horizontal(a, b) && vertical(c, d)) return check(a, b, c, d);
  if (vertical(a, b) && horizontal(c, d)) return check(c, d, a, b);
  return undefined;
}

/** How many times two edges cross (graph-bundles.ts: a bundle spread apart crosses no edge more often). */
export function crossingCount(e: LaidEdge, f: LaidEdge): number {
  return crossingPoints(e, f).length;
}

function crossingPoints(e: LaidEdge, f: LaidEdge): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < e.points.length; i++) {
    for (let j = 1; j < f.points.length; j++) {
      const p = crossing(e.points[i - 1]!, e.points[i]!, f.points[j - 1]!, f.points[j]!);
      if (p !== undefined) out.push(p);
    }
  }
  return out;
}

/**
 * Pairs of edges of an architecture picture that cross outside the cluster
 * box, where the boxes outside it stand (kubectl, a registry, a client on
 * the internet): those boxes stand in one band above or beside the cluster,
 * in an order the layout chooses, so such a crossing is avoidable by
 * standing them the other way round (graph.ts tries it). Crossings inside
 * the cluster (watches fanning out to every node) are not counted.
 */
export function actorCrossings(laid: LaidOut): [string, string][] {
  if (laid.view !== 'architecture') return [];
  const cluster = laid.nodes.find((n) => n.id === 'cluster' && n.parent === null);
  const outside = (p: Point) => cluster === undefined || p.x < cluster.x || p.x > cluster.x + cluster.width || p.y < cluster.y || p.y > cluster.y + cluster.height;
  const route = (e: LaidEdge) => e.points.map((p) => `${p.x},${p.y}`).join(' ');
  // One line per route: edges drawn on the same points are one.
  const lines = new Map<string, LaidEdge>();
  for (const e of laid.edges) if (!lines.has(route(e))) lines.set(route(e), e);
  const list = [...lines.values()];
  const out: [string, string][] = [];
  for (let i = 0; i < list.length; i++) {
    for (let j = i + 1; j < list.length; j++) {
      const [e, f] = [list[i]!, list[j]!];
      if (crossingPoints(e, f).some(outside)) out.push([e.id, f.id]);
    }
  }
  return out;
}
