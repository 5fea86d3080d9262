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
