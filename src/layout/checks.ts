/**
 * Geometry invariants every laid-out view must satisfy; each returns the list
 * of violations (empty = fine), so a failing test says exactly what is wrong.
 * The tests read them through test/layout/check.ts; the architecture layout
 * (graph.ts) uses them too, to keep a layout drawn for a docs column only
 * when it is as clean as the slide layout it would replace.
 */
import type { LaidLabel, LaidNode, LaidOut } from './types.ts';
import { textWidth } from './measure.ts';
import { actorCrossings } from './crossings.ts';
import { SPACE } from './style.ts';
import { besideCentre, borderThrough, boxContent, throughCentre, tooShortForPair } from './badges.ts';

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const EPS = 0.6;

export function overlap(a: Rect, b: Rect): boolean {
  return a.x + EPS < b.x + b.width && b.x + EPS < a.x + a.width && a.y + EPS < b.y + b.height && b.y + EPS < a.y + a.height;
}

function inside(inner: Rect, outer: Rect, pad: number): boolean {
  return inner.x >= outer.x + pad - EPS && inner.y >= outer.y + pad - EPS && inner.x + inner.width <= outer.x + outer.width - pad + EPS && inner.y + inner.height <= outer.y + outer.height - pad + EPS;
}

const BOXES = new Set(['group', 'component', 'process', 'decision', 'terminal', 'participant']);

/** Sibling boxes (same parent) never overlap. */
export function siblingOverlaps(laid: LaidOut): string[] {
  const boxes = laid.nodes.filter((n) => BOXES.has(n.kind));
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.parent === b.parent && overlap(a, b)) out.push(`${a.id} overlaps ${b.id}`);
    }
  }
  return out;
}

/** Children sit inside their parent group, with padding, below its header. */
export function childrenOutside(laid: LaidOut): string[] {
  const byId = new Map(laid.nodes.map((n) => [n.id, n]));
  const out: string[] = [];
  for (const n of laid.nodes) {
    if (laid.view === 'sequence' || n.parent === null || !BOXES.has(n.kind)) continue;
    const p = byId.get(n.parent);
    if (!p) {
      out.push(`${n.id}: parent ${n.parent} missing`);
      continue;
    }
    if (!inside(n, p, 8)) out.push(`${n.id} not inside ${p.id} with padding`);
    const headerBottom = Math.max(p.label.y + p.label.height, p.sublabel ? p.sublabel.y + p.sublabel.height : 0);
    if (n.y < headerBottom) out.push(`${n.id} overlaps the header of ${p.id}`);
  }
  return out;
}

function widest(l: LaidLabel): number {
  const style = { size: l.size ?? 13, weight: l.weight ?? 'regular' };
  return Math.max(0, ...(l.lines ?? [l.text]).map((line) => textWidth(line, style)));
}

/** Text boxes lie inside their node with padding, and each measured line fits the text box. */
export function labelsOverflow(laid: LaidOut): string[] {
  const out: string[] = [];
  for (const n of laid.nodes) {
    for (const l of n.sublabel ? [n.label, n.sublabel] : [n.label]) {
      if (!l.lines || l.lines.length === 0) continue;
      const w = widest(l);
      if (w > l.width + EPS) out.push(`${n.id}: "${l.text}" is ${w.toFixed(1)}px in a ${l.width}px text box`);
      if (n.kind === 'title' || n.kind === 'frame') continue;
      const drawn: Rect = { x: l.align === 'middle' || l.align === undefined ? l.x + (l.width - w) / 2 : l.x, y: l.y, width: w, height: l.height };
      if (n.kind === 'decision') {
        const cx = n.x + n.width / 2;
        const cy = n.y + n.height / 2;
        const corner = Math.abs(drawn.x - cx) / (n.width / 2) + Math.abs(drawn.y - cy) / (n.height / 2);
        if (corner > 1 + 1e-6) out.push(`${n.id}: text leaves the diamond`);
      } else if (!inside(drawn, n, n.kind === 'legend-entry' || n.kind === 'frame-divider' || n.kind === 'frame-label' ? 0 : 4)) {
        out.push(`${n.id}: "${l.text}" not inside its box with padding`);
      }
    }
  }
  return out;
}

/** Edge labels and badges cover no box other than their own edge's ends (and no group header). */
export function edgeLabelsCovering(laid: LaidOut): string[] {
  const out: string[] = [];
  const solid = laid.nodes.filter((n) => BOXES.has(n.kind) && n.kind !== 'group');
  const groups = laid.nodes.filter((n) => n.kind === 'group' || n.kind === 'box');
  const notes = laid.nodes.filter((n) => n.kind === 'note');
  for (const e of laid.edges) {
    if (!e.label) continue;
    for (const n of solid) {
      if (n.id !== e.from && n.id !== e.to && overlap(e.label, n)) out.push(`label of ${e.id} covers ${n.id}`);
    }
    for (const g of groups) {
      const header = g.sublabel ? [g.label, g.sublabel] : [g.label];
      for (const h of header) if (overlap(e.label, { ...h, width: widest(h) })) out.push(`label of ${e.id} covers the header of ${g.id}`);
    }
    for (const n of notes) if (overlap(e.label, n)) out.push(`label of ${e.id} covers note ${n.id}`);
  }
  return out;
}

/** Nothing is drawn outside the canvas. */
export function outsideCanvas(laid: LaidOut): string[] {
  const out: string[] = [];
  const canvas = { x: 0, y: 0, width: laid.width, height: laid.height };
  for (const n of laid.nodes) if (!inside(n, canvas, 0)) out.push(`${n.id} outside the canvas`);
  for (const e of laid.edges) {
    for (const p of e.points) if (p.x < 0 || p.y < 0 || p.x > laid.width || p.y > laid.height) out.push(`${e.id} leaves the canvas`);
    if (e.label && !inside(e.label, canvas, 0)) out.push(`label of ${e.id} outside the canvas`);
  }
  return out;
}

/**
 * Flowcharts: no edge runs through a box other than its own ends (it would
 * read as leaving or entering that box: "403 Forbidden → 200 OK").
 * Segments are orthogonal; the box is shrunk by 2 px so an edge that grazes
 * a border is not counted.
 */
export function edgesThroughBoxes(laid: LaidOut): string[] {
  if (laid.view !== 'flowchart') return [];
  const out: string[] = [];
  const solid = laid.nodes.filter((n) => BOXES.has(n.kind) && n.kind !== 'group');
  for (const e of laid.edges) {
    for (let i = 1; i < e.points.length; i++) {
      const a = e.points[i - 1]!;
      const b = e.points[i]!;
      const seg = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
      for (const n of solid) {
        if (n.id === e.from || n.id === e.to) continue;
        const inner = { x: n.x + 2, y: n.y + 2, width: n.width - 4, height: n.height - 4 };
        const hits = seg.x <= inner.x + inner.width && inner.x <= seg.x + seg.width && seg.y <= inner.y + inner.height && inner.y <= seg.y + seg.height;
        if (hits) out.push(`${e.id} runs through ${n.id}`);
      }
    }
  }
  return [...new Set(out)];
}

/**
 * Architecture: no two edges cross outside the cluster box, in the band of
 * the boxes outside it (kubectl, a registry, clients on the internet),
 * whose order the layout chooses (src/layout/crossings.ts; graph.ts stands
 * them the other way round when that crosses less). Not in allProblems: a
 * picture that fits no slide (gitops-sync at standard) may keep one; the
 * gallery's pictures are checked (test/views/slide-fit.test.ts).
 */
export function edgesCrossingOutsideCluster(laid: LaidOut): string[] {
  return actorCrossings(laid).map(([a, b]) => `${a} crosses ${b} outside the cluster`);
}

/** Graphs: the number badges (drawn as circles, render/svg/edges.ts), with the edge each belongs to. */
function badgeCircles(laid: LaidOut): { e: LaidOut['edges'][number]; cx: number; cy: number; r: number }[] {
  if (laid.view === 'sequence') return [];
  return laid.edges.flatMap((e) => (e.number !== undefined && e.label && e.label.lines === undefined ? [{ e, cx: e.label.x + e.label.width / 2, cy: e.label.y + e.label.height / 2, r: Math.min(e.label.width, e.label.height) / 2 }] : []));
}

/** Distance from a point to a rectangle (0 inside it). */
function distToRect(x: number, y: number, r: Rect): number {
  const dx = Math.max(r.x - x, 0, x - (r.x + r.width));
  const dy = Math.max(r.y - y, 0, y - (r.y + r.height));
  return Math.hypot(dx, dy);
}

/** Distance from a point to a polyline. */
function distToLine(x: number, y: number, points: readonly { x: number; y: number }[]): number {
  let best = Infinity;
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    const [dx, dy] = [b.x - a.x, b.y - a.y];
    const len2 = dx * dx + dy * dy;
    const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / len2));
    best = Math.min(best, Math.hypot(x - (a.x + t * dx), y - (a.y + t * dy)));
  }
  return best;
}

/**
 * How far a badge's centre may lie from its edge's line: half its radius, so
 * the line runs through the middle of the circle and the badge reads as that
 * line's (a row of badges along a line stays on it; one beside it does not).
 */
export const BADGE_OFF_LINE = SPACE.badgeRadius / 2;

/**
 * Graphs: number badges a reader can read and attribute (issue 9 parts 7 and
 * 9). A badge
 * - overlaps no other badge (`badges 2 and 3 overlap`);
 * - covers no box other than its edge's two ends (edgeLabelsCovering checks
 *   the rectangle; this the drawn circle), no legend, and no box's text or
 *   icon — its own ends' included: it may touch its end's border where the
 *   arrow enters, never what the box says;
 * - covers no other edge's text label;
 * - sits on its edge's line (within BADGE_OFF_LINE of it), or on the line of
 *   an edge it shares a route with by design (the same two boxes; the same
 *   number fanned out from one box: one badge per interaction).
 */
export function badgeProblems(laid: LaidOut): string[] {
  const out: string[] = [];
  const badges = badgeCircles(laid);
  const solid = laid.nodes.filter((n) => BOXES.has(n.kind) && n.kind !== 'group');
  const legends = laid.nodes.filter((n) => n.kind === 'legend');
  const content = new Map(solid.map((n) => [n.id, boxContent(n)]));
  for (let i = 0; i < badges.length; i++) {
    const b = badges[i]!;
    const name = `badge ${b.e.number} (${b.e.id})`;
    for (let j = i + 1; j < badges.length; j++) {
      const o = badges[j]!;
      if (Math.hypot(b.cx - o.cx, b.cy - o.cy) < b.r + o.r - EPS) out.push(`${name} overlaps badge ${o.e.number} (${o.e.id})`);
    }
    for (const n of solid) {
      const own = n.id === b.e.from || n.id === b.e.to;
      if (!own && distToRect(b.cx, b.cy, n) < b.r - EPS) out.push(`${name} covers ${n.id}`);
      else if (content.get(n.id)!.some((r) => distToRect(b.cx, b.cy, r) < b.r - EPS)) out.push(`${name} covers the text of ${n.id}`);
    }
    for (const n of legends) if (distToRect(b.cx, b.cy, n) < b.r - EPS) out.push(`${name} covers the legend`);
    for (const o of laid.edges) {
      if (o === b.e || !o.label || o.label.lines === undefined) continue;
      if (distToRect(b.cx, b.cy, o.label) < b.r - EPS) out.push(`${name} covers the label of ${o.id}`);
    }
    const lines = laid.edges.filter((o) => o === b.e || mayShare(b.e, o));
    const off = Math.min(...lines.map((o) => distToLine(b.cx, b.cy, o.points)));
    if (off > BADGE_OFF_LINE + EPS && !acrossItsLine(b, badges)) out.push(`${name} is ${off.toFixed(1)} px off its line`);
  }
  return out;
}

type Badge = ReturnType<typeof badgeCircles>[number];

/**
 * A badge of a pair standing across its line (badges.ts acrossPair): two edges on one route between the same two
 * boxes, too short to hold their two badges along it (badges.ts tooShortForPair: a kubelet 24 px over its Pods), the
 * two badges 2 px apart and the route running through the middle between them.
 */
function acrossItsLine(b: Badge, badges: readonly Badge[]): boolean {
  if (!tooShortForPair(routeLength(b.e.points), 2 * b.r)) return false;
  return badges.some((o) => {
    if (o === b || [o.e.from, o.e.to].sort().join('\u0000') !== [b.e.from, b.e.to].sort().join('\u0000')) return false;
    if (Math.abs(Math.hypot(o.cx - b.cx, o.cy - b.cy) - (b.r + o.r + 2)) > EPS) return false;
    const [mx, my] = [(o.cx + b.cx) / 2, (o.cy + b.cy) / 2];
    return distToLine(mx, my, b.e.points) <= EPS && distToLine(mx, my, o.e.points) <= EPS;
  });
}

/**
 * Architecture: a number badge with a box's border running through its disc (badges.ts borderThrough: more than
 * BORDER_TOUCH px inside it), the box one its edge joins included — the disc half over the box, the number on its
 * outline (gallery review D7: two badges stacked on a short kubelet → Pods line, each on one of the two boxes'
 * borders; rolling-update's badge on the API server's border). badgeProblems lets a badge touch its own ends (where
 * the arrow enters); this counts it when it sits on their outline.
 */
export function badgesOnBorders(laid: LaidOut): string[] {
  if (laid.view !== 'architecture') return [];
  const out: string[] = [];
  const solid = laid.nodes.filter((n) => BOXES.has(n.kind) && n.kind !== 'group');
  for (const b of badgeCircles(laid)) {
    for (const n of solid) if (borderThrough(b.cx, b.cy, b.r, n)) out.push(`badge ${b.e.number} (${b.e.id}) sits on the border of ${n.id}`);
  }
  return out;
}

export function allProblems(laid: LaidOut): string[] {
  return [...siblingOverlaps(laid), ...childrenOutside(laid), ...labelsOverflow(laid), ...edgeLabelsCovering(laid), ...outsideCanvas(laid), ...edgesThroughBoxes(laid), ...badgeProblems(laid)];
}

export type { LaidNode };

type Seg = { x1: number; y1: number; x2: number; y2: number; horizontal: boolean };

function segments(points: readonly { x: number; y: number }[]): Seg[] {
  const out: Seg[] = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    if (Math.abs(a.x - b.x) < EPS && Math.abs(a.y - b.y) < EPS) continue;
    const horizontal = Math.abs(a.y - b.y) < EPS;
    out.push({ x1: Math.min(a.x, b.x), y1: Math.min(a.y, b.y), x2: Math.max(a.x, b.x), y2: Math.max(a.y, b.y), horizontal });
  }
  return out;
}

/** Length two orthogonal segments run along the same line (0 when they do not). */
function sharedLength(s: Seg, t: Seg): number {
  if (s.horizontal !== t.horizontal) return 0;
  if (s.horizontal) return Math.abs(s.y1 - t.y1) < 1 ? Math.min(s.x2, t.x2) - Math.max(s.x1, t.x1) : 0;
  return Math.abs(s.x1 - t.x1) < 1 ? Math.min(s.y2, t.y2) - Math.max(s.y1, t.y1) : 0;
}

/**
 * Two edges may share their line when they are one line by design: edges
 * between the same two boxes (one route, their badges side by side), and one
 * interaction fanned out from a box (the same number, one end in common: a
 * trunk that branches, badged once).
 */
function mayShare(a: LaidOut['edges'][number], b: LaidOut['edges'][number]): boolean {
  if ([a.from, a.to].sort().join('\u0000') === [b.from, b.to].sort().join('\u0000')) return true;
  return a.number !== undefined && a.number === b.number && [a.from, a.to].some((n) => n === b.from || n === b.to);
}

/** Longest run (px) two edges may share before it reads as one line (a bus). */
export const BUS_MIN = 4;

/**
 * Graphs: segments of two different edges that lie on one line for more than
 * BUS_MIN px — a "bus", where a reader cannot tell which arrow goes where.
 */
export function edgeBuses(laid: LaidOut): string[] {
  if (laid.view === 'sequence') return [];
  const out: string[] = [];
  const segs = laid.edges.map((e) => segments(e.points));
  for (let i = 0; i < laid.edges.length; i++) {
    for (let j = i + 1; j < laid.edges.length; j++) {
      const [a, b] = [laid.edges[i]!, laid.edges[j]!];
      if (mayShare(a, b)) continue;
      let run = 0;
      for (const s of segs[i]!) for (const t of segs[j]!) run = Math.max(run, sharedLength(s, t));
      if (run > BUS_MIN) out.push(`${a.id} (${a.number ?? '-'}) and ${b.id} (${b.number ?? '-'}) share ${run.toFixed(0)} px of line`);
    }
  }
  return out;
}

/** Graphs: a number badge centred on a segment of another edge (one it may not share), so it reads as that edge's. */
export function badgesOnSharedLines(laid: LaidOut): string[] {
  if (laid.view === 'sequence') return [];
  const out: string[] = [];
  for (const e of laid.edges) {
    if (e.number === undefined || !e.label) continue;
    const r = e.label;
    for (const o of laid.edges) {
      if (o === e || mayShare(e, o)) continue;
      const [cx, cy] = [r.x + r.width / 2, r.y + r.height / 2];
      const hit = segments(o.points).some((s) => throughCentre(s, cx, cy));
      if (hit) out.push(`badge ${e.number} of ${e.id} sits on ${o.id}'s line`);
    }
  }
  return [...new Set(out)];
}

/**
 * Graphs: a numbered badge whose disc also covers another edge's line running beside its own, parallel to it (1 px or
 * more off its centre, less than the badge's radius): with the two lines 6 px apart under a 10-px badge, a reader cannot
 * tell which of the two the number labels (borders, 2026-12-07: rbac-denied's badges 2 and 5 under kube-apiserver).
 * A line crossing the badge's own line is not counted: it reads as a crossing. On the line itself: badgesOnSharedLines.
 */
export function badgesBesideLines(laid: LaidOut): string[] {
  const out: string[] = [];
  for (const b of badgeCircles(laid)) {
    const own = segments(b.e.points).find((s) => throughCentre(s, b.cx, b.cy));
    if (!own) continue;
    for (const o of laid.edges) {
      if (o === b.e || mayShare(b.e, o)) continue;
      if (segments(o.points).some((s) => besideCentre(s, b.cx, b.cy, b.r, own.horizontal))) out.push(`badge ${b.e.number} of ${b.e.id} also covers ${o.id}'s line beside its own`);
    }
  }
  return [...new Set(out)];
}

/** Text that was cut short with an ellipsis (what it says does not end with one): group headers and legend entries. */
export function clippedTexts(laid: LaidOut): string[] {
  const out: string[] = [];
  const norm = (s: string) => s.replace(/[\s·]/g, '');
  for (const n of laid.nodes) {
    if (n.kind !== 'group' && n.kind !== 'legend-entry') continue;
    for (const l of n.sublabel ? [n.label, n.sublabel] : [n.label]) {
      if (!l.lines || l.lines.length === 0) continue;
      if (norm(l.lines.join('')) !== norm(l.text)) out.push(`${n.id}: "${l.text}" drawn as "${l.lines.join(' | ')}"`);
    }
  }
  return out;
}

/*
 * Architecture pictures a reader can follow (issue 9 part 6): the checks of
 * test/layout/arch-clean.test.ts. Each returns its violations, worded.
 */

/** What a group's title bar draws: its icon, name and subtitle (one box, from the icon to the end of the last text), and each state tag. */
export function headerRects(n: LaidNode): Rect[] {
  const texts = [n.label, ...(n.sublabel ? [n.sublabel] : [])].filter((l) => (l.lines ?? [l.text]).some((s) => s.length > 0));
  const drawn = texts.map((l) => {
    const w = widest(l);
    const x = l.align === 'start' ? l.x : l.align === 'end' ? l.x + l.width - w : l.x + (l.width - w) / 2;
    return { x, y: l.y, width: w, height: l.height };
  });
  const out: Rect[] = [];
  if (drawn.length > 0) {
    const top = Math.min(...drawn.map((r) => r.y));
    const right = Math.max(...drawn.map((r) => r.x + r.width));
    const bottom = Math.max(...drawn.map((r) => r.y + r.height));
    // The icon stands before the name (as the SVG writer draws it).
    const left = n.icon !== undefined ? n.label.x - SPACE.groupIcon - 8 : n.label.x;
    out.push({ x: left, y: top, width: right - left, height: bottom - top });
  }
  for (const t of n.tags ?? []) out.push({ x: t.x, y: t.y, width: t.width, height: t.height });
  return out;
}

/** Does an orthogonal segment pass through the rectangle (shrunk by 1 px, so a line grazing its edge is not counted)? */
function segHitsRect(s: Seg, r: Rect): boolean {
  const [x1, y1, x2, y2] = [r.x + 1, r.y + 1, r.x + r.width - 1, r.y + r.height - 1];
  if (x2 <= x1 || y2 <= y1) return false;
  return s.x1 < x2 && s.x2 > x1 && s.y1 < y2 && s.y2 > y1;
}

/** Architecture: no edge runs through a group's title bar (a host's or the cluster's name, icon, subtitle) or a state tag. */
export function edgesThroughHeaders(laid: LaidOut): string[] {
  if (laid.view !== 'architecture') return [];
  const out: string[] = [];
  const headed = laid.nodes.filter((n) => n.kind === 'group' || (n.tags?.length ?? 0) > 0);
  for (const e of laid.edges) {
    for (const s of segments(e.points)) {
      for (const g of headed) {
        const rects = headerOrTags(g);
        rects.forEach((r, k) => {
          if (segHitsRect(s, r)) out.push(`${e.id} runs through the ${k === 0 && g.kind === 'group' ? 'header' : 'state tag'} of ${g.id}`);
        });
      }
    }
  }
  return [...new Set(out)];
}

function headerOrTags(g: LaidNode): Rect[] {
  return g.kind === 'group' ? headerRects(g) : (g.tags ?? []).map((t) => ({ x: t.x, y: t.y, width: t.width, height: t.height }));
}

/** The worker hosts of an architecture picture (groups with the node icon other than control-plane hosts), by name. */
export function workerHosts(laid: LaidOut): LaidNode[] {
  return laid.nodes
    .filter((n) => n.kind === 'group' && n.icon === 'node')
    .sort((a, b) => a.label.text.localeCompare(b.label.text, 'en', { numeric: true }));
}

/** How b stands to a: left/right when apart horizontally, above/below when apart vertically (both when apart both ways). */
function relation(a: Rect, b: Rect): string {
  const h = b.x >= a.x + a.width - EPS ? 'right' : a.x >= b.x + b.width - EPS ? 'left' : '';
  const v = b.y >= a.y + a.height - EPS ? 'below' : a.y >= b.y + b.height - EPS ? 'above' : '';
  return `${h}${v}` || 'overlapping';
}

/** The system components of a worker (not its Pods, which differ per node), keyed by icon. */
function systemParts(laid: LaidOut, host: LaidNode): Map<string, LaidNode> {
  const parts = new Map<string, LaidNode>();
  for (const n of laid.nodes) if (n.parent === host.id && n.icon !== undefined && n.icon !== 'pod' && n.icon !== 'container' && n.icon !== 'dns') parts.set(n.icon, n);
  return parts;
}

/**
 * What a worker holds, as one key: its boxes (icon and size; Pods included)
 * and its header's state tags. Two workers with the same key hold the same
 * drawing and should come out the same size.
 */
function contentKey(laid: LaidOut, host: LaidNode): string {
  const boxes = laid.nodes.filter((n) => n.parent === host.id).map((n) => `${n.icon ?? n.kind}${n.kind === 'group' ? '[]' : ''}:${Math.round(n.width)}x${Math.round(n.height)}`);
  const tags = (host.tags ?? []).map((t) => t.text);
  return `${boxes.sort().join(',')}|${tags.join(',')}`;
}

/**
 * Architecture: the workers are laid out alike and in name order.
 * - order: worker-2 stands after worker-1 in reading order (right of it, or below it, never left of or above it);
 * - inner order: the system components two workers both have (kubelet, runtime, kube-proxy, CNI plugin)
 *   stand to each other the same way (left/right, above/below) in both;
 * - widths: those components are as wide in every worker, and two workers that hold the same boxes are the same size.
 */
export function workersDiffer(laid: LaidOut): string[] {
  if (laid.view !== 'architecture') return [];
  const hosts = workerHosts(laid);
  const out: string[] = [];
  for (let i = 1; i < hosts.length; i++) {
    const [a, b] = [hosts[i - 1]!, hosts[i]!];
    const r = relation(a, b);
    if (!(r.startsWith('right') || r === 'below' || r === 'leftbelow')) out.push(`${b.id} stands ${r} of ${a.id}, not after it`);
  }
  const parts = hosts.map((h) => systemParts(laid, h));
  for (let i = 1; i < hosts.length; i++) {
    const [pa, pb] = [parts[0]!, parts[i]!];
    const common = [...pa.keys()].filter((k) => pb.has(k)).sort();
    for (const k of common) {
      if (Math.abs(pa.get(k)!.width - pb.get(k)!.width) > EPS) out.push(`${k} is ${pb.get(k)!.width} px wide in ${hosts[i]!.id}, ${pa.get(k)!.width} in ${hosts[0]!.id}`);
    }
    for (let x = 0; x < common.length; x++) {
      for (let y = x + 1; y < common.length; y++) {
        const [k, l] = [common[x]!, common[y]!];
        const [ra, rb] = [relation(pa.get(k)!, pa.get(l)!), relation(pb.get(k)!, pb.get(l)!)];
        if (ra !== rb) out.push(`${l} stands ${rb} of ${k} in ${hosts[i]!.id}, ${ra} in ${hosts[0]!.id}`);
      }
    }
  }
  const bySize = new Map<string, LaidNode>();
  for (const h of hosts) {
    const key = contentKey(laid, h);
    const first = bySize.get(key);
    if (first === undefined) bySize.set(key, h);
    else if (Math.abs(first.width - h.width) > 1 || Math.abs(first.height - h.height) > 1) out.push(`${h.id} is ${h.width}×${h.height}, ${first.id} holding the same boxes is ${first.width}×${first.height}`);
  }
  return out;
}

/** Length of an orthogonal route. */
export function routeLength(points: readonly { x: number; y: number }[]): number {
  let l = 0;
  for (let i = 1; i < points.length; i++) l += Math.abs(points[i]!.x - points[i - 1]!.x) + Math.abs(points[i]!.y - points[i - 1]!.y);
  return l;
}

/**
 * The detour bound: a route may be DETOUR_FACTOR times the Manhattan distance
 * between its ends, plus DETOUR_MARGIN px. The margin is what going round one
 * box in the way costs: out of a box's side, along a component box (226 px
 * wide at most, COMPONENT_TEXT_MAX + padding) and back, with the layer gaps
 * either side. The factor lets a route turn round a group corner (about 2× the
 * straight distance) but not run round the cluster.
 */
export const DETOUR_FACTOR = 2.5;
export const DETOUR_MARGIN = 240;

/** Architecture: no edge whose route is much longer than needed (DETOUR_FACTOR × its ends' Manhattan distance + DETOUR_MARGIN). */
export function edgeDetours(laid: LaidOut): string[] {
  if (laid.view !== 'architecture') return [];
  const out: string[] = [];
  for (const e of laid.edges) {
    if (e.points.length < 2) continue;
    const [a, b] = [e.points[0]!, e.points[e.points.length - 1]!];
    const direct = Math.abs(a.x - b.x) + Math.abs(a.y - b.y);
    const l = routeLength(e.points);
    if (l > DETOUR_FACTOR * direct + DETOUR_MARGIN) out.push(`${e.id} runs ${l.toFixed(0)} px between ends ${direct.toFixed(0)} px apart`);
  }
  return out;
}

/**
 * Graphs: two different edges' parallel segments closer than `gap` px (but
 * not on one line: that is a bus, edgeBuses) for more than BUS_MIN px side by
 * side — two lines a reader cannot tell apart. Edges drawn on one line on
 * purpose (mayShare) may share it exactly, not run just beside each other.
 */
export function nearParallelEdges(laid: LaidOut, gap = 5): string[] {
  return parallelRuns(laid, gap, BUS_MIN, (x, y) => x.d < y.d);
}

/** A stretch where two edges' parallel segments run `d` px apart for `run` px. */
interface ParallelRun {
  d: number;
  run: number;
}

/**
 * Graphs: every pair of different edges whose parallel segments stand at least
 * 1 px and less than `gap` px apart for more than `minRun` px, as one problem
 * naming its worst such stretch (`worse(x, y)`: x is worse than y).
 */
function parallelRuns(laid: LaidOut, gap: number, minRun: number, worse: (x: ParallelRun, y: ParallelRun) => boolean): string[] {
  if (laid.view === 'sequence') return [];
  const out: string[] = [];
  const segs = laid.edges.map((e) => segments(e.points));
  for (let i = 0; i < laid.edges.length; i++) {
    for (let j = i + 1; j < laid.edges.length; j++) {
      const [a, b] = [laid.edges[i]!, laid.edges[j]!];
      let worst: ParallelRun | undefined;
      for (const s of segs[i]!) {
        for (const t of segs[j]!) {
          if (s.horizontal !== t.horizontal) continue;
          const d = s.horizontal ? Math.abs(s.y1 - t.y1) : Math.abs(s.x1 - t.x1);
          if (d < 1 || d >= gap) continue;
          const run = s.horizontal ? Math.min(s.x2, t.x2) - Math.max(s.x1, t.x1) : Math.min(s.y2, t.y2) - Math.max(s.y1, t.y1);
          if (run > minRun && (worst === undefined || worse({ d, run }, worst))) worst = { d, run };
        }
      }
      if (worst) out.push(`${a.id} and ${b.id} run ${worst.d.toFixed(1)} px apart for ${worst.run.toFixed(0)} px`);
    }
  }
  return out;
}

/**
 * How far apart (px, centre line to centre line) two edges' tracks must stand
 * when they run side by side for long (TRACK_RUN): at 6 px (ELK's gap between
 * tracks, graph-elk.ts) the white between two 1.5-px strokes is 4.5 px at 1:1
 * and under 3 px in a 2000-px picture shown 1280 px wide, so a bundle of
 * edges into the API server reads as one thick line and a reader cannot tell
 * which badge belongs to which edge (gallery review D6: ha-control-plane's
 * watches 7 and 11, canary-release's 7, 8, 9 and 11).
 */
export const TRACK_GAP = 8;
/**
 * How long two edges may run closer than TRACK_GAP before they read as one
 * line: two badges' width (a badge is 2 × SPACE.badgeRadius = 20 px) and a
 * little, so a bend or a short jog beside another line is not counted.
 */
export const TRACK_RUN = 48;

/**
 * Graphs: two different edges running side by side, their parallel segments
 * closer than `gap` px (not on one line: edgeBuses) for more than `run` px —
 * a long double line (gallery review D6); edges drawn on one line on
 * purpose (mayShare) as well, which should share it exactly. One problem per
 * pair (its longest such run).
 * nearParallelEdges counts any two lines closer than 5 px for more than
 * BUS_MIN; this, the long runs at a gap that reads as one line once scaled.
 */
export function edgesSideBySide(laid: LaidOut, gap = TRACK_GAP, run = TRACK_RUN): string[] {
  return parallelRuns(laid, gap - EPS, run, (x, y) => x.run > y.run);
}

/**
 * How close (px, centre line to centre line) an edge may run beside a group's
 * border before the two read as one line. The border is a 1-px pale line (a
 * 1.75-px coloured one on a NotReady node), the edge 1.5 px: at 4 px apart
 * the white between them is 2.75 px at 1:1 and under 2.5 px once a column
 * picture up to 1000 px wide is scaled into a 900-px docs column — the two
 * antialiased strokes merge, and the reader cannot tell where the edge runs
 * (canary-release's kube-proxy → web-stable edge lay on worker-2's right
 * border: 0 px). 5 px and more stays two lines, as for two edges
 * (nearParallelEdges' gap).
 */
export const BORDER_NEAR = 4;
/**
 * How long an edge may run beside a border within BORDER_NEAR: a group's
 * corner radius (12 px, render/svg/shapes.ts drawGroup). Shorter is where an
 * edge crosses a border with a bend next to it; longer is an edge that
 * follows the border.
 */
export const BORDER_RUN = 12;

/** A stretch of a route along a group's border: segment i (points i, i+1), the side, how far from it and for how long. */
export interface BorderRun {
  i: number;
  group: LaidNode;
  side: 'top' | 'bottom' | 'left' | 'right';
  /** The border's cross-line coordinate (x of a left or right side, y of a top or bottom). */
  at: number;
  d: number;
  run: number;
}

/** The segments of a route that run along a group's border (BORDER_NEAR, BORDER_RUN), in route order. */
export function borderRuns(points: readonly { x: number; y: number }[], groups: readonly LaidNode[]): BorderRun[] {
  const out: BorderRun[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i]!, points[i + 1]!];
    const horizontal = Math.abs(a.y - b.y) < EPS;
    if (!horizontal && Math.abs(a.x - b.x) >= EPS) continue;
    const [lo, hi, at] = horizontal ? [Math.min(a.x, b.x), Math.max(a.x, b.x), a.y] : [Math.min(a.y, b.y), Math.max(a.y, b.y), a.x];
    if (hi - lo <= BORDER_RUN) continue;
    for (const g of groups) {
      const sides = horizontal
        ? ([['top', g.y], ['bottom', g.y + g.height]] as const)
        : ([['left', g.x], ['right', g.x + g.width]] as const);
      const [from, to] = horizontal ? [g.x, g.x + g.width] : [g.y, g.y + g.height];
      for (const [side, line] of sides) {
        const d = Math.abs(at - line);
        const run = Math.min(hi, to) - Math.max(lo, from);
        if (d <= BORDER_NEAR + EPS && run > BORDER_RUN) out.push({ i, group: g, side, at: line, d, run });
      }
    }
  }
  return out;
}

/**
 * Architecture: no edge segment runs along a group's border (a worker's, a
 * control-plane host's, the cluster's, a Pod's): parallel to one of its sides,
 * within BORDER_NEAR px of it (inside or outside), for more than BORDER_RUN
 * px — the edge and the border read as one line. One problem per edge and
 * group (its longest run).
 */
export function edgesAlongBorders(laid: LaidOut): string[] {
  if (laid.view !== 'architecture') return [];
  const out: string[] = [];
  const groups = laid.nodes.filter((n) => n.kind === 'group');
  for (const e of laid.edges) {
    const worst = new Map<LaidNode, BorderRun>();
    for (const r of borderRuns(e.points, groups)) if ((worst.get(r.group)?.run ?? 0) < r.run) worst.set(r.group, r);
    for (const r of worst.values()) out.push(`${e.id} runs along the ${r.side} border of ${r.group.id}, ${r.d.toFixed(1)} px from it for ${r.run.toFixed(0)} px`);
  }
  return out;
}

/**
 * The longest middle leg of a hook (see `hooks`): a route that runs out, steps
 * across by up to this many px and comes back the way it came reads as a
 * hook past the box or gap it aims at, not as a turn (JOG_MAX of
 * graph-tracks.ts straightenJogs, a Z's middle leg, is the same length).
 */
export const HOOK_MAX = 24;

/** A hook in a route: points i … i + 3, where it runs out along `ab` and back along `cd` the opposite way, `mid` px apart. */
export interface Hook {
  i: number;
  horizontal: boolean;
  ab: number;
  cd: number;
  mid: number;
}

/**
 * The hooks of an orthogonal route: three legs out, across (at most HOOK_MAX
 * px) and back, the first and last the opposite way (a U-turn): ELK's router
 * leaves them where an edge enters its box from the side away from where it
 * comes (canary-release: kube-proxy's deliver edges ran 18 px past worker-2's
 * Pods, stepped down 8 px and came back into them).
 */
export function hooks(points: readonly { x: number; y: number }[]): Hook[] {
  const out: Hook[] = [];
  for (let i = 0; i + 3 < points.length; i++) {
    const [a, b, c, d] = [points[i]!, points[i + 1]!, points[i + 2]!, points[i + 3]!];
    const along = (p: { x: number; y: number }, q: { x: number; y: number }, horizontal: boolean): boolean => (horizontal ? Math.abs(p.y - q.y) < EPS && Math.abs(p.x - q.x) >= EPS : Math.abs(p.x - q.x) < EPS && Math.abs(p.y - q.y) >= EPS);
    for (const horizontal of [true, false]) {
      if (!along(a, b, horizontal) || !along(b, c, !horizontal) || !along(c, d, horizontal)) continue;
      const [ab, cd, mid] = horizontal ? [b.x - a.x, d.x - c.x, Math.abs(c.y - b.y)] : [b.y - a.y, d.y - c.y, Math.abs(c.x - b.x)];
      if (Math.sign(ab) === -Math.sign(cd) && mid <= HOOK_MAX + EPS) out.push({ i, horizontal, ab, cd, mid });
    }
  }
  return out;
}

/** Architecture: no route with a hook (`hooks`: out, across by at most HOOK_MAX px, and back the way it came). */
export function edgeHooks(laid: LaidOut): string[] {
  if (laid.view !== 'architecture') return [];
  return laid.edges.flatMap((e) => hooks(e.points).map((h) => `${e.id} runs ${Math.abs(h.ab).toFixed(0)} px out, ${h.mid.toFixed(0)} across and ${Math.abs(h.cd).toFixed(0)} back`));
}
