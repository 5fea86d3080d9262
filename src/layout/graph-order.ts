/**
 * Name order within a row. ELK's hierarchical crossing minimisation ignores
 * the model order, so three workers may come out as worker-3, worker-1,
 * worker-2. After layout, siblings of one kind that sit side by side in one
 * row (same top) are put back into the view's
 * order (which is natural name order): each box moves with everything inside
 * it, and the edges that enter it keep their route outside and move their
 * last (or first) leg with it — orthogonal routes stay orthogonal, since a
 * vertical leg moves as a whole and horizontal legs just get longer or
 * shorter.
 */
import type { GraphNode } from '../views/types.ts';
import type { LaidEdge, LaidLabel, LaidNode } from './types.ts';
import { naturalCompare } from '../views/common/components.ts';

type Point = { x: number; y: number };

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const EPS = 0.5;

function inside(p: Point, b: Box): boolean {
  return p.x >= b.x - EPS && p.x <= b.x + b.width + EPS && p.y >= b.y - EPS && p.y <= b.y + b.height + EPS;
}

export function restoreRowOrder(viewNodes: readonly GraphNode[], nodes: LaidNode[], edges: LaidEdge[]): void {
  const order = new Map(viewNodes.map((n, i) => [n.id, i]));
  const byParent = new Map<string | null, LaidNode[]>();
  for (const n of nodes) byParent.set(n.parent, [...(byParent.get(n.parent) ?? []), n]);
  const descendants = (id: string): LaidNode[] => (byParent.get(id) ?? []).flatMap((c) => [c, ...descendants(c.id)]);
  for (const siblings of byParent.values()) {
    for (const row of rowsOf(siblings)) {
      row.sort((a, b) => a.x - b.x);
      // Runs of one kind (icon) next to each other.
      let start = 0;
      for (let i = 1; i <= row.length; i++) {
        if (i < row.length && row[i]!.icon === row[start]!.icon && row[i]!.kind === row[start]!.kind) continue;
        if (i - start > 1) reorderRun(row.slice(start, i), byOrder(row.slice(start, i), order), descendants, edges, siblings);
        start = i;
      }
      // Groups of one kind (the worker hosts) with another box between them
      // (the objects group): the hosts go into name order and the boxes
      // between them move to their right, keeping their own order. Only
      // groups: reordering components across others would undo ELK's
      // crossing minimisation.
      const groups = new Map<string, LaidNode[]>();
      // The box that stands for folded workers (`worker-2, worker-3 · same layout as worker-1`) goes with them, after the worker it copies.
      for (const n of row) if (n.kind === 'group' || n.id.startsWith('fold:')) groups.set(n.icon ?? '', [...(groups.get(n.icon ?? '') ?? []), n]);
      for (const members of groups.values()) {
        if (members.length < 2) continue;
        const current = [...row].sort((a, b) => a.x - b.x);
        const first = Math.min(...members.map((m) => current.indexOf(m)));
        const last = Math.max(...members.map((m) => current.indexOf(m)));
        const segment = current.slice(first, last + 1);
        // By name: the box of folded workers (`worker-3 · same layout as worker-1`) after the workers it follows.
        const named = [...members].sort((a, b) => naturalCompare(a.label.text, b.label.text));
        reorderRun(segment, [...named, ...segment.filter((n) => !members.includes(n))], descendants, edges, siblings);
      }
    }
  }
}

/** How far apart the tops of two boxes of one layer may be: ELK centres a layer's boxes, so a box with a sublabel line starts a little higher. */
const ROW_SLACK = 8;

/** Siblings side by side in one layer (their tops or their middles within ROW_SLACK), left to right. */
function rowsOf(siblings: readonly LaidNode[]): LaidNode[][] {
  const rows: LaidNode[][] = [];
  const middle = (n: LaidNode) => n.y + n.height / 2;
  const together = (a: LaidNode, b: LaidNode) => Math.abs(a.y - b.y) < ROW_SLACK || Math.abs(middle(a) - middle(b)) < ROW_SLACK;
  for (const s of [...siblings].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const row = rows.find((r) => r.every((m) => together(m, s) && (m.x + m.width <= s.x || s.x + s.width <= m.x)));
    if (row) row.push(s);
    else rows.push([s]);
  }
  return rows;
}

function byOrder(nodes: readonly LaidNode[], order: Map<string, number>): LaidNode[] {
  return [...nodes].sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}

function reorderRun(run: LaidNode[], wanted: LaidNode[], descendants: (id: string) => LaidNode[], edges: LaidEdge[], siblings: readonly LaidNode[]): void {
  if (wanted.every((n, i) => n === run[i])) return;
  const gaps = run.slice(1).map((n, i) => n.x - (run[i]!.x + run[i]!.width));
  let x = run[0]!.x;
  const moves: { box: Box; dx: number; members: LaidNode[] }[] = [];
  wanted.forEach((n, i) => {
    const dx = x - n.x;
    moves.push({ box: { x: n.x, y: n.y, width: n.width, height: n.height }, dx, members: [n, ...descendants(n.id)] });
    x += n.width + (gaps[i] ?? 0);
  });
  // Boxes of one layer differ a little in top and height: a moved box must not land on a sibling outside the run.
  const others = siblings.filter((s) => !run.includes(s));
  const lands = (m: { box: Box; dx: number }) => others.some((o) => m.box.x + m.dx < o.x + o.width && o.x < m.box.x + m.dx + m.box.width && m.box.y < o.y + o.height && o.y < m.box.y + m.box.height);
  if (moves.some(lands)) return;
  // Which box an edge end lies in is decided on the positions before any move.
  const moving = moves.filter((m) => m.dx !== 0);
  for (const e of edges) moveEdgeEnds(e, moving);
  for (const m of moving) for (const n of m.members) shiftNodeX(n, m.dx);
}

function shiftLabelX<T extends LaidLabel>(l: T, dx: number): T {
  return { ...l, x: l.x + dx };
}

function shiftNodeX(n: LaidNode, dx: number): void {
  n.x += dx;
  n.label = shiftLabelX(n.label, dx);
  if (n.sublabel) n.sublabel = shiftLabelX(n.sublabel, dx);
  if (n.tags) n.tags = n.tags.map((t) => shiftLabelX(t, dx));
}

/**
 * Moves the part of an edge inside `box` (its first or last points) by dx. A
 * vertical leg that enters the box gets a jog just outside the box, in the
 * gap between layers, so the rest of the route stays where ELK put it.
 */
function moveEdgeEnds(e: LaidEdge, moves: readonly { box: Box; dx: number }[]): void {
  const pts = e.points;
  if (pts.length === 0) return;
  const whole = moves.find((m) => pts.every((p) => inside(p, m.box)));
  if (whole) {
    e.points = pts.map((p) => ({ x: p.x + whole.dx, y: p.y }));
    return;
  }
  const shiftEnd = (list: Point[], original: Point): Point[] => {
    const m = moves.find((mv) => inside(original, mv.box));
    if (m === undefined) return list;
    const { box, dx } = m;
    let n = 0;
    while (n < list.length && inside(list[n]!, box)) n++;
    if (n === 0) return list;
    const moved = list.slice(0, n).map((p) => ({ x: p.x + dx, y: p.y }));
    const outer = list[n]!;
    const edge = list[n - 1]!;
    if (Math.abs(outer.x - edge.x) >= EPS) return [...moved, ...list.slice(n)];
    // Vertical leg: jog in the gap just outside the box.
    const y = outer.y < box.y ? box.y - JOG : box.y + box.height + JOG;
    return [...moved, { x: edge.x + dx, y }, { x: outer.x, y }, ...list.slice(n)];
  };
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const fromStart = shiftEnd(pts.map((p) => ({ ...p })), first);
  e.points = shiftEnd(fromStart.reverse(), last).reverse();
}

/** How far outside a moved box the jog of an entering edge runs. */
const JOG = 12;
