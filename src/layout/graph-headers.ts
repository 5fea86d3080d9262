/**
 * Group title bars clear of edges. A group's header (icon, name, subtitle,
 * state tags) stands at its top left; an edge that enters the group from
 * above there runs through the text ("control-plane │ control plane"). After
 * routing, each header moves right along its group's top, to the leftmost
 * place where no edge segment or edge label crosses its band; the routes
 * stay as they are. When there is no such place the header stays.
 */
import type { LaidEdge, LaidLabel, LaidNode } from './types.ts';
import { SPACE } from './style.ts';
import { moveSegmentTo, routeKey } from './graph-tracks.ts';

/** Room kept between a header and an edge beside it. */
const GAP = 6;
/** Gap before a state tag after the group's name (boxes.ts). */
const TAG_GAP = 6;

/** The header's drawn extent (what the renderer puts on its patch): from the icon, or the first text, to the end of the last text or tag. */
export function headerBar(n: LaidNode): Bar {
  const parts: LaidLabel[] = [n.label, ...(n.sublabel ? [n.sublabel] : [])];
  const left = (n.icon ? n.label.x - SPACE.groupIcon - 8 : n.label.x) - 4;
  const right = Math.max(...parts.map((p) => p.x + p.width), ...(n.tags ?? []).map((t) => t.x + t.width)) + 4;
  const top = Math.min(...parts.map((p) => p.y), ...(n.tags ?? []).map((t) => t.y)) - 1;
  const bottom = Math.max(...parts.map((p) => p.y + p.height), ...(n.tags ?? []).map((t) => t.y + t.height)) + 1;
  return { left, right, top, bottom };
}

function shiftLabel<T extends LaidLabel>(l: T, dx: number): T {
  return { ...l, x: l.x + dx };
}

interface Bar {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The x ranges (widened by GAP) where edge segments or edge labels cross the band of a header, within its group. */
function takenInBand(n: LaidNode, bar: Bar, edges: readonly LaidEdge[]): [number, number][] {
  const taken: [number, number][] = [];
  const inBand = (y1: number, y2: number) => y1 < bar.bottom && y2 > bar.top;
  for (const e of edges) {
    for (let i = 1; i < e.points.length; i++) {
      const [p, q] = [e.points[i - 1]!, e.points[i]!];
      const [x1, x2] = [Math.min(p.x, q.x), Math.max(p.x, q.x)];
      if (x2 < n.x || x1 > n.x + n.width) continue;
      if (inBand(Math.min(p.y, q.y), Math.max(p.y, q.y))) taken.push([x1 - GAP, x2 + GAP]);
    }
    const l = e.label;
    if (l && inBand(l.y, l.y + l.height)) taken.push([l.x - GAP, l.x + l.width + GAP]);
  }
  return taken;
}

function shiftHeader(n: LaidNode, dx: number): void {
  if (dx === 0) return;
  n.label = shiftLabel(n.label, dx);
  if (n.sublabel) n.sublabel = shiftLabel(n.sublabel, dx);
  if (n.tags) n.tags = n.tags.map((t) => shiftLabel(t, dx));
}

/** Tracks for a vertical segment at x out of [a, b]: the nearest first, on either side. */
function tracksAround(x: number, a: number, b: number): number[] {
  const right = Array.from({ length: 12 }, (_, k) => b + 2 + k * 8);
  const left = Array.from({ length: 12 }, (_, k) => a - 2 - k * 8);
  return [...right, ...left].sort((p, q) => Math.abs(p - x) - Math.abs(q - x) || p - q);
}

/**
 * Puts the header at bar.left + dx when every edge segment that would cross
 * it there can move aside (a vertical one, to a free track beside the
 * header; with the edges drawn on its line); true when done, else nothing changes.
 */
function placeAt(n: LaidNode, bar: Bar, x: number, nodes: readonly LaidNode[], edges: readonly LaidEdge[]): boolean {
  const [a, b] = [x - GAP, x + (bar.right - bar.left) + GAP];
  const saved = edges.map((e) => e.points);
  const restore = () => edges.forEach((e, k) => (e.points = saved[k]!));
  const done = new Set<string>();
  for (const e of edges) {
    for (;;) {
      const i = e.points.findIndex((p, k) => {
        const q = e.points[k + 1];
        return q !== undefined && Math.max(p.x, q.x) > a && Math.min(p.x, q.x) < b && Math.min(p.y, q.y) < bar.bottom && Math.max(p.y, q.y) > bar.top;
      });
      if (i < 0) break;
      const [p, q] = [e.points[i]!, e.points[i + 1]!];
      const key = routeKey(e);
      if (Math.abs(p.x - q.x) >= 0.5 || done.has(key)) {
        restore();
        return false;
      }
      const twins = edges.filter((o) => o !== e && routeKey(o) === key);
      const before = e.points;
      if (!moveSegmentTo(e, i, tracksAround(p.x, a, b), nodes, edges)) {
        restore();
        return false;
      }
      done.add(routeKey(e));
      for (const t of twins) t.points = JSON.stringify(t.points) === JSON.stringify(before) ? e.points.map((pt) => ({ ...pt })) : [...e.points].reverse().map((pt) => ({ ...pt }));
    }
  }
  shiftHeader(n, x - bar.left);
  return true;
}

/** Tries the header where it is, then further right, moving the edges in the way aside; false when no place works. */
function clearHeader(n: LaidNode, nodes: readonly LaidNode[], edges: readonly LaidEdge[]): boolean {
  const bar = headerBar(n);
  const width = bar.right - bar.left;
  const max = n.x + n.width - (bar.left - n.x) - width;
  const taken = takenInBand(n, bar, edges);
  const free = (x: number) => taken.every(([a, b]) => x + width <= a || x >= b);
  const candidates = [bar.left, ...new Set(taken.map(([, b]) => b).filter((x) => x > bar.left && x <= max))].sort((a, b) => a - b);
  // A free place first (nothing moves), then the first place whose edges can move aside.
  const clear = candidates.find(free);
  if (clear !== undefined) {
    shiftHeader(n, clear - bar.left);
    return true;
  }
  return candidates.some((x) => placeAt(n, bar, x, nodes, edges));
}

/**
 * Clears every group's header of edges: it slides right along the group's top
 * to a free place, or to the first place where the edges crossing it can
 * move to tracks beside it; failing that, without its subtitle (`worker
 * node`, `controllers`: the icon says as much), the same again.
 */
export function clearHeaders(nodes: LaidNode[], edges: readonly LaidEdge[]): void {
  for (const n of nodes) {
    if (n.kind !== 'group' || clearHeader(n, nodes, edges) || n.sublabel === undefined) continue;
    const { sublabel, ...rest } = n;
    const without: LaidNode = rest;
    // The tags that followed the subtitle follow the name (on its line) or start the second line.
    const first = n.tags?.[0];
    if (first !== undefined && n.tags) {
      const sameLine = Math.abs(sublabel.y - n.label.y) < n.label.height / 2;
      const dx = (sameLine ? n.label.x + n.label.width + TAG_GAP : n.label.x) - first.x;
      without.tags = n.tags.map((t) => shiftLabel(t, dx));
    }
    if (!clearHeader(without, nodes, edges)) continue;
    delete n.sublabel;
    n.label = without.label;
    if (without.tags) n.tags = without.tags;
  }
}

/**
 * Routes made orthogonal where ELK left a bend of under a pixel (a first
 * point half a pixel beside the next): the near-vertical or near-horizontal
 * step is squared, moving the route's end point (which stays on its box's
 * side) or else the later point, so later passes see straight segments;
 * points in the middle of a straight run are dropped.
 */
export function squareRoutes(edges: readonly LaidEdge[]): void {
  for (const e of edges) {
    const pts = e.points.map((p) => ({ ...p }));
    for (let i = 1; i < pts.length; i++) {
      const [p, q] = [pts[i - 1]!, pts[i]!];
      const [dx, dy] = [Math.abs(p.x - q.x), Math.abs(p.y - q.y)];
      if (dx > 0 && dx < 1 && dy >= 1) {
        if (i === 1) p.x = q.x;
        else q.x = p.x;
      } else if (dy > 0 && dy < 1 && dx >= 1) {
        if (i === 1) p.y = q.y;
        else q.y = p.y;
      }
    }
    // Points in the middle of a straight run (or repeated) go.
    e.points = pts.filter((p, i) => {
      const [a, b] = [pts[i - 1], pts[i + 1]];
      if (a === undefined || b === undefined) return true;
      return !((a.x === p.x && p.x === b.x) || (a.y === p.y && p.y === b.y));
    });
  }
}
