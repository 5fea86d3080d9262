/**
 * Twin workers drawn alike (issue 9 part 6: identical nodes share the same inner layout). The worker template
 * (graph-elk.ts workerTemplate) gives every worker's boxes one layer and one place, but ELK widens the gap between two
 * layers of one worker by the tracks of the edges routed through it (worker-2 pulls the image, worker-1 has it cached:
 * the pull's edge runs between worker-2's kubelet and its runtime), so one worker comes out taller than its twin.
 * After routing, every worker of a row that holds the same boxes is given the largest gap of the row before each of
 * its layers, and the row's largest extent: its boxes move along the layers' axis, and the edges' points inside it
 * move with a piecewise-linear stretch of that axis (a track between two layers stays between them), so every route
 * stays orthogonal and keeps its crossings. Then, across the layers, each box of such a row stands as near the worker's
 * side as in the twin where it stands nearest, every twin as wide (alignAcross): summary workers too, which no template
 * places (probes: an edge jogging between two layers of worker-1 set its second layer 12 px further in).
 */
import type { LaidEdge, LaidNode } from './types.ts';

type Point = { x: number; y: number };
type Axis = 'x' | 'y';

const EPS = 0.5;

/** The boxes of a worker in its layers: runs of boxes whose extents along the layers' axis overlap, first layer first. */
interface Band {
  start: number;
  end: number;
  kids: LaidNode[];
  key: string;
}

interface Worker {
  host: LaidNode;
  bands: Band[];
}

function bandsOf(host: LaidNode, nodes: readonly LaidNode[], main: Axis): Band[] {
  const size = main === 'y' ? 'height' : 'width';
  const kids = nodes.filter((n) => n.parent === host.id).sort((a, b) => a[main] - b[main] || a.id.localeCompare(b.id));
  const bands: Band[] = [];
  for (const k of kids) {
    const last = bands[bands.length - 1];
    if (last !== undefined && k[main] < last.end - EPS) {
      last.kids.push(k);
      last.end = Math.max(last.end, k[main] + k[size]);
    } else bands.push({ start: k[main], end: k[main] + k[size], kids: [k], key: '' });
  }
  for (const b of bands) {
    b.key = b.kids
      .map((k) => `${k.icon ?? k.kind}${k.kind === 'group' ? '[]' : ''}:${Math.round(k.width)}x${Math.round(k.height)}`)
      .sort()
      .join(',');
  }
  return bands;
}

/**
 * Gives the workers `hosts` (ids) that stand in one row (same start along the layers' axis: `direction` DOWN → y)
 * and hold the same boxes in the same layers one layout along that axis: each layer as far from the worker's start
 * as in the worker of the row where it is furthest, and the row's largest extent. A row whose workers would grow
 * beyond the row's largest extent (one has the larger gap above its layers, another below) is left as it is: the
 * room beyond belongs to the edges between the rows.
 */
export function equaliseTwins(nodes: LaidNode[], edges: LaidEdge[], hosts: ReadonlySet<string>, direction: 'DOWN' | 'RIGHT'): void {
  const main: Axis = direction === 'DOWN' ? 'y' : 'x';
  const workers: Worker[] = nodes.filter((n) => hosts.has(n.id)).map((host) => ({ host, bands: bandsOf(host, nodes, main) }));
  const rows = new Map<string, Worker[]>();
  for (const w of workers) {
    if (w.bands.length === 0) continue;
    const key = `${Math.round(w.host[main])}|${w.bands.map((b) => b.key).join('|')}`;
    rows.set(key, [...(rows.get(key) ?? []), w]);
  }
  for (const row of rows.values()) {
    if (row.length < 2) continue;
    equaliseRow(row, nodes, edges, main);
    alignAcross(row, nodes, edges, main);
  }
}

type Rect = { x: number; y: number; width: number; height: number };

/**
 * Across the layers (x top-down), twin workers of one row stand their boxes at one offset from the worker's side and
 * are one size: ELK centres a layer's boxes on the edges that reach them, so an edge that jogs between two layers of one
 * worker (probes at summary: worker-1's container exit leaves its deleted Pod's box for the kubelet, worker-2's runs
 * straight from its live Pods box) set that layer 12 px further in, and the worker 11 px wider than its twin. Each box
 * takes the smallest offset its role has in the row (a box only moves towards the worker's start, into room ELK left
 * free), and every worker the row's widest extent of boxes plus the smallest margin after them. No route is changed:
 * the row is left as it is when an edge end on a moved box would then miss it, a route would run through a moved box,
 * or a route runs through the strip a worker gives up or takes.
 */
function alignAcross(row: readonly Worker[], nodes: LaidNode[], edges: readonly LaidEdge[], main: Axis): void {
  const cross: Axis = main === 'y' ? 'x' : 'y';
  const crossSize = main === 'y' ? 'width' : 'height';
  const lanes = row.map((w) => w.bands.map((b) => [...b.kids].sort((a, c) => a[cross] - c[cross] || a.id.localeCompare(c.id))));
  const key = (k: LaidNode) => `${k.icon ?? k.kind}:${Math.round(k.width)}x${Math.round(k.height)}`;
  const first = lanes[0]!;
  if (lanes.some((l) => l.length !== first.length || l.some((kids, b) => kids.length !== first[b]!.length || kids.some((k, j) => key(k) !== key(first[b]![j]!))))) return;
  const offset = (w: number, b: number, j: number) => lanes[w]![b]![j]![cross] - row[w]!.host[cross];
  // A worker whose boxes all stand further in than its twin's is padded for its header (a taint tag wider than its
  // boxes: scheduling-constraints' gpu-1), not pushed by an edge: left as it is.
  const inset = row.map((_w, w) => Math.min(...lanes[w]!.flat().map((k) => k[cross] - row[w]!.host[cross])));
  if (inset.some((v) => Math.abs(v - inset[0]!) > EPS)) return;
  const target = first.map((kids, b) => kids.map((_, j) => Math.min(...row.map((_w, w) => offset(w, b, j)))));
  const end = (w: Worker, l: LaidNode[][]) => Math.max(...l.flat().map((k) => k[cross] + k[crossSize])) - w.host[cross];
  const margin = Math.min(...row.map((w, i) => w.host[crossSize] - end(w, lanes[i]!)));
  const extent = Math.max(...first.flatMap((kids, b) => kids.map((k, j) => target[b]![j]! + k[crossSize]))) + margin;
  const plans = row.map((w, i) => {
    const moves = lanes[i]!.flatMap((kids, b) => kids.map((k, j) => ({ kid: k, d: w.host[cross] + target[b]![j]! - k[cross] }))).filter((m) => Math.abs(m.d) > 1e-9);
    return { w, moves };
  });
  if (plans.every((p) => p.moves.length === 0 && Math.abs(p.w.host[crossSize] - extent) < EPS)) return;
  // Nor a worker whose header (name, subtitle, state tags) would not fit the new extent with the room before it after it.
  if (main === 'y' && row.some((w) => headerEnd(w.host) > w.host.x + extent - (w.host.label.x - w.host.x) + EPS)) return;
  if (!plans.every((p) => acrossIsSafe(p.w.host, p.moves, extent, nodes, edges, main))) return;
  for (const { w, moves } of plans) {
    for (const { kid, d } of moves) for (const n of withDescendants(kid, nodes)) moveNode(n, cross, d);
    w.host[crossSize] = extent;
  }
}

/** Moving `moves` across the layers and giving `host` the extent `extent` leaves every route as it was, still sound. */
function acrossIsSafe(host: LaidNode, moves: readonly { kid: LaidNode; d: number }[], extent: number, nodes: readonly LaidNode[], edges: readonly LaidEdge[], main: Axis): boolean {
  const cross: Axis = main === 'y' ? 'x' : 'y';
  const [size, crossSize] = main === 'y' ? (['height', 'width'] as const) : (['width', 'height'] as const);
  const segments = edges.flatMap((e) => e.points.slice(1).map((q, i) => [e.points[i]!, q] as const));
  const points = edges.flatMap((e) => e.points);
  for (const { kid, d } of moves) {
    const moved: Rect = { ...rectOf(kid), [cross]: kid[cross] + d };
    // An edge end on the box stays on its border facing the layers, within the box's new span.
    for (const p of points) {
      if (!within(p, rectOf(kid), 0.5)) continue;
      const onFace = Math.abs(p[main] - kid[main]) < 0.5 || Math.abs(p[main] - (kid[main] + kid[size])) < 0.5;
      if (!onFace || p[cross] < moved[cross] + 2 || p[cross] > moved[cross] + moved[crossSize] - 2) return false;
    }
    if (segments.some(([a, b]) => crosses(a, b, moved))) return false;
  }
  // The strip the worker gives up or takes holds no route, and what it takes no other box.
  const [from, to] = [host[cross] + Math.min(host[crossSize], extent), host[cross] + Math.max(host[crossSize], extent)];
  if (to - from < 1e-9) return true;
  const strip: Rect = main === 'y' ? { x: from, y: host.y, width: to - from, height: host.height } : { x: host.x, y: from, width: host.width, height: to - from };
  if (segments.some(([a, b]) => crosses(a, b, strip, -0.5))) return false;
  if (extent > host[crossSize]) {
    const mine = new Set(withDescendants(host, nodes));
    if (nodes.some((n) => !mine.has(n) && n.id !== host.parent && overlaps(rectOf(n), strip))) return false;
  }
  return true;
}

/** Where a worker's header ends on the right: its name, subtitle and state tags. */
function headerEnd(host: LaidNode): number {
  return Math.max(...[host.label, ...(host.sublabel ? [host.sublabel] : []), ...(host.tags ?? [])].map((t) => t.x + t.width));
}

function rectOf(n: LaidNode): Rect {
  return { x: n.x, y: n.y, width: n.width, height: n.height };
}

function within(p: Point, r: Rect, tol: number): boolean {
  return p.x >= r.x - tol && p.x <= r.x + r.width + tol && p.y >= r.y - tol && p.y <= r.y + r.height + tol;
}

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The orthogonal segment a–b runs into r shrunk by `inset` px (a negative inset grows it). */
function crosses(a: Point, b: Point, r: Rect, inset = 1): boolean {
  const box: Rect = { x: r.x + inset, y: r.y + inset, width: r.width - 2 * inset, height: r.height - 2 * inset };
  if (box.width <= 0 || box.height <= 0) return false;
  const seg: Rect = { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), width: Math.abs(a.x - b.x), height: Math.abs(a.y - b.y) };
  return seg.x < box.x + box.width && box.x < seg.x + seg.width + 1e-9 && seg.y < box.y + box.height && box.y < seg.y + seg.height + 1e-9;
}

function equaliseRow(row: readonly Worker[], nodes: LaidNode[], edges: LaidEdge[], main: Axis): void {
  const size = main === 'y' ? 'height' : 'width';
  const count = row[0]!.bands.length;
  const extent = (w: Worker, k: number) => w.bands[k]!.end - w.bands[k]!.start;
  // Layers as long in every worker (the same boxes, lined up alike), or nothing to line up.
  for (let k = 0; k < count; k++) if (row.some((w) => Math.abs(extent(w, k) - extent(row[0]!, k)) > EPS)) return;
  const target: number[] = [];
  for (let k = 0; k < count; k++) target.push(Math.max(...row.map((w) => w.bands[k]!.start - w.host[main])));
  const tail = Math.max(...row.map((w) => w.host[main] + w.host[size] - w.bands[count - 1]!.end));
  const whole = target[count - 1]! + extent(row[0]!, count - 1) + tail;
  const largest = Math.max(...row.map((w) => w.host[size]));
  if (whole > largest + EPS) return;
  for (const w of row) {
    const s = w.host[main];
    // Breakpoints of the stretch: the worker's start, each layer's start and end, the worker's end.
    const from: number[] = [s];
    const to: number[] = [s];
    w.bands.forEach((b, k) => {
      from.push(b.start, b.end);
      to.push(s + target[k]!, s + target[k]! + (b.end - b.start));
    });
    from.push(s + w.host[size]);
    to.push(s + largest);
    const stretch = (v: number): number => {
      for (let i = 1; i < from.length; i++) {
        const [a, b] = [from[i - 1]!, from[i]!];
        if (v > b + 1e-9) continue;
        if (b - a < 1e-9) return to[i]!;
        return to[i - 1]! + ((v - a) * (to[i]! - to[i - 1]!)) / (b - a);
      }
      return v;
    };
    if (from.every((v, i) => Math.abs(to[i]! - v) < 1e-9)) continue;
    const cross: Axis = main === 'y' ? 'x' : 'y';
    const crossSize = main === 'y' ? 'width' : 'height';
    const inside = (p: Point) => p[cross] >= w.host[cross] - 1e-9 && p[cross] <= w.host[cross] + w.host[crossSize] + 1e-9 && p[main] >= s - 1e-9 && p[main] <= s + w.host[size] + 1e-9;
    for (const e of edges) {
      const moved = e.points.map((p) => inside(p));
      if (!moved.some(Boolean)) continue;
      const old = e.points.map((p) => ({ ...p }));
      e.points = e.points.map((p, i) => (moved[i] ? { ...p, [main]: stretch(p[main]) } : { ...p }));
      e.points = squared(e.points, old, moved, main, w.host);
    }
    // The boxes (and what they hold) move with their layer.
    w.bands.forEach((b, k) => {
      const d = s + target[k]! - b.start;
      if (Math.abs(d) < 1e-9) return;
      for (const kid of b.kids) for (const n of withDescendants(kid, nodes)) moveNode(n, main, d);
    });
    w.host[size] = largest;
  }
}

/**
 * A segment that ran across the layers' axis out of the worker (a side exit) has one end stretched and one not: the
 * end outside moves with it when it is a bend (the segment before it runs along the axis and just changes length),
 * else a jog along the axis is put halfway between that end and the worker's side.
 */
function squared(points: Point[], before: readonly Point[], moved: readonly boolean[], main: Axis, host: LaidNode): Point[] {
  const cross: Axis = main === 'y' ? 'x' : 'y';
  const crossSize = main === 'y' ? 'width' : 'height';
  const out = points.map((p) => ({ ...p }));
  const old = before.map((p) => ({ ...p }));
  const fixed = [...moved];
  for (let guard = 0; guard < out.length; guard++) {
    let changed = false;
    for (let i = 1; i < out.length; i++) {
      const [p, q] = [out[i - 1]!, out[i]!];
      if (Math.abs(p.x - q.x) < 1e-6 || Math.abs(p.y - q.y) < 1e-6) continue;
      // Was it a segment across the axis (its main coordinate shared)? Only then is it ours to square.
      if (Math.abs(old[i - 1]![main] - old[i]![main]) > 1e-6) continue;
      const [o, inner] = fixed[i - 1] ? [i, i - 1] : [i - 1, i];
      if (fixed[o]) continue;
      if (o !== 0 && o !== out.length - 1) {
        out[o]![main] = out[inner]![main];
        fixed[o] = true;
        changed = true;
        continue;
      }
      // An end outside the worker: a jog halfway between it and the worker's side.
      const side = out[o]![cross] < host[cross] ? host[cross] : host[cross] + host[crossSize];
      const mid = (out[o]![cross] + side) / 2;
      const jog = [
        { [cross]: mid, [main]: out[o]![main] },
        { [cross]: mid, [main]: out[inner]![main] },
      ] as Point[];
      const at = Math.max(o, inner);
      out.splice(at, 0, ...(o < inner ? jog : jog.reverse()));
      fixed.splice(at, 0, true, true);
      old.splice(at, 0, ...jog.map((p) => ({ ...p })));
      changed = true;
      break;
    }
    if (!changed) break;
  }
  return out;
}

function withDescendants(n: LaidNode, nodes: readonly LaidNode[]): LaidNode[] {
  const out = [n];
  for (let i = 0; i < out.length; i++) for (const m of nodes) if (m.parent === out[i]!.id) out.push(m);
  return out;
}

function moveNode(n: LaidNode, main: Axis, d: number): void {
  n[main] += d;
  n.label = { ...n.label, [main]: n.label[main] + d };
  if (n.sublabel) n.sublabel = { ...n.sublabel, [main]: n.sublabel[main] + d };
  if (n.tags) n.tags = n.tags.map((t) => ({ ...t, [main]: t[main] + d }));
}
