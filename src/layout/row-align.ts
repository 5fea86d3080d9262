/**
 * A docs column's rows of workers lined up (issue 9): ELK places each row of
 * workers on the edges that feed it, so a row can stand staggered under the
 * row above, sharing neither its left edge, its right edge nor its centre
 * (canary-release's worker-2 at x 266–712 under worker-1 at 109–746). Here each
 * such row moves sideways onto the row above (by the smallest of the three
 * shifts that lines it up), with everything in it and the ends of the edges
 * that run into it; a row moves only where it stays within the cluster's
 * content and every edge keeps its right angles. graph.ts keeps the lined-up
 * layout only when no geometry check finds more problems in it.
 */
import type { LaidEdge, LaidNode } from './types.ts';
import { shiftNode } from './frame.ts';

/** Within this many px, two rows of workers line up by left edge, right edge or centre (test/views/column-fit.test.ts). */
export const ROW_ALIGN = 24;

type Point = { x: number; y: number };

/** How far above a moved row an edge that runs into it jogs sideways. */
const JOG = 12;
/** How far apart the jogs of two edges run. */
const JOG_GAP = 8;

/** The top-level workers of the cluster (groups with the node icon), in rows: those whose boxes overlap top to bottom stand side by side. */
export function workerRows(nodes: readonly LaidNode[]): LaidNode[][] {
  const hosts = nodes.filter((n) => n.icon === 'node' && n.parent === 'cluster' && n.kind === 'group').sort((a, b) => a.y - b.y || a.x - b.x);
  const rows: LaidNode[][] = [];
  for (const h of hosts) {
    const row = rows.find((r) => r.some((o) => h.y < o.y + o.height && o.y < h.y + h.height));
    if (row) row.push(h);
    else rows.push([h]);
  }
  return rows;
}

function span(row: readonly LaidNode[]): [number, number] {
  return [Math.min(...row.map((h) => h.x)), Math.max(...row.map((h) => h.x + h.width))];
}

function lined(a: readonly [number, number], b: readonly [number, number]): boolean {
  return Math.abs(a[0] - b[0]) <= ROW_ALIGN || Math.abs(a[1] - b[1]) <= ROW_ALIGN || Math.abs((a[0] + a[1]) / 2 - (b[0] + b[1]) / 2) <= ROW_ALIGN;
}

/** How many rows of workers stand staggered under the row above. */
export function staggeredRows(nodes: readonly LaidNode[]): number {
  const spans = workerRows(nodes).map(span);
  let n = 0;
  for (let i = 1; i < spans.length; i++) if (!lined(spans[i - 1]!, spans[i]!)) n++;
  return n;
}

const inside = (p: Point, n: LaidNode): boolean => p.x >= n.x - 0.5 && p.x <= n.x + n.width + 0.5 && p.y >= n.y - 0.5 && p.y <= n.y + n.height + 0.5;

/**
 * The row `moved` (top-level boxes of the cluster and what they hold) shifted
 * by dx, edges included; null when an edge would lose a right angle or an end
 * would leave its box.
 */
function shiftRow(nodes: readonly LaidNode[], edges: readonly LaidEdge[], moved: readonly LaidNode[], dx: number): { nodes: LaidNode[]; edges: LaidEdge[] } | null {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const tops = new Set(moved.map((n) => n.id));
  const within = (n: LaidNode): boolean => {
    for (let c: LaidNode | undefined = n; c !== undefined; c = c.parent !== null ? byId.get(c.parent) : undefined) if (tops.has(c.id)) return true;
    return false;
  };
  const outNodes = nodes.map((n) => (within(n) ? shiftNode(n, dx, 0) : n));
  const outEdges: LaidEdge[] = [];
  const top = Math.min(...moved.map((m) => m.y));
  // Each edge that jogs, on its own line (JOG_GAP further up than the one before), so two jogs do not draw one line.
  let jogged = 0;
  const still = nodes.filter((n) => n.kind === 'group' && n.id !== 'cluster' && !within(n));
  for (const e of edges) {
    const pts = e.points.map((p) => ({ ...p }));
    const on = pts.map((p) => moved.some((m) => inside(p, m)));
    if (!on.some(Boolean)) {
      outEdges.push(e);
      continue;
    }
    const shift = on.map(Boolean);
    // Vertical runs into the row that keep their corner (jogs): the index of the point outside the row.
    const jogs = new Set<number>();
    // Where the edge runs into the row vertically, the corner before it moves along (its horizontal run gets longer or
    // shorter); where that corner cannot move (an end on a box that the shift would leave, a straight run), the edge
    // jogs sideways just above the row.
    for (let i = 0; i < pts.length; i++) {
      if (!on[i]) continue;
      for (const j of [i - 1, i + 1]) {
        if (j < 0 || j >= pts.length || on[j]) continue;
        const [p, q] = [pts[j]!, pts[i]!];
        if (Math.abs(p.x - q.x) > 0.5) continue; // horizontal: only its length changes
        const k = j + (j - i);
        const end = k < 0 || k >= pts.length ? byId.get(j === 0 ? e.from : e.to) : undefined;
        // Not onto the side of a box that stays (canary-release: kube-proxy's edge down worker-1's right side): it jogs instead.
        const side = (x: number): boolean => still.some((g) => (Math.abs(x - g.x) < 1 || Math.abs(x - g.x - g.width) < 1) && g.y < q.y && p.y < g.y + g.height);
        const slides = !side(p.x + dx) && (end !== undefined ? p.x + dx >= end.x + 4 && p.x + dx <= end.x + end.width - 4 : Math.abs(pts[k]!.y - p.y) <= 0.5 && !shift[k]);
        if (slides) shift[j] = true;
        else if (p.y < q.y) jogs.add(j);
        else return null;
      }
    }
    const out: Point[] = [];
    const jogY = top - JOG - JOG_GAP * jogged;
    if (jogs.size > 0) jogged++;
    for (let i = 0; i < pts.length; i++) {
      const p = pts[i]!;
      const s = shift[i] ? { x: p.x + dx, y: p.y } : p;
      const nextJog = jogs.has(i) && i + 1 < pts.length && on[i + 1];
      const prevJog = jogs.has(i) && i > 0 && on[i - 1];
      if (prevJog) out.push({ x: p.x + dx, y: jogY }, { x: p.x, y: jogY });
      out.push(s);
      if (nextJog) out.push({ x: p.x, y: jogY }, { x: p.x + dx, y: jogY });
    }
    const points = out;
    // Right angles kept.
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1]!, points[i]!];
      if (Math.abs(a.x - b.x) > 0.5 && Math.abs(a.y - b.y) > 0.5) return null;
    }
    outEdges.push({ ...e, points });
  }
  return { nodes: outNodes, edges: outEdges };
}

/**
 * Each staggered row of workers moved onto the row above it, top to bottom:
 * by the smallest shift that lines up left edges, right edges or centres and
 * keeps the row within the cluster's content (no wider picture). Rows that
 * cannot move stay.
 */
export function alignRows(nodes: readonly LaidNode[], edges: readonly LaidEdge[]): { nodes: LaidNode[]; edges: LaidEdge[] } {
  let cur = { nodes: [...nodes], edges: [...edges] };
  const rowCount = workerRows(nodes).length;
  for (let i = 1; i < rowCount; i++) {
    const rows = workerRows(cur.nodes);
    const [above, row] = [rows[i - 1], rows[i]];
    if (above === undefined || row === undefined) break;
    const [a, b] = [span(above), span(row)];
    if (lined(a, b)) continue;
    const kids = cur.nodes.filter((n) => n.parent === 'cluster');
    const [top, bottom] = [Math.min(...row.map((h) => h.y)), Math.max(...row.map((h) => h.y + h.height))];
    // The row: every box of the cluster beside its workers (an unscheduled Pod, a folded worker, CoreDNS).
    const moved = kids.filter((n) => n.y < bottom && top < n.y + n.height);
    const others = kids.filter((n) => !moved.includes(n));
    const [lo, hi] = [Math.min(...kids.map((n) => n.x)), Math.max(...kids.map((n) => n.x + n.width))];
    const [m0, m1] = [Math.min(...moved.map((n) => n.x)), Math.max(...moved.map((n) => n.x + n.width))];
    const shifts = [a[0] - b[0], a[1] - b[1], (a[0] + a[1]) / 2 - (b[0] + b[1]) / 2].sort((p, q) => Math.abs(p) - Math.abs(q) || p - q);
    for (const dx of shifts) {
      if (m0 + dx < lo - 0.5 || m1 + dx > hi + 0.5) continue;
      const clash = others.some((o) => moved.some((m) => m.x + dx < o.x + o.width && o.x < m.x + m.width + dx && m.y < o.y + o.height && o.y < m.y + m.height));
      if (clash) continue;
      const next = shiftRow(cur.nodes, cur.edges, moved, dx);
      if (next !== null) {
        cur = next;
        break;
      }
    }
  }
  return cur;
}
