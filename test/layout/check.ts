/**
 * Geometry invariants every laid-out view must satisfy; each returns the list
 * of violations (empty = fine), so a failing test says exactly what is wrong.
 */
import type { LaidLabel, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { textWidth } from '../../src/layout/measure.ts';
import { actorCrossings } from '../../src/layout/crossings.ts';

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

export function allProblems(laid: LaidOut): string[] {
  return [...siblingOverlaps(laid), ...childrenOutside(laid), ...labelsOverflow(laid), ...edgeLabelsCovering(laid), ...outsideCanvas(laid), ...edgesThroughBoxes(laid)];
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
      const hit = segments(o.points).some((s) => (s.horizontal ? Math.abs(s.y1 - cy) < 1 && cx >= s.x1 - EPS && cx <= s.x2 + EPS : Math.abs(s.x1 - cx) < 1 && cy >= s.y1 - EPS && cy <= s.y2 + EPS));
      if (hit) out.push(`badge ${e.number} of ${e.id} sits on ${o.id}'s line`);
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
