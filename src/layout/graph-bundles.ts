/**
 * Bundles of tracks spread apart (gallery review D6). ELK routes the edges
 * that meet in one box (the API server's watches and writes) on tracks 6 px
 * apart in the gap between two layers; graph.ts widened lays such a picture
 * out again with tracks 8–10 px apart, which makes every layer gap grow, so a
 * picture that stands 889–900 px tall is pushed off its slide
 * (hpa-autoscaling and persistent-volumes at summary, scheduling-constraints
 * at standard). There the gap holding the bundle is often taller than the
 * bundle: 48 px under hpa-autoscaling's API server for five tracks within
 * 24 px. graph-tracks.ts separateBesides moves one segment to a free track,
 * and finds none: every track 8 px from the one it leaves is beside
 * another. This moves the whole bundle instead: the inner segments that run
 * side by side, with every other inner segment in the same free band beside
 * them (a cluster), are moved apart as little as they need: each two that
 * run along each other TRACK_GAP apart, in the order they had (so no
 * crossing comes or goes), within the band: clear of boxes and group
 * borders by CLEAR, of other lines by TRACK_GAP. Moved no further than that,
 * a badge keeps the spot it had on a track (a track evenly spread put
 * hpa-autoscaling's etcd edge 6 px over kube-controller-manager, its badge
 * onto the API server's border). Only the segments between two bends
 * move (the legs to and from them get longer or shorter, their ends stay).
 * A cluster is kept when it leaves fewer pairs side by side and crosses no
 * edge more often; graph.ts apart runs it only where separateBesides alone
 * leaves pairs, and keeps the whole only when no check gets worse and the
 * picture does not grow.
 */
import type { LaidEdge, LaidNode } from './types.ts';
import { TRACK_GAP, TRACK_RUN } from './checks.ts';
import { crossingCount } from './crossings.ts';

type Point = { x: number; y: number };
/** The cross-line coordinate of the segments moved: y for horizontal ones, x for vertical ones. */
type Axis = 'x' | 'y';

/** Room kept between a moved track and a box or a group's border (graph-tracks.ts CLEAR). */
const CLEAR = 6;
/** Rounds of spread's relaxation at most, and how little a pair may still lack (px) when it stops. */
const RELAX_ROUNDS = 200;
const SETTLED = 0.01;
const EPS = 0.5;
/** Clusters tried per direction, at most. */
const ROUNDS = 12;

/** One drawn line: an inner segment, shared by every edge drawn on the same points (A → B and B → A). */
interface Line {
  at: number;
  lo: number;
  hi: number;
  refs: { e: LaidEdge; i: number }[];
}

const along = (axis: Axis): Axis => (axis === 'y' ? 'x' : 'y');
const size = (axis: Axis): 'width' | 'height' => (axis === 'y' ? 'height' : 'width');

/** The segments of `axis`'s direction, the inner ones (both ends bends) merged per drawn line; the end ones apart. */
function linesOf(edges: readonly LaidEdge[], axis: Axis): { inner: Line[]; fixed: Line[] } {
  const a = along(axis);
  const inner = new Map<string, Line>();
  const fixed: Line[] = [];
  for (const e of edges) {
    for (let i = 0; i + 1 < e.points.length; i++) {
      const [p, q] = [e.points[i]!, e.points[i + 1]!];
      if (Math.abs(p[axis] - q[axis]) >= EPS || Math.abs(p[a] - q[a]) < EPS) continue;
      const line: Line = { at: p[axis], lo: Math.min(p[a], q[a]), hi: Math.max(p[a], q[a]), refs: [{ e, i }] };
      if (i === 0 || i + 2 === e.points.length) {
        fixed.push(line);
        continue;
      }
      const key = `${line.at},${line.lo},${line.hi}`;
      const seen = inner.get(key);
      if (seen === undefined) inner.set(key, line);
      else seen.refs.push({ e, i });
    }
  }
  return { inner: [...inner.values()], fixed };
}

const overlap = (a: { lo: number; hi: number }, b: { lo: number; hi: number }): number => Math.min(a.hi, b.hi) - Math.max(a.lo, b.lo);

/** Two lines side by side (checks.ts edgesSideBySide): 1 to TRACK_GAP px apart for more than TRACK_RUN px. */
function beside(a: Line, b: Line): boolean {
  const d = Math.abs(a.at - b.at);
  return d >= 1 && d < TRACK_GAP - EPS && overlap(a, b) > TRACK_RUN;
}

/** Pairs of lines side by side, of different edges. */
function besidePairs(lines: readonly Line[]): [Line, Line][] {
  const out: [Line, Line][] = [];
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [a, b] = [lines[i]!, lines[j]!];
      if (beside(a, b) && !a.refs.some((r) => b.refs.some((s) => s.e === r.e))) out.push([a, b]);
    }
  }
  return out;
}

/** A cross-line range something occupies near a line, and the room a track keeps from it. */
interface Obstacle {
  lo: number;
  hi: number;
  margin: number;
}

/** What a track spanning `span` must keep clear of: boxes, group borders and name rows, the fixed lines beside it. */
function obstacles(span: { lo: number; hi: number }, axis: Axis, nodes: readonly LaidNode[], fixed: readonly Line[]): Obstacle[] {
  const a = along(axis);
  const out: Obstacle[] = [];
  const spans = (lo: number, extent: number) => overlap(span, { lo, hi: lo + extent }) > 0;
  for (const n of nodes) {
    if (!spans(n[a], n[size(a)])) continue;
    if (n.kind !== 'group') {
      out.push({ lo: n[axis], hi: n[axis] + n[size(axis)], margin: CLEAR });
      continue;
    }
    out.push({ lo: n[axis], hi: n[axis], margin: CLEAR }, { lo: n[axis] + n[size(axis)], hi: n[axis] + n[size(axis)], margin: CLEAR });
    // The group's name row: a horizontal track through it hides the name; a vertical one keeps off its text.
    const texts = [n.label, ...(n.sublabel ? [n.sublabel] : []), ...(n.tags ?? [])];
    if (axis === 'y') out.push({ lo: n.y, hi: Math.max(...texts.map((t) => t.y + t.height)), margin: CLEAR });
    else for (const t of texts) if (spans(t.y, t.height)) out.push({ lo: t.x, hi: t.x + t.width, margin: CLEAR });
  }
  for (const l of fixed) if (overlap(span, l) > 0) out.push({ lo: l.at, hi: l.at, margin: TRACK_GAP });
  return out;
}

/**
 * The cluster around a pair side by side: the lines in the free band around them that run along one of them, and the
 * band (the cross-line range their tracks may take). Null when something stands between them.
 */
function cluster(seed: readonly Line[], inner: readonly Line[], fixed: readonly Line[], axis: Axis, nodes: readonly LaidNode[]): { members: Line[]; top: number; bottom: number } | null {
  const members = [...seed];
  for (;;) {
    const min = Math.min(...members.map((m) => m.at));
    const max = Math.max(...members.map((m) => m.at));
    let [top, bottom] = [-Infinity, Infinity];
    for (const m of members) {
      for (const o of obstacles(m, axis, nodes, fixed)) {
        if (o.hi + o.margin <= min) top = Math.max(top, o.hi + o.margin);
        else if (o.lo - o.margin >= max) bottom = Math.min(bottom, o.lo - o.margin);
        else return null;
      }
    }
    const joins = inner.filter((l) => !members.includes(l) && l.at > top - EPS && l.at < bottom + EPS && members.some((m) => overlap(m, l) > 0));
    if (joins.length === 0) return Number.isFinite(top) && Number.isFinite(bottom) ? { members, top, bottom } : null;
    members.push(...joins);
  }
}

/**
 * The tracks the cluster's lines take: each as near its own as it can be, every two that run along each other at least
 * TRACK_GAP apart in the order they had, within the band (lines on one track stay on one); null when they do not fit.
 * Two lines that run along no common stretch keep no distance: neither's legs reach the other's track, so no crossing
 * comes or goes between them. Solved by relaxation: each pair too close moves apart, each by half of what it lacks,
 * until none is (deterministic: pairs in order).
 */
function spread(members: readonly Line[], top: number, bottom: number): Map<Line, number> | null {
  const slots = [...new Set(members.map((m) => m.at))].sort((p, q) => p - q).map((at) => members.filter((m) => m.at === at));
  if (slots.length < 2) return null;
  const pairs: [number, number][] = [];
  for (let i = 0; i < slots.length; i++) {
    for (let j = i + 1; j < slots.length; j++) if (slots[i]!.some((a) => slots[j]!.some((b) => overlap(a, b) > 0))) pairs.push([i, j]);
  }
  const at = slots.map((s) => s[0]!.at);
  for (let round = 0; round < RELAX_ROUNDS; round++) {
    let lacking = 0;
    for (const [i, j] of pairs) {
      const lack = TRACK_GAP - (at[j]! - at[i]!);
      if (lack <= 0) continue;
      lacking = Math.max(lacking, lack);
      at[i] = at[i]! - lack / 2;
      at[j] = at[j]! + lack / 2;
    }
    for (let k = 0; k < at.length; k++) at[k] = Math.min(Math.max(at[k]!, top), bottom);
    if (lacking < SETTLED) break;
  }
  if (pairs.some(([i, j]) => at[j]! - at[i]! < TRACK_GAP - SETTLED)) return null;
  return new Map(slots.flatMap((s, k) => s.map((m): [Line, number] => [m, Math.round(at[k]! * 100) / 100])));
}

/**
 * The legs across the moved segments still run the way they ran, and no shorter than CLEAR unless they were (an end
 * leg into a box keeps a stub for its arrowhead; a leg between two moved segments does not turn back).
 */
function legsKept(was: readonly Point[], now: readonly Point[], axis: Axis): boolean {
  for (let i = 0; i + 1 < now.length; i++) {
    const [d0, d1] = [was[i + 1]![axis] - was[i]![axis], now[i + 1]![axis] - now[i]![axis]];
    if (Math.abs(d0) < EPS) continue;
    if (Math.sign(d0) !== Math.sign(d1) || Math.abs(d1) < Math.min(CLEAR, Math.abs(d0))) return false;
  }
  return true;
}

/** How many times the edges cross one another. */
function crossings(edges: readonly LaidEdge[]): number {
  let n = 0;
  for (let i = 0; i < edges.length; i++) for (let j = i + 1; j < edges.length; j++) n += crossingCount(edges[i]!, edges[j]!);
  return n;
}

/**
 * Spreads each bundle of inner segments that run side by side across the free band they lie in (see above), segments
 * of `axis`'s direction; deterministic: clusters in the order of their first pair.
 */
function spreadAxis(nodes: readonly LaidNode[], edges: readonly LaidEdge[], axis: Axis): void {
  const tried = new Set<string>();
  for (let round = 0; round < ROUNDS; round++) {
    const { inner, fixed } = linesOf(edges, axis);
    const seed = besidePairs(inner).find(([a, b]) => !tried.has(`${a.at},${a.lo},${b.at},${b.lo}`));
    if (seed === undefined) return;
    tried.add(`${seed[0].at},${seed[0].lo},${seed[1].at},${seed[1].lo}`);
    const found = cluster(seed, inner, fixed, axis, nodes);
    const to = found === null ? null : spread(found.members, found.top, found.bottom);
    if (found === null || to === null) continue;
    const before = new Map(edges.map((e) => [e, e.points]));
    const [pairs, crossed] = [besidePairs([...inner, ...fixed]).length, crossings(edges)];
    for (const [m, at] of to) {
      for (const { e, i } of m.refs) e.points = e.points.map((p, j): Point => (j === i || j === i + 1 ? { ...p, [axis]: at } : p));
    }
    const after = linesOf(edges, axis);
    const kept = besidePairs([...after.inner, ...after.fixed]).length < pairs && crossings(edges) <= crossed && edges.every((e) => legsKept(before.get(e)!, e.points, axis));
    if (!kept) for (const [e, points] of before) e.points = points;
  }
}

/** Spreads the bundles of horizontal, then vertical, inner segments that run side by side (see above). */
export function spreadBundles(nodes: readonly LaidNode[], edges: readonly LaidEdge[]): void {
  spreadAxis(nodes, edges, 'y');
  spreadAxis(nodes, edges, 'x');
}
