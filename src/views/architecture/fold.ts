/**
 * Identical workers share one inner layout: at `summary`, worker nodes
 * that run the same components, the same kinds of Pods in the same states
 * and carry the same state tags are drawn once. The first by name is drawn in
 * full; the others become one compact box beside it (`worker-2, worker-3` ·
 * `same as worker-1`), and what ran on them is drawn on the first one's boxes,
 * so the edges of three kubelets are one edge with a count (`watch pods (×3)`).
 *
 * A worker with a Pod that sends or receives traffic in the focus is never
 * folded: the packet must end on the node it really reached.
 */
import type { GraphNode } from '../types.ts';
import { pushTo } from '../common/collections.ts';
import { CLUSTER_ID } from './nodes.ts';
import { plural } from '../../common/text.ts';
import { firstOf, moreCount } from '../common/more.ts';
import { guessedWorkload } from '../../common/generated-names.ts';

export interface Folded {
  nodes: GraphNode[];
  /** Original component/pod id → the worker it ran on, for every id now drawn on a folded group's first worker. */
  foldHost: Map<string, string>;
}

/** Most entries a compact box's list of worker names has, `+N more` included. */
const NAMES_LISTED = 3;

export function foldWorkers(nodes: GraphNode[], drawnAs: Map<string, string>, traffic: ReadonlySet<string>, workloads: ReadonlyMap<string, string>): Folded {
  const children = new Map<string, GraphNode[]>();
  for (const n of nodes) if (n.parent !== null) pushTo(children, n.parent, n);
  const subtree = (id: string): GraphNode[] => (children.get(id) ?? []).flatMap((c) => [c, ...subtree(c.id)]);
  const workers = nodes.filter((n) => n.parent === CLUSTER_ID && n.id.startsWith('host:') && n.icon === 'node');
  const groups = new Map<string, GraphNode[]>();
  for (const w of workers) {
    const inside = subtree(w.id);
    if (inside.some((n) => traffic.has(n.id))) continue;
    pushTo(groups, signature(w, inside, workloads), w);
  }
  const foldHost = new Map<string, string>();
  const removed = new Map<string, string>();
  const compact = new Map<string, GraphNode>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const [first, ...rest] = group as [GraphNode, ...GraphNode[]];
    const firstInside = subtree(first.id);
    for (const n of firstInside) foldHost.set(n.id, first.label);
    const box = compactBox(first, rest, rest.map((w) => subtree(w.id)));
    compact.set(first.id, box);
    for (const w of rest) {
      removed.set(w.id, box.id);
      subtree(w.id).forEach((n, i) => {
        removed.set(n.id, firstInside[i]!.id);
        foldHost.set(n.id, w.label);
      });
    }
  }
  if (removed.size === 0) return { nodes, foldHost };
  // Ids drawn as a box that is gone are drawn as its twin on the first worker.
  for (const [key, value] of drawnAs) {
    const to = removed.get(value);
    if (to === undefined) continue;
    drawnAs.set(key, to);
    if (!foldHost.has(key)) foldHost.set(key, foldHost.get(value) ?? '');
  }
  for (const [key, value] of drawnAs) if (!foldHost.has(key) && foldHost.has(value)) foldHost.set(key, foldHost.get(value)!);
  for (const box of compact.values()) drawnAs.set(box.id, box.id);
  const out: GraphNode[] = [];
  const pending = new Map<string, GraphNode>();
  for (const n of nodes) {
    if (removed.has(n.id)) continue;
    // The compact box follows the first worker's last box, so it is laid out beside it.
    for (const [host, box] of pending) {
      if (!isInside(n, host, nodes)) {
        out.push(box);
        pending.delete(host);
      }
    }
    out.push(n);
    if (compact.has(n.id)) pending.set(n.id, compact.get(n.id)!);
  }
  out.push(...pending.values());
  return { nodes: out, foldHost };
}

function isInside(n: GraphNode, host: string, nodes: GraphNode[]): boolean {
  const byId = new Map(nodes.map((x) => [x.id, x]));
  for (let p = n.parent; p !== null; p = byId.get(p)?.parent ?? null) if (p === host) return true;
  return false;
}

/** What makes two workers look the same: state, tags, and every box inside by kind, name and state. */
function signature(host: GraphNode, inside: GraphNode[], workloads: ReadonlyMap<string, string>): string {
  const parts = [host.emphasis, JSON.stringify(host.tags ?? [])];
  for (const n of inside) parts.push([n.icon, n.shape, n.emphasis, n.icon === 'pod' ? podKind(n, workloads) : n.label, n.parent === host.id ? '' : '·'].join(':'));
  return parts.join('\u0000');
}

/**
 * A Pod's box by its workloads and states, not by its names or counts: `web-7c5ddbdf54-x2kqp · Running · 10.244.1.2`
 * and `2 Pods · web · Running` are both `Running, web`; `web · 1 Running, 1 deleted` and `web · 2 Running, 1 deleted`
 * are both `Running, deleted, web` (how many Pods the compact box says). A Pod that went through a failure
 * (`CreateContainerConfigError in steps 4–8, then Running`) is a state of its own, so its worker is never folded
 * with one whose Pod did not.
 */
function podKind(n: GraphNode, workloads: ReadonlyMap<string, string>): string {
  const single = !(n.id.startsWith('pods:') || n.id.startsWith('more:')) || !(n.label.endsWith(' Pods') || moreCount(n.label) !== undefined);
  const words = (n.sublabel ?? '').split(/ · |, |; /).filter((w) => !IP.test(w)).map((w) => w.replace(/^\d+ /, ''));
  if (single) words.push(workloads.get(n.id) ?? guessedWorkload(n.label));
  return `*|${[...new Set(words)].sort().join(',')}`;
}

/** A Pod IP in a box's sublabel. */
const IP = /^\d+\.\d+\.\d+\.\d+$/;

function compactBox(first: GraphNode, rest: GraphNode[], insides: GraphNode[][]): GraphNode {
  const names = rest.map((w) => w.label);
  const label = firstOf(names, NAMES_LISTED);
  const pods = insides.flatMap((inside, i) => inside.filter((n) => n.icon === 'pod' && n.parent === rest[i]!.id));
  const podCount = pods.reduce((sum, p) => sum + (moreCount(p.label) ?? Number(/^(\d+) Pods$/.exec(p.label)?.[1] ?? 1)), 0);
  const what = podCount > 0 ? ` · ${plural(podCount, 'Pod')}` : '';
  return {
    id: `fold:${first.id}`,
    label,
    sublabel: `same layout as ${first.label}${what}`,
    icon: 'node',
    shape: 'component',
    parent: CLUSTER_ID,
    emphasis: first.emphasis,
    steps: [],
  };
}
