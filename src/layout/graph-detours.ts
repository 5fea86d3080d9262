/**
 * Routes that go a long way round (the API server's edge to metrics-server
 * round the right of the control plane and back): after routing, an edge
 * whose route is more than DETOUR × the Manhattan distance of its ends plus
 * SLACK px is given the shortest of a few simple orthogonal routes between
 * the same two boxes (straight, one bend, or down-across-down / right-down-
 * right with the middle leg on a free track), when one runs through no box
 * and no group header, crosses no more group borders, and keeps NEAR px from
 * every other edge's line. Edges drawn on one route (A → B and B → A) move
 * together.
 */
import type { LaidEdge, LaidNode } from './types.ts';
import { headerBar } from './graph-headers.ts';
import { borderCrossings, routeKey } from './graph-tracks.ts';
import { DETOUR_FACTOR, DETOUR_MARGIN } from './checks.ts';

type Point = { x: number; y: number };

/** When a route counts as a detour (test/layout/check.ts edgeDetours allows 2.5× + 240). */
const DETOUR = 2;
const SLACK = 120;
/** Gap kept between a new route and boxes, and between it and other edges' lines. */
const CLEAR = 8;
const STEP = 8;
const EPS = 0.5;

function length(points: readonly Point[]): number {
  let l = 0;
  for (let i = 1; i < points.length; i++) l += Math.abs(points[i]!.x - points[i - 1]!.x) + Math.abs(points[i]!.y - points[i - 1]!.y);
  return l;
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

function segHits(a: Point, b: Point, r: Rect, pad: number): boolean {
  const [x1, x2, y1, y2] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
  return x1 < r.x + r.width + pad && r.x - pad < x2 && y1 < r.y + r.height + pad && r.y - pad < y2;
}

/** Positions from lo to hi in STEP px, the middle first. */
function scanRange(lo: number, hi: number): number[] {
  if (hi < lo) return [];
  const mid = (lo + hi) / 2;
  const out = [mid];
  for (let d = STEP; mid - d >= lo || mid + d <= hi; d += STEP) {
    if (mid - d >= lo) out.push(mid - d);
    if (mid + d <= hi) out.push(mid + d);
  }
  return out;
}

/** The middles of the gaps between boxes along one axis: where a line between them may run. */
function gapMiddles(solid: readonly Rect[], axis: 'x' | 'y'): number[] {
  const ends = solid.flatMap((n) => (axis === 'x' ? [n.x, n.x + n.width] : [n.y, n.y + n.height])).sort((a, b) => a - b);
  return ends.slice(1).map((v, i) => (v + ends[i]!) / 2);
}

/**
 * The tracks across each gap between two lines of boxes or group borders along `axis`, STEP px apart and CLEAR px
 * from both lines, one list per gap (its middle first): where the middle is taken by another edge, a route may run
 * beside it.
 */
function freeTracks(rects: readonly Rect[], axis: 'x' | 'y'): number[][] {
  const ends = [...new Set(rects.flatMap((n) => (axis === 'x' ? [n.x, n.x + n.width] : [n.y, n.y + n.height])))].sort((a, b) => a - b);
  return ends
    .slice(1)
    .map((v, i) => scanRange(ends[i]! + CLEAR, v - CLEAR))
    .filter((g) => g.length > 0);
}

/** Simple routes from box s to box t: straight, L, and Z shapes (vertical and horizontal), one at a time (an edge may be offered ~70,000). */
function* candidates(s: Rect, t: Rect, solid: readonly Rect[], channels: readonly number[], bands: readonly (readonly number[])[], route: readonly Point[]): Generator<Point[]> {
  const gx = gapMiddles(solid, 'x');
  const gy = gapMiddles(solid, 'y');
  const scan = (lo: number, hi: number, axis: 'x' | 'y') => [...scanRange(lo, hi), ...(axis === 'x' ? gx : gy).filter((v) => v >= lo && v <= hi)];
  const inX = (r: Rect) => [r.x + CLEAR, r.x + r.width - CLEAR] as const;
  const inY = (r: Rect) => [r.y + CLEAR, r.y + r.height - CLEAR] as const;
  const [sx, tx, sy, ty] = [inX(s), inX(t), inY(s), inY(t)];
  const below = t.y >= s.y + s.height; // t under s
  const above = t.y + t.height <= s.y;
  const right = t.x >= s.x + s.width;
  const left = t.x + t.width <= s.x;
  const [first, last] = [route[0]!, route[route.length - 1]!];
  /** Where the route now leaves or enters a box's side at `y` (within `lo..hi`): a place free of the box's other edges. */
  const own = (p: Point, y: number, [lo, hi]: readonly [number, number]) => (Math.abs(p.y - y) < EPS && p.x >= lo && p.x <= hi ? [p.x] : []);
  if (below || above) {
    const [ys, yt] = below ? [s.y + s.height, t.y] : [s.y, t.y + t.height];
    for (const x of scan(Math.max(sx[0], tx[0]), Math.min(sx[1], tx[1]), 'x')) yield [{ x, y: ys }, { x, y: yt }];
    const [lo, hi] = below ? [ys + CLEAR, yt - CLEAR] : [yt + CLEAR, ys - CLEAR];
    for (const y of scan(lo, hi, 'y')) for (const x1 of scan(sx[0], sx[1], 'x').slice(0, 5)) for (const x2 of scan(tx[0], tx[1], 'x').slice(0, 5)) yield [{ x: x1, y: ys }, { x: x1, y }, { x: x2, y }, { x: x2, y: yt }];
  }
  if (right || left) {
    const [xs, xt] = right ? [s.x + s.width, t.x] : [s.x, t.x + t.width];
    for (const y of scan(Math.max(sy[0], ty[0]), Math.min(sy[1], ty[1]), 'y')) yield [{ x: xs, y }, { x: xt, y }];
    const [lo, hi] = right ? [xs + CLEAR, xt - CLEAR] : [xt + CLEAR, xs - CLEAR];
    for (const x of scan(lo, hi, 'x')) for (const y1 of scan(sy[0], sy[1], 'y').slice(0, 3)) for (const y2 of scan(ty[0], ty[1], 'y').slice(0, 3)) yield [{ x: xs, y: y1 }, { x, y: y1 }, { x, y: y2 }, { x: xt, y: y2 }];
  }
  // Two jogs, for a box under another with a row of boxes between (the API server over the controller manager over
  // a worker): out of s, across to a free vertical channel (between boxes or groups, or beside them all), down it, and
  // across again above t.
  if (below || above) {
    const [ys, yt] = below ? [s.y + s.height, t.y] : [s.y, t.y + t.height];
    const [lo, hi] = below ? [ys + CLEAR, yt - CLEAR] : [yt + CLEAR, ys - CLEAR];
    // The tracks of the three gaps nearest each end (a gap's middle first, then beside it): the nearest tracks alone
    // could all lie in one gap that leads nowhere (a worker's header band, over its kubelet).
    const rows = bands.map((g) => g.filter((v) => v >= lo && v <= hi)).filter((g) => g.length > 0);
    const nearest = (v: number) => [...rows].sort((a, b) => Math.abs(a[0]! - v) - Math.abs(b[0]! - v) || a[0]! - b[0]!).slice(0, 3).flatMap((g) => g.slice(0, 3));
    // Out of s and into t where the route leaves and enters them now (a free place among the edges at a busy box,
    // the load balancer's bottom), or near their middles.
    const x1s = [...own(first, ys, sx), ...scan(sx[0], sx[1], 'x').slice(0, 3)];
    const x2s = [...own(last, yt, tx), ...scan(tx[0], tx[1], 'x').slice(0, 3)];
    for (const xc of channels) {
      for (const y1 of nearest(ys)) {
        for (const y2 of nearest(yt)) {
          if (below ? y2 <= y1 : y2 >= y1) continue;
          for (const x1 of x1s) {
            for (const x2 of x2s) yield [{ x: x1, y: ys }, { x: x1, y: y1 }, { x: xc, y: y1 }, { x: xc, y: y2 }, { x: x2, y: y2 }, { x: x2, y: yt }];
          }
        }
      }
    }
  }
  // One bend: out of s's bottom or top, into t's side.
  if ((below || above) && (right || left)) {
    const ys = below ? s.y + s.height : s.y;
    const xt = right ? t.x : t.x + t.width;
    for (const x of scan(sx[0], sx[1], 'x').slice(0, 5)) for (const y of scan(ty[0], ty[1], 'y').slice(0, 3)) yield [{ x, y: ys }, { x, y }, { x: xt, y }];
    const xs = right ? s.x + s.width : s.x;
    const yt = below ? t.y : t.y + t.height;
    for (const y of scan(sy[0], sy[1], 'y').slice(0, 3)) for (const x of scan(tx[0], tx[1], 'x').slice(0, 5)) yield [{ x: xs, y }, { x, y }, { x, y: yt }];
  }
  // Over both or under both, for two boxes side by side with others between them (metrics-server on worker-1 and
  // worker-3's kubelet, worker-2 between): out of s's top, along a free track above both, into t's top (or the same
  // under them), on the tracks of the three gaps nearest.
  if (!below && !above) {
    for (const over of [true, false]) {
      const [ys, yt] = over ? [s.y, t.y] : [s.y + s.height, t.y + t.height];
      const edge = over ? Math.min(ys, yt) - CLEAR : Math.max(ys, yt) + CLEAR;
      const gaps = bands.map((g) => g.filter((v) => (over ? v <= edge : v >= edge))).filter((g) => g.length > 0);
      const tracks = gaps.sort((a, b) => Math.abs(a[0]! - edge) - Math.abs(b[0]! - edge) || a[0]! - b[0]!).slice(0, 3).flatMap((g) => g.slice(0, 3));
      const x1s = [...own(first, ys, sx), ...scan(sx[0], sx[1], 'x').slice(0, 3)];
      const x2s = [...own(last, yt, tx), ...scan(tx[0], tx[1], 'x').slice(0, 3)];
      for (const y of tracks) for (const x1 of x1s) for (const x2 of x2s) yield [{ x: x1, y: ys }, { x: x1, y }, { x: x2, y }, { x: x2, y: yt }];
    }
  }
}

/** Closest a new route may run along a group's border (reapply-idempotent's channel between two groups 8 px apart runs 4 px from each). */
const BORDER_CLEAR = 4;

/**
 * Does segment a-b run along a border of group g, closer than BORDER_CLEAR (a line 1 px inside a worker's top reads as
 * its border: reapply-idempotent's kubelet edge once went so)? Crossing a border is how edges enter a group; running
 * along it is not.
 */
function alongBorder(a: Point, b: Point, g: Rect): boolean {
  if (a.y === b.y) {
    const overlap = Math.min(Math.max(a.x, b.x), g.x + g.width) - Math.max(Math.min(a.x, b.x), g.x);
    return overlap > 0 && (Math.abs(a.y - g.y) < BORDER_CLEAR || Math.abs(a.y - g.y - g.height) < BORDER_CLEAR);
  }
  const overlap = Math.min(Math.max(a.y, b.y), g.y + g.height) - Math.max(Math.min(a.y, b.y), g.y);
  return overlap > 0 && (Math.abs(a.x - g.x) < BORDER_CLEAR || Math.abs(a.x - g.x - g.width) < BORDER_CLEAR);
}

function near(a: Point, b: Point, c: Point, d: Point): boolean {
  const h1 = a.y === b.y;
  const h2 = c.y === d.y;
  if (h1 !== h2) return false;
  if (h1) return Math.abs(a.y - c.y) < CLEAR && Math.min(Math.max(a.x, b.x), Math.max(c.x, d.x)) - Math.max(Math.min(a.x, b.x), Math.min(c.x, d.x)) > 0;
  return Math.abs(a.x - c.x) < CLEAR && Math.min(Math.max(a.y, b.y), Math.max(c.y, d.y)) - Math.max(Math.min(a.y, b.y), Math.min(c.y, d.y)) > 0;
}

export function shortenDetours(nodes: readonly LaidNode[], edges: readonly LaidEdge[]): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  const headers: Rect[] = groups.map((g) => {
    const b = headerBar(g);
    return { x: b.left, y: b.top, width: b.right - b.left, height: b.bottom - b.top };
  });
  // Vertical channels for the two-jog routes: between any two boxes or group borders (the middle and a track either
  // side of it), and just outside them all.
  const all = [...solid, ...groups];
  const channels = all.length === 0 ? [] : [...new Set([...gapMiddles(all, 'x'), ...freeTracks(all, 'x').flatMap((g) => g.slice(0, 3)), Math.min(...all.map((n) => n.x)) - 2 * CLEAR, Math.max(...all.map((n) => n.x + n.width)) + 2 * CLEAR])].sort((a, b) => a - b);
  // Horizontal tracks for them: between any two boxes, and every STEP px across the free bands between boxes and group
  // borders (above a worker, under the control plane), where another edge may already run along the middle.
  const bands = [...gapMiddles(solid, 'y').map((v) => [v]), ...freeTracks(all, 'y')];
  const done = new Set<string>();
  for (const e of edges) {
    const key = routeKey(e);
    if (done.has(key) || e.points.length < 2) continue;
    done.add(key);
    const [a, b] = [e.points[0]!, e.points[e.points.length - 1]!];
    const l = length(e.points);
    if (l <= DETOUR * (Math.abs(a.x - b.x) + Math.abs(a.y - b.y)) + SLACK) continue;
    const s = solid.find((n) => n.id === e.from);
    const t = solid.find((n) => n.id === e.to);
    if (s === undefined || t === undefined) continue;
    const twins = edges.filter((o) => o !== e && routeKey(o) === key);
    const others = edges.filter((o) => o !== e && !twins.includes(o));
    const crossings = borderCrossings(e.points, groups);
    /** Is leg p-q (the route's first and/or last) clear? Candidates share legs: each is checked once per edge. */
    const checked = new Map<string, boolean>();
    const legClear = (p: Point, q: Point, first: boolean, last: boolean): boolean => {
      const k = `${p.x} ${p.y} ${q.x} ${q.y} ${first} ${last}`;
      let clear = checked.get(k);
      if (clear === undefined) checked.set(k, (clear = clearLeg(p, q, first, last)));
      return clear;
    };
    const clearLeg = (p: Point, q: Point, first: boolean, last: boolean): boolean => {
      for (const n of solid) {
        const own = n.id === e.from || n.id === e.to;
        // The first and last legs leave and enter their own boxes; nothing else comes near a box.
        if (own && ((first && n.id === e.from) || (last && n.id === e.to))) continue;
        if (segHits(p, q, n, own ? 0 : CLEAR)) return false;
      }
      for (const h of headers) if (segHits(p, q, h, 2)) return false;
      for (const g of groups) if (alongBorder(p, q, g)) return false;
      for (const o of others) for (let k = 1; k < o.points.length; k++) if (near(p, q, o.points[k - 1]!, o.points[k]!)) return false;
      return true;
    };
    /** Segments from..to (segment i runs from point i - 1 to point i) clear, and no more border crossings. */
    const ok = (pts: Point[], from = 1, to = pts.length - 1): boolean => {
      for (let i = from; i <= to; i++) if (!legClear(pts[i - 1]!, pts[i]!, i === 1, i === pts.length - 1)) return false;
      return borderCrossings(pts, groups) <= crossings;
    };
    let best: Point[] | undefined;
    for (const c of candidates(s, t, solid, channels, bands, e.points)) {
      if (best !== undefined && length(c) >= length(best)) continue;
      if (length(c) >= l * 0.8 || !ok(c)) continue;
      best = c;
    }
    // None of the simple routes is clear (persistent-volumes: worker-2's kubelet stands under its worker's name, so
    // every route out of its top near its middle runs through the name): the route keeps its own way out of s and into
    // t and only its middle, the long way round, moves onto a nearer channel. Tried only for an edge that the geometry
    // check counts as a detour (checks.ts edgeDetours), and only on the route's own tracks, so it costs a few hundred
    // candidates for that edge alone and leaves every other route as it was.
    if (best === undefined && l > DETOUR_FACTOR * (Math.abs(a.x - b.x) + Math.abs(a.y - b.y)) + DETOUR_MARGIN) best = rechannel(e.points, channels, l * 0.8, ok);
    if (best === undefined) continue;
    const route = best;
    e.points = route.map((p) => ({ ...p }));
    for (const o of twins) o.points = (o.from === e.from ? route : [...route].reverse()).map((p) => ({ ...p }));
  }
}

/**
 * The route with its middle moved onto a channel: out along the route's own horizontal track at segment a (from the
 * route's point a), across to the vertical channel xc, along it to the route's own horizontal track at segment b, and
 * on from there as before (b > a). The shortest such route shorter than `limit` whose new segments are clear.
 */
function rechannel(route: readonly Point[], channels: readonly number[], limit: number, ok: (pts: Point[], from: number, to: number) => boolean): Point[] | undefined {
  const flat: number[] = [];
  for (let i = 0; i + 1 < route.length; i++) if (Math.abs(route[i]!.y - route[i + 1]!.y) < EPS && Math.abs(route[i]!.x - route[i + 1]!.x) >= EPS) flat.push(i);
  let best: Point[] | undefined;
  let bestLength = limit;
  for (const a of flat) {
    for (const b of flat) {
      if (b <= a) continue;
      const [p, q] = [route[a]!, route[b + 1]!];
      const [ya, yb] = [route[a]!.y, route[b]!.y];
      for (const xc of channels) {
        if (Math.abs(xc - p.x) < EPS || Math.abs(xc - q.x) < EPS) continue;
        const c = [...route.slice(0, a + 1), { x: xc, y: ya }, { x: xc, y: yb }, ...route.slice(b + 1)];
        // A leg along a track of the route that stays within the route's own segment there is no new line: not checked.
        const within = (i: number) => xc >= Math.min(route[i]!.x, route[i + 1]!.x) && xc <= Math.max(route[i]!.x, route[i + 1]!.x);
        const l = length(c);
        if (l >= bestLength || !ok(c, within(a) ? a + 2 : a + 1, within(b) ? a + 2 : a + 3)) continue;
        best = c;
        bestLength = l;
      }
    }
  }
  return best;
}

/**
 * Routes that leave a box's top through the header of the group the box sits in (daemonset: kube-controller-manager
 * holds one controller as wide as its name, so the API server's edge up out of the controller's top crosses the name),
 * moved to leave the box's side instead: across to a track between the box and the group's border, clear of the
 * header, and up (or down) that track to where the route went on. Run after clearHeaders, which could not slide the
 * header clear (no room in its group).
 */
export function sideExits(nodes: readonly LaidNode[], edges: readonly LaidEdge[]): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const bars = new Map(groups.map((g) => {
    const b = headerBar(g);
    return [g.id, { x: b.left, y: b.top, width: b.right - b.left, height: b.bottom - b.top }] as const;
  }));
  const done = new Set<string>();
  for (const e of edges) {
    const key = routeKey(e);
    if (done.has(key) || e.points.length < 2) continue;
    done.add(key);
    for (const [end, forward] of [[e.from, true], [e.to, false]] as const) {
      const pts = forward ? e.points : [...e.points].reverse();
      const box = byId.get(end);
      const group = box?.parent === null || box === undefined ? undefined : byId.get(box.parent);
      const bar = group === undefined ? undefined : bars.get(group.id);
      const [p, q] = [pts[0]!, pts[1]!];
      if (box === undefined || group === undefined || bar === undefined) continue;
      // Only a first leg straight up out of the box's top through its own group's header.
      if (Math.abs(p.y - box.y) >= EPS || Math.abs(p.x - q.x) >= EPS || q.y >= p.y || !segHits(p, q, bar, 2)) continue;
      const ym = box.y + box.height / 2;
      const tracks = [
        [box.x + box.width, group.x + group.width],
        [group.x, box.x],
      ]
        .map(([lo, hi]) => (lo! + hi!) / 2);
      const twins = edges.filter((o) => o !== e && routeKey(o) === key);
      const others = edges.filter((o) => o !== e && !twins.includes(o));
      for (const xc of tracks) {
        const side = xc > box.x ? box.x + box.width : box.x;
        // The track must be BORDER_CLEAR from the box and the group's border, and the route's next point on it stays on
        // its own line (a bend, or the end in the other box's bottom).
        if (Math.abs(xc - side) < BORDER_CLEAR || Math.abs(xc - (xc > box.x ? group.x + group.width : group.x)) < BORDER_CLEAR) continue;
        const rest = pts.slice(1).map((r, k) => (k === 0 ? { x: xc, y: r.y } : { ...r }));
        const last = pts.length === 2 ? byId.get(forward ? e.to : e.from) : undefined;
        if (last !== undefined && (xc < last.x + CLEAR || xc > last.x + last.width - CLEAR)) continue;
        const route = [{ x: side, y: ym }, { x: xc, y: ym }, ...rest];
        let fine = borderCrossings(route, groups) <= borderCrossings(pts, groups);
        for (let i = 1; fine && i < 3; i++) {
          const [a, b] = [route[i - 1]!, route[i]!];
          if (solid.some((n) => n.id !== e.from && n.id !== e.to && segHits(a, b, n, CLEAR))) fine = false;
          if ([...bars.values()].some((h) => segHits(a, b, h, 2))) fine = false;
          if (groups.some((g) => alongBorder(a, b, g))) fine = false;
          if (others.some((o) => o.points.some((c, k) => k > 0 && near(a, b, o.points[k - 1]!, c)))) fine = false;
        }
        if (!fine) continue;
        e.points = (forward ? route : [...route].reverse()).map((r) => ({ ...r }));
        for (const o of twins) o.points = (o.from === e.from ? e.points : [...e.points].reverse()).map((r) => ({ ...r }));
        break;
      }
    }
  }
}
