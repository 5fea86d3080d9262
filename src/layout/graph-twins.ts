/**
 * Twin workers drawn alike (issue 9 part 6: identical nodes share the same inner layout). The worker template
 * (graph-elk.ts workerTemplate) gives every worker's boxes one layer and one place, but ELK widens the gap between two
 * layers of one worker by the tracks of the edges routed through it (worker-2 pulls the image, worker-1 has it cached:
 * the pull's edge runs between worker-2's kubelet and its runtime), so one worker comes out taller than its twin.
 * After routing, every worker of a row that holds the same boxes is given the largest gap of the row before each of
 * its layers, and the row's largest extent: its boxes move along the layers' axis, and the edges' points inside it
 * move with a piecewise-linear stretch of that axis (a track between two layers stays between them), so every route
 * stays orthogonal and keeps its crossings.
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
  for (const row of rows.values()) if (row.length > 1) equaliseRow(row, nodes, edges, main);
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
