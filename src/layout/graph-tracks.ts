/**
 * Separate tracks for edges that ELK (or restoreRowOrder, which moves boxes
 * after routing) left on one line: two different edges running along the
 * same horizontal or vertical line read as one (a bus), and a reader cannot
 * tell which arrow goes where. An inner segment of one of them (both its ends
 * are bends, so moving it keeps the route orthogonal: the segments before
 * and after just get longer or shorter) moves sideways to the nearest free
 * track: clear of every box, of every other edge's line and of group
 * borders it did not cross before.
 */
import type { LaidEdge, LaidNode } from './types.ts';
import { TRACK_GAP, TRACK_RUN, borderRuns, hooks } from './checks.ts';

type Point = { x: number; y: number };

/** Longest run two edges may share before it reads as one line. */
const SHARED_MAX = 4;
/** Lines of two edges closer than this read as one (or as a double line): they are moved apart too. */
const NEAR = 5;
/** Gap kept between a moved segment and any other line or box. */
const CLEAR = 6;
/** Tracks tried, nearest first: ±STEP, ±2·STEP … */
const STEP = 8;
const TRIES = 8;
const EPS = 0.5;

interface Seg {
  a: Point;
  b: Point;
  horizontal: boolean;
}

function segs(e: LaidEdge): Seg[] {
  const out: Seg[] = [];
  for (let i = 1; i < e.points.length; i++) {
    const [a, b] = [e.points[i - 1]!, e.points[i]!];
    out.push({ a, b, horizontal: Math.abs(a.y - b.y) < EPS });
  }
  return out;
}

/** Along-line coordinates of a segment, and its cross-line position. */
function span(s: Seg): { lo: number; hi: number; at: number } {
  return s.horizontal ? { lo: Math.min(s.a.x, s.b.x), hi: Math.max(s.a.x, s.b.x), at: s.a.y } : { lo: Math.min(s.a.y, s.b.y), hi: Math.max(s.a.y, s.b.y), at: s.a.x };
}

function degenerate(s: Seg): boolean {
  return Math.abs(s.a.x - s.b.x) < EPS && Math.abs(s.a.y - s.b.y) < EPS;
}

/** How far two segments run along one line (within `gap` of each other); 0 when they do not. */
function shared(s: Seg, t: Seg, gap: number): number {
  if (s.horizontal !== t.horizontal || degenerate(s) || degenerate(t)) return 0;
  const [p, q] = [span(s), span(t)];
  if (Math.abs(p.at - q.at) >= gap) return 0;
  return Math.max(0, Math.min(p.hi, q.hi) - Math.max(p.lo, q.lo));
}

/**
 * How many of a route's segments run beside another edge's line closer than TRACK_GAP (but not on it) for more than
 * TRACK_RUN px (checks.ts edgesSideBySide, gallery review D6): a pass that moves a segment, cuts a route short or cuts a
 * hook out keeps a route only when it runs beside other lines no more often than before, so the tracks graph.ts widened
 * stay apart after the passes (edges, 2026-12-07: a segment moved 8 px onto a track 6 px from another's).
 */
function besideCount(e: LaidEdge, points: readonly Point[], edges: readonly LaidEdge[]): number {
  const mine = segs({ ...e, points: [...points] });
  let count = 0;
  for (const o of edges) {
    if (o === e || samePair(o, e)) continue;
    for (const t of segs(o)) for (const s of mine) if (sideBySide(s, t)) count++;
  }
  return count;
}

/** Does segment i of `e` run beside another edge's line (sideBySide)? */
function besideAny(e: LaidEdge, i: number, edges: readonly LaidEdge[]): boolean {
  const s = segs(e)[i]!;
  return edges.some((o) => o !== e && !samePair(o, e) && segs(o).some((t) => sideBySide(s, t)));
}

/** Two segments side by side: 1 to TRACK_GAP px apart for more than TRACK_RUN px. */
function sideBySide(s: Seg, t: Seg): boolean {
  if (s.horizontal !== t.horizontal || degenerate(s) || degenerate(t)) return false;
  const d = Math.abs(span(s).at - span(t).at);
  return d >= 1 && d < TRACK_GAP - EPS && shared(s, t, TRACK_GAP) > TRACK_RUN;
}

/** Key of a route regardless of its direction: edges drawn on one line (A → B and B → A) have the same. */
export function routeKey(e: LaidEdge): string {
  const fwd = JSON.stringify(e.points);
  const back = JSON.stringify([...e.points].reverse());
  return fwd < back ? fwd : back;
}

/** Edges drawn as one line on purpose: between the same two boxes (one route, badges side by side). */
function samePair(a: LaidEdge, b: LaidEdge): boolean {
  return [a.from, a.to].sort().join('\u0000') === [b.from, b.to].sort().join('\u0000');
}

function hitsBox(s: Seg, n: LaidNode, pad: number): boolean {
  const [x1, x2] = [Math.min(s.a.x, s.b.x), Math.max(s.a.x, s.b.x)];
  const [y1, y2] = [Math.min(s.a.y, s.b.y), Math.max(s.a.y, s.b.y)];
  return x1 < n.x + n.width + pad && n.x - pad < x2 && y1 < n.y + n.height + pad && n.y - pad < y2;
}

/** The groups a point lies inside (not on a border), as one key. */
function groupsAround(p: Point, groups: readonly LaidNode[]): string {
  return groups
    .filter((g) => p.x > g.x + 2 && p.x < g.x + g.width - 2 && p.y > g.y + 2 && p.y < g.y + g.height - 2)
    .map((g) => g.id)
    .join('\u0000');
}

/** Does edge `e`'s line share more than SHARED_MAX px with another edge's (one it may not share)? */
function busWith(e: LaidEdge, i: number, edges: readonly LaidEdge[]): number {
  const mine = segs(e);
  for (let k = 0; k < edges.length; k++) {
    const o = edges[k]!;
    if (o === e || samePair(o, e)) continue;
    for (const t of segs(o)) if (shared(mine[i]!, t, NEAR) > SHARED_MAX) return k;
  }
  return -1;
}

/**
 * Moves inner segments of edges off lines they share with another edge.
 * Edges between the same two boxes keep sharing their route (one line,
 * badges side by side). Deterministic: edges and segments in order.
 */
export function separateBuses(nodes: readonly LaidNode[], edges: LaidEdge[]): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  // The hooks ELK's router left go first: a bus is then measured on the lines as they will be drawn.
  unhook(edges, solid, groups);
  separate(edges, solid, groups, (e, i) => busWith(e, i, edges) >= 0, (e) => shortenShared(e, edges, solid, groups));
}

/**
 * Moves inner segments of edges that run beside another edge's line (sideBySide: 1 to TRACK_GAP px apart for more than
 * TRACK_RUN px, gallery review D6) to a free track, as separateBuses moves them off a shared line. graph.ts runs it on a
 * finished layout that still has such a pair and keeps the result only when no geometry check gets worse: run with the
 * other passes after ELK, it made ~12 pictures' tracks 6 px apart so graph.ts widened no longer took their 10-px layout,
 * and badges then stood on box borders in 5 of them.
 */
export function separateBesides(nodes: readonly LaidNode[], edges: LaidEdge[]): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  separate(edges, solid, groups, (e, i) => besideAny(e, i, edges), () => false);
}

/**
 * Moves each segment that `needs` it to the nearest free track (moveSegment), else tries `fallback`; edges drawn on one
 * route (A → B and B → A) move as one: the first of them moves, the others follow. Up to three rounds, edges and
 * segments in order (deterministic).
 */
function separate(edges: LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[], needs: (e: LaidEdge, i: number) => boolean, fallback: (e: LaidEdge) => boolean): void {
  const twins = new Map<LaidEdge, LaidEdge[]>();
  const seen = new Map<string, LaidEdge>();
  for (const e of edges) {
    const key = routeKey(e);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, e);
      twins.set(e, []);
    } else twins.get(first)!.push(e);
  }
  for (let round = 0; round < 3; round++) {
    let moved = false;
    for (const [e, others] of twins) {
      for (let i = 0; i < e.points.length - 1; i++) {
        if (!needs(e, i)) continue;
        const before = JSON.stringify(e.points);
        if (!moveSegment(e, i, edges, solid, groups) && !fallback(e)) continue;
        moved = true;
        for (const t of others) t.points = (JSON.stringify(t.points) === before ? e.points : [...e.points].reverse()).map((p) => ({ ...p }));
      }
    }
    if (!moved) break;
  }
}

/**
 * When segment i has no free track beside it (two boxes a track apart: a
 * kubelet over its Pods, the Pods' edge to CoreDNS leaving along the line
 * the kubelet's edge comes down into), a segment next to it, which runs
 * across it, moves instead (an end one sliding its end along its box's
 * side), nearest track first, to where segment i no longer runs along the
 * other edge's line: segment i gets shorter (or longer, away from it). True
 * when it moved.
 */
function shortenShared(e: LaidEdge, edges: readonly LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[]): boolean {
  const original = e.points;
  // Read as the line it draws: a route that doubles back along itself, or stops mid-line, has no segment across its bus.
  e.points = drawnLine(e.points);
  const at = segs(e);
  for (let i = 0; i < at.length; i++) {
    if (busWith(e, i, edges) < 0) continue;
    for (const j of [i - 1, i + 1]) {
      const s = at[j];
      if (s === undefined || degenerate(s)) continue;
      const { at: from } = span(s);
      const before = e.points;
      for (let k = 1; k <= TRIES; k++) {
        for (const to of [from + k * STEP, from - k * STEP]) {
          if (!moveSegment(e, j, edges, solid, groups, [to])) continue;
          if (busWith(e, i, edges) < 0 && busWith(e, j, edges) < 0 && !endToEnd(e, i, edges)) return true;
          e.points = before;
        }
      }
    }
  }
  e.points = original;
  return false;
}

/** Does segment i of `e` end within CLEAR of another edge's segment on its line (two corners that read as one line going on)? */
function endToEnd(e: LaidEdge, i: number, edges: readonly LaidEdge[]): boolean {
  const s = segs(e)[i]!;
  const p = span(s);
  for (const o of edges) {
    if (o === e || samePair(o, e)) continue;
    for (const t of segs(o)) {
      if (t.horizontal !== s.horizontal || degenerate(t)) continue;
      const q = span(t);
      if (Math.abs(p.at - q.at) < NEAR && Math.max(p.lo - q.hi, q.lo - p.hi) < CLEAR) return true;
    }
  }
  return false;
}

/** The points where a route turns: repeated points and points in the middle of a straight run (or where it doubles back) dropped. */
function drawnLine(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const [a, b] = [out[out.length - 2], out[out.length - 1]];
    if (b !== undefined && Math.abs(b.x - p.x) < EPS && Math.abs(b.y - p.y) < EPS) continue;
    if (a !== undefined && b !== undefined && ((Math.abs(a.x - b.x) < EPS && Math.abs(b.x - p.x) < EPS) || (Math.abs(a.y - b.y) < EPS && Math.abs(b.y - p.y) < EPS))) out.pop();
    out.push({ ...p });
  }
  return out;
}

/**
 * Tries the tracks beside segment i (points i, i+1) nearest first (or the
 * cross-line positions `targets`, in their order); true when it moved. The
 * first or last segment moves its end along the border of the box it leaves
 * or enters (another point on that side), never off it.
 */
function moveSegment(e: LaidEdge, i: number, edges: readonly LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[], targets?: readonly number[], regroup = false): boolean {
  const seg = segs(e)[i]!;
  if (degenerate(seg)) return false;
  const { at } = span(seg);
  const tracks = targets ?? Array.from({ length: TRIES }, (_, k) => [(k + 1) * STEP, -(k + 1) * STEP]).flat().map((d) => at + d);
  const last = e.points.length - 2;
  // The segments before and after run across this one: it may move only as far as they still run the same way.
  const limits = [i > 0 ? e.points[i - 1] : undefined, i < last ? e.points[i + 2] : undefined].filter((p): p is Point => p !== undefined).map((p) => (seg.horizontal ? p.y : p.x));
  // An end segment: its end slides along its box's side, keeping clear of the corners.
  const ends = [i === 0 ? boxAt(e.points[0]!, e.from, solid) : undefined, i === last ? boxAt(e.points[e.points.length - 1]!, e.to, solid) : undefined];
  if ((i === 0 && ends[0] === undefined) || (i === last && ends[1] === undefined)) return false;
  for (const to of tracks) {
    if (limits.some((l) => Math.sign(l - to) !== Math.sign(l - at) || Math.abs(l - to) < CLEAR)) continue;
    if (ends.some((b) => b !== undefined && (seg.horizontal ? to < b.y + CLEAR || to > b.y + b.height - CLEAR : to < b.x + CLEAR || to > b.x + b.width - CLEAR))) continue;
    const shift = (p: Point): Point => (seg.horizontal ? { x: p.x, y: to } : { x: to, y: p.y });
    const points = e.points.map((p, j) => (j === i || j === i + 1 ? shift(p) : p));
    if (!fits(e, points, i, edges, solid, groups, regroup)) continue;
    e.points = points;
    return true;
  }
  return false;
}

/**
 * Moves segment i of edge e to the first of the cross-line positions
 * `targets` where it keeps clear of boxes, other edges' lines and group
 * headers (see separateBuses); true when it moved. With `regroup` its corners
 * may move into or out of a group when the route crosses group borders no
 * more often (graph-borders.ts: a stretch along a border moves inside it).
 */
export function moveSegmentTo(e: LaidEdge, i: number, targets: readonly number[], nodes: readonly LaidNode[], edges: readonly LaidEdge[], regroup = false): boolean {
  return moveSegment(e, i, edges, nodes.filter((n) => n.kind !== 'group'), nodes.filter((n) => n.kind === 'group'), targets, regroup);
}

/** The box `id` when `p` lies on its border. */
function boxAt(p: Point, id: string, solid: readonly LaidNode[]): LaidNode | undefined {
  const b = solid.find((n) => n.id === id);
  if (b === undefined) return undefined;
  const onX = Math.abs(p.x - b.x) < 1 || Math.abs(p.x - b.x - b.width) < 1;
  const onY = Math.abs(p.y - b.y) < 1 || Math.abs(p.y - b.y - b.height) < 1;
  return onX || onY ? b : undefined;
}

function fits(e: LaidEdge, points: Point[], i: number, edges: readonly LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[], regroup = false): boolean {
  // Same groups around the moved corners: no new border crossings (or, regrouped, no more of them).
  if (regroup) {
    if (borderCrossings(points, groups) > borderCrossings(e.points, groups)) return false;
  } else for (const j of [i, i + 1]) if (groupsAround(points[j]!, groups) !== groupsAround(e.points[j]!, groups)) return false;
  const trial: LaidEdge = { ...e, points };
  const all = segs(trial);
  const changed = [all[i - 1], all[i]!, all[i + 1]];
  const mid = changed[1]!;
  for (const s of changed) {
    if (s === undefined) continue;
    if (degenerate(s)) continue;
    // The legs touching the edge's own ends may enter them; the moved segment itself keeps clear of every box.
    for (const n of solid) {
      const own = n.id === e.from || n.id === e.to;
      if (own && s !== mid) continue;
      // The moved segment keeps clear of every box; an end segment lies against its own box's side.
      if (hitsBox(s, n, s === mid && !own ? CLEAR : 0) && !(own && s === mid && (i === 0 || i === all.length - 1) && touchesOnly(s, n))) return false;
    }
    for (const g of groups) if (headerHit(s, g)) return false;
  }
  for (const o of edges) {
    if (o === e || samePair(o, e)) continue;
    for (const t of segs(o)) {
      if (shared(mid, t, CLEAR) > 0) return false;
      for (const s of [changed[0], changed[2]]) if (s !== undefined && shared(s, t, 1) > SHARED_MAX) return false;
      // The moved segment goes to a free track: not one closer than TRACK_GAP to another line for long.
      if (sideBySide(mid, t)) return false;
    }
  }
  return besideCount(e, points, edges) <= besideCount(e, e.points, edges);
}

/** An end segment that only touches its box at its end (it leaves or enters the box there). */
function touchesOnly(s: Seg, n: LaidNode): boolean {
  const inner = { ...n, x: n.x + 1, y: n.y + 1, width: n.width - 2, height: n.height - 2 };
  return !hitsBox(s, inner, 0);
}

/** A line over a group's header (its label row) hides the group's name. */
function headerHit(s: Seg, g: LaidNode): boolean {
  const bottom = Math.max(g.label.y + g.label.height, g.sublabel ? g.sublabel.y + g.sublabel.height : 0, ...(g.tags ?? []).map((t) => t.y + t.height));
  const header = { ...g, height: bottom - g.y } as LaidNode;
  const x1 = Math.min(s.a.x, s.b.x);
  const x2 = Math.max(s.a.x, s.b.x);
  const y1 = Math.min(s.a.y, s.b.y);
  const y2 = Math.max(s.a.y, s.b.y);
  // Crossing the header vertically (an edge entering the group from above) is how edges come in; running along it is not.
  return s.horizontal && y1 > header.y && y1 < header.y + header.height && x1 < header.x + header.width && header.x < x2 && y2 >= y1;
}

/**
 * Routes that restoreRowOrder bent to follow a box it moved: the jog it adds
 * beside the box, then ELK's route towards where the box was, can double
 * back (a U-turn) or climb in steps. Each such turn is cut short when the
 * shorter route runs through no box, crosses no group border more often and
 * keeps clear of group headers: `a → b → c → d → e` becomes `a → (d.x, a.y)
 * → e` (or the other corner).
 */
export function straightenRoutes(nodes: readonly LaidNode[], edges: readonly LaidEdge[], strict = false): void {
  const solid = nodes.filter((n) => n.kind !== 'group');
  const groups = nodes.filter((n) => n.kind === 'group');
  for (const e of edges) {
    for (let guard = 0; guard < 20; guard++) {
      const next = shortcut(e, edges, solid, groups, strict);
      if (next === null) break;
      e.points = next;
    }
  }
}

function shortcut(e: LaidEdge, edges: readonly LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[], strict: boolean): Point[] | null {
  const pts = dedupe(e.points);
  const crossings = borderCrossings(pts, groups);
  for (let i = 0; i + 4 < pts.length; i++) {
    const [a, b, c, d, f] = [pts[i]!, pts[i + 1]!, pts[i + 2]!, pts[i + 3]!, pts[i + 4]!];
    const abH = Math.abs(a.y - b.y) < EPS;
    // a-b and c-d run the same way (horizontal or vertical), b-c and d-f across.
    const sameAxis = abH ? Math.abs(c.y - d.y) < EPS && Math.abs(b.x - c.x) < EPS && Math.abs(d.x - f.x) < EPS : Math.abs(c.x - d.x) < EPS && Math.abs(b.y - c.y) < EPS && Math.abs(d.y - f.y) < EPS;
    if (!sameAxis) continue;
    // a → (d.x, a.y) → f keeps how the route leaves a; a → (a.x, c.y) → d → f turns at a, so not at the route's start.
    const options = abH ? [[a, { x: d.x, y: a.y }, f], [a, { x: a.x, y: c.y }, d, f]] : [[a, { x: a.x, y: d.y }, f], [a, { x: c.x, y: a.y }, d, f]];
    for (const [k, cand] of options.entries()) {
      if (k === 1 && i === 0) continue;
      const candidate = dedupe([...pts.slice(0, i), ...cand, ...pts.slice(i + 5)]);
      if (!orthogonal(candidate) || candidate.length >= pts.length) continue;
      if (length(candidate) > length(pts) + EPS) continue;
      if (!clear(e, candidate, solid, groups) || borderCrossings(candidate, groups) > crossings) continue;
      if (strict && crossesHeaderText(candidate, [...groups, ...solid])) continue;
      if (besideCount(e, candidate, edges) > besideCount(e, pts, edges)) continue;
      return candidate;
    }
  }
  return null;
}

function dedupe(points: readonly Point[]): Point[] {
  const out: Point[] = [];
  for (const p of points) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < EPS && Math.abs(last.y - p.y) < EPS) continue;
    out.push(p);
  }
  // Drop middle points of straight runs.
  return out.filter((p, i) => {
    if (i === 0 || i === out.length - 1) return true;
    const [a, b] = [out[i - 1]!, out[i + 1]!];
    return !((Math.abs(a.x - p.x) < EPS && Math.abs(b.x - p.x) < EPS) || (Math.abs(a.y - p.y) < EPS && Math.abs(b.y - p.y) < EPS));
  });
}

function orthogonal(points: readonly Point[]): boolean {
  for (let i = 1; i < points.length; i++) if (Math.abs(points[i]!.x - points[i - 1]!.x) >= EPS && Math.abs(points[i]!.y - points[i - 1]!.y) >= EPS) return false;
  return true;
}

function length(points: readonly Point[]): number {
  let l = 0;
  for (let i = 1; i < points.length; i++) l += Math.abs(points[i]!.x - points[i - 1]!.x) + Math.abs(points[i]!.y - points[i - 1]!.y);
  return l;
}

/** No segment runs through a box (the first and last may enter the edge's own ends) or along a group header. */
function clear(e: LaidEdge, points: readonly Point[], solid: readonly LaidNode[], groups: readonly LaidNode[]): boolean {
  const list = segs({ ...e, points: [...points] });
  return list.every((s, k) => {
    const end = k === 0 || k === list.length - 1;
    for (const n of solid) {
      if (end && (n.id === e.from || n.id === e.to)) continue;
      if (hitsBox(s, n, 0)) return false;
    }
    return !groups.some((g) => headerHit(s, g));
  });
}

/** Longest middle leg of a Z-shaped route that straightenJogs straightens. */
const JOG_MAX = 24;
/** Least room kept between a straightened line and a box corner or another edge's line. */
const JOG_CLEAR = 8;

/**
 * A short route with a small jog in its middle (down, 10 px across, down) between two boxes that stand over each other
 * (or side by side) is drawn as one straight line where both boxes face each other: a jog that short leaves no room
 * for a badge on any of its legs. Only when the line keeps JOG_CLEAR px from both boxes' corners and from every
 * other edge's line, and crosses none the jog did not already meet (the edge drawn on the same route, B → A, moves
 * with it: shareRoutes).
 */
export function straightenJogs(nodes: readonly LaidNode[], edges: readonly LaidEdge[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  for (const e of edges) {
    const pts = e.points;
    if (pts.length !== 4) continue;
    const [a, b, c, d] = [pts[0]!, pts[1]!, pts[2]!, pts[3]!];
    const vertical = Math.abs(a.x - b.x) < EPS && Math.abs(b.y - c.y) < EPS && Math.abs(c.x - d.x) < EPS;
    const horizontal = Math.abs(a.y - b.y) < EPS && Math.abs(b.x - c.x) < EPS && Math.abs(c.y - d.y) < EPS;
    if (!vertical && !horizontal) continue;
    if ((vertical ? Math.abs(b.x - c.x) : Math.abs(b.y - c.y)) > JOG_MAX) continue;
    const [s, t] = [byId.get(e.from), byId.get(e.to)];
    if (s === undefined || t === undefined) continue;
    const at = vertical ? (a.x + d.x) / 2 : (a.y + d.y) / 2;
    const within = (n: LaidNode) => (vertical ? at >= n.x + JOG_CLEAR && at <= n.x + n.width - JOG_CLEAR : at >= n.y + JOG_CLEAR && at <= n.y + n.height - JOG_CLEAR);
    if (!within(s) || !within(t)) continue;
    const line: Point[] = vertical ? [{ x: at, y: a.y }, { x: at, y: d.y }] : [{ x: a.x, y: at }, { x: d.x, y: at }];
    const mine: Seg = { a: line[0]!, b: line[1]!, horizontal: !vertical };
    // The line may cross another edge's line only where the jog already met that edge (ran along it or crossed it):
    // straight, it crosses it once instead of sharing its track (hpa-autoscaling at standard: worker-2's kubelet →
    // containerd jogged along metrics-server's line through the 24-px gap between them, its badge left on a border).
    const old = segs(e);
    const meets = (o: LaidEdge) => segs(o).some((q) => old.some((s) => shared(s, q, 1) > 0 || crosses(s, q)));
    const clearOfOthers = edges.every((o) => o === e || samePair(o, e) || segs(o).every((q) => shared(mine, q, JOG_CLEAR) === 0 && (!crosses(mine, q) || meets(o))));
    if (!clearOfOthers) continue;
    e.points = line;
  }
}

/** Do two segments, one horizontal and one vertical, cross (not just touch at an end)? */
function crosses(s: Seg, t: Seg): boolean {
  if (s.horizontal === t.horizontal) return false;
  const [h, v] = s.horizontal ? [s, t] : [t, s];
  const [hx1, hx2] = [Math.min(h.a.x, h.b.x), Math.max(h.a.x, h.b.x)];
  const [vy1, vy2] = [Math.min(v.a.y, v.b.y), Math.max(v.a.y, v.b.y)];
  return v.a.x > hx1 + EPS && v.a.x < hx2 - EPS && h.a.y > vy1 + EPS && h.a.y < vy2 - EPS;
}

/** Does a route cross a group's name or subtitle, or any box's state tag (test/layout/check.ts edgesThroughHeaders)? */
function crossesHeaderText(points: readonly Point[], nodes: readonly LaidNode[]): boolean {
  const rects = nodes.flatMap((n) => [...(n.kind === 'group' ? [n.label, ...(n.sublabel ? [n.sublabel] : [])] : []), ...(n.tags ?? [])]);
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const [x1, x2, y1, y2] = [Math.min(a.x, b.x), Math.max(a.x, b.x), Math.min(a.y, b.y), Math.max(a.y, b.y)];
    if (rects.some((r) => x1 < r.x + r.width && x2 > r.x && y1 < r.y + r.height && y2 > r.y)) return true;
  }
  return false;
}

/** How many times a route crosses group borders. */
export function borderCrossings(points: readonly Point[], groups: readonly LaidNode[]): number {
  let count = 0;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    for (const g of groups) {
      const inA = a.x > g.x && a.x < g.x + g.width && a.y > g.y && a.y < g.y + g.height;
      const inB = b.x > g.x && b.x < g.x + g.width && b.y > g.y && b.y < g.y + g.height;
      if (inA !== inB) count++;
      else if (!inA) {
        // Both outside: an orthogonal segment may still pass through the group (in and out).
        const horizontal = Math.abs(a.y - b.y) < EPS;
        const through = horizontal
          ? a.y > g.y && a.y < g.y + g.height && Math.min(a.x, b.x) < g.x && Math.max(a.x, b.x) > g.x + g.width
          : a.x > g.x && a.x < g.x + g.width && Math.min(a.y, b.y) < g.y && Math.max(a.y, b.y) > g.y + g.height;
        if (through) count += 2;
      }
    }
  }
  return count;
}

/**
 * Cuts the hooks out of routes (checks.ts hooks: out, across by at most
 * HOOK_MAX px, and back the way it came — ELK's router enters a box from the
 * side away from where the route comes, canary-release's deliver edges ran
 * 18 px past worker-2's Pods and came back into them): the leg across moves
 * back to where the shorter of the two legs starts, so that leg goes and the
 * other gets shorter. Never where the first or last leg would go (the route
 * leaves and enters its boxes as before). Kept only when the route runs
 * through no box or header, crosses group borders and other edges no more
 * often, shares no more line with another edge (within NEAR px) and runs
 * along group borders no more than before. Edges drawn on one route move
 * apart here; graph-elk.ts shareRoutes draws them as one again.
 */
export function unhook(edges: LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[]): void {
  for (const e of edges) {
    for (let guard = 0; guard < 8; guard++) {
      const next = unhooked(e, edges, solid, groups);
      if (next === null) break;
      e.points = next;
    }
  }
}

function unhooked(e: LaidEdge, edges: readonly LaidEdge[], solid: readonly LaidNode[], groups: readonly LaidNode[]): Point[] | null {
  const pts = e.points;
  const last = pts.length - 1;
  for (const h of hooks(pts)) {
    const nearA = Math.abs(h.ab) <= Math.abs(h.cd);
    // The leg that goes is the route's first or last: it would leave or enter its box another way.
    if ((nearA && h.i === 0) || (!nearA && h.i + 3 === last)) continue;
    const keep = nearA ? pts[h.i]! : pts[h.i + 3]!;
    const shift = (p: Point): Point => (h.horizontal ? { x: keep.x, y: p.y } : { x: p.x, y: keep.y });
    const candidate = dedupe([...pts.slice(0, h.i + 1), shift(pts[h.i + 1]!), shift(pts[h.i + 2]!), ...pts.slice(h.i + 3)]);
    if (!orthogonal(candidate) || !clear(e, candidate, solid, groups)) continue;
    if (borderCrossings(candidate, groups) > borderCrossings(pts, groups)) continue;
    if (crossesHeaderText(candidate, [...groups, ...solid]) && !crossesHeaderText(pts, [...groups, ...solid])) continue;
    const [before, after] = [tangles(e, pts, edges), tangles(e, candidate, edges)];
    if (after.shared > before.shared || after.crossings > before.crossings || besideCount(e, candidate, edges) > besideCount(e, pts, edges)) continue;
    const along = (q: readonly Point[]) => borderRuns(q, groups).reduce((sum, r) => sum + r.run, 0);
    if (along(candidate) > along(pts) + EPS) continue;
    return candidate;
  }
  return null;
}

/** How often a route shares line with other edges (within NEAR px, for more than SHARED_MAX) and crosses them. */
function tangles(e: LaidEdge, points: readonly Point[], edges: readonly LaidEdge[]): { shared: number; crossings: number } {
  const mine = segs({ ...e, points: [...points] });
  let [sharedCount, crossings] = [0, 0];
  for (const o of edges) {
    if (o === e || samePair(o, e)) continue;
    for (const t of segs(o)) {
      for (const s of mine) {
        if (shared(s, t, NEAR) > SHARED_MAX) sharedCount++;
        if (crosses(s, t)) crossings++;
      }
    }
  }
  return { shared: sharedCount, crossings };
}
