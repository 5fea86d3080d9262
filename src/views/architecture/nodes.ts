/**
 * The boxes of the architecture view: cluster → hosts → components and pods
 * → containers, with external actors outside the cluster. Pods are the ones
 * that exist in the outcome (plus, faint, pods the chosen steps touched that
 * no longer exist); a host with more than MAX_PODS pods shows SHOWN_PODS and
 * a `+N more` box that stands in for the rest.
 */
import type { Component, Host, OutcomePod, Trace } from '../../trace/types.ts';
import type { Emphasis, GraphNode } from '../types.ts';
import { componentOf, hostOf, iconFor, rankOf, sublabelOf } from '../common/components.ts';
import { pushTo } from '../common/collections.ts';

export const MAX_PODS = 4;
export const SHOWN_PODS = 3;
export const CLUSTER_ID = 'cluster';

export interface NodeSet {
  nodes: GraphNode[];
  /** Component id → node id drawn for it (hidden pods map to their `+N more` box). */
  drawnAs: Map<string, string>;
}

interface Draft {
  node: GraphNode;
  rank: number;
  order: number;
}

export function hostNodeId(host: string): string {
  return `host:${host}`;
}

export function buildNodes(trace: Trace, index: Map<string, Component>, touched: Set<string>): NodeSet {
  const drafts: Draft[] = [];
  const drawnAs = new Map<string, string>();
  let order = 0;
  const push = (node: GraphNode, rank: number): void => {
    drafts.push({ node, rank, order: order++ });
    drawnAs.set(node.id, node.id);
  };
  const hosts = new Map(trace.hosts.map((h) => [h.id, h]));

  push(group(CLUSTER_ID, 'cluster', `Kubernetes ${trace.header.kubernetes}`, 'none', null), 5);
  for (const h of trace.hosts) {
    if (h.role !== 'external') push(hostNode(h), h.role === 'control-plane' ? 0 : 1);
  }
  const externalHosts = trace.hosts.filter((h) => h.role === 'external' && trace.components.filter((c) => c.host === h.id).length > 1);
  for (const h of externalHosts) push(hostNode(h), 3);
  const grouped = new Set(externalHosts.map((h) => h.id));

  const pods = podList(trace, index, touched);
  const podIds = new Set(pods.map((p) => p.id));
  for (const c of [...index.values(), ...extraEndpoints(touched, index)]) {
    if (c.kind === 'pod' || c.kind === 'container') continue;
    push(componentNode(c, placeOf(c, index, hosts, grouped)), rankOf(c.kind));
  }
  placePods(pods, hosts, push, drawnAs);
  for (const c of index.values()) {
    if (c.kind !== 'container' || c.parent === undefined || !podIds.has(c.parent)) continue;
    if (drawnAs.get(c.parent) !== c.parent) {
      drawnAs.set(c.id, drawnAs.get(c.parent) ?? c.parent);
      continue;
    }
    if (!drafts.some((d) => d.node.id === c.id)) push(containerNode(c.id, c.name, undefined, c.parent, 'normal'), rankOf('container'));
  }
  for (const p of pods) addOutcomeContainers(p, drafts, push, drawnAs);
  const nodes = parentsFirst(drafts);
  // A component with components inside (controllers in kube-controller-manager) is drawn as a box around them.
  const parents = new Set(nodes.map((n) => n.parent));
  for (const n of nodes) if (parents.has(n.id)) n.shape = 'group';
  return { nodes, drawnAs };
}

function group(id: string, label: string, sublabel: string | undefined, icon: GraphNode['icon'], parent: string | null): GraphNode {
  return { id, label, ...(sublabel ? { sublabel } : {}), icon, shape: 'group', parent, emphasis: 'normal', steps: [] };
}

function hostNode(h: Host): GraphNode {
  const sub = h.role === 'control-plane' ? 'control plane' : h.role === 'worker' ? 'worker node' : undefined;
  const icon = h.role === 'control-plane' ? 'control-plane' : h.role === 'worker' ? 'node' : 'internet';
  return group(hostNodeId(h.id), h.name, sub, icon, h.role === 'external' ? null : CLUSTER_ID);
}

/** The parent box of a non-pod component. */
function placeOf(c: Component, index: Map<string, Component>, hosts: Map<string, Host>, grouped: Set<string>): string | null {
  const parent = c.parent !== undefined ? index.get(c.parent) : undefined;
  if (parent && parent.kind !== 'pod') return parent.id;
  if (c.host !== null && hosts.has(c.host)) {
    const h = hosts.get(c.host)!;
    if (h.role !== 'external') return hostNodeId(h.id);
    return grouped.has(h.id) ? hostNodeId(h.id) : null;
  }
  return c.group === 'client' || c.group === 'external' ? null : CLUSTER_ID;
}

function componentNode(c: Component, parent: string | null): GraphNode {
  const sub = sublabelOf(c);
  return { id: c.id, label: c.name, ...(sub ? { sublabel: sub } : {}), icon: iconFor(c.kind), shape: 'component', parent, emphasis: 'normal', steps: [] };
}

function containerNode(id: string, label: string, image: string | undefined, parent: string, emphasis: Emphasis): GraphNode {
  return { id, label, ...(image ? { sublabel: image } : {}), icon: 'container', shape: 'component', parent, emphasis, steps: [] };
}

/** Ids mentioned by events but missing from `components` still need a box. */
function extraEndpoints(touched: Set<string>, index: Map<string, Component>): Component[] {
  return [...touched].filter((id) => !index.has(id)).sort().map((id) => componentOf(index, id));
}

interface PodEntry {
  id: string;
  name: string;
  host: string | null;
  outcome: OutcomePod | null;
}

/** Outcome pods in outcome order, then deleted pods the chosen steps touched. */
function podList(trace: Trace, index: Map<string, Component>, touched: Set<string>): PodEntry[] {
  const list: PodEntry[] = trace.outcome.pods.map((p) => {
    const id = `pod:${p.namespace}/${p.name}`;
    const c = index.get(id);
    return { id, name: p.name, host: p.node ?? (c ? hostOf(index, c) : null), outcome: p };
  });
  const seen = new Set(list.map((p) => p.id));
  for (const c of index.values()) {
    if (c.kind === 'pod' && !seen.has(c.id) && touched.has(c.id)) list.push({ id: c.id, name: c.name, host: c.host, outcome: null });
  }
  return list;
}

function placePods(pods: PodEntry[], hosts: Map<string, Host>, push: (n: GraphNode, rank: number) => void, drawnAs: Map<string, string>): void {
  const byHost = new Map<string, PodEntry[]>();
  for (const p of pods) {
    const parent = p.host !== null && hosts.has(p.host) ? hostNodeId(p.host) : CLUSTER_ID;
    pushTo(byHost, parent, p);
  }
  for (const [parent, list] of byHost) {
    const shown = list.length > MAX_PODS ? list.slice(0, SHOWN_PODS) : list;
    for (const p of shown) push(podNode(p, parent), rankOf('pod'));
    if (shown.length === list.length) continue;
    const moreId = `more:${parent}`;
    const hidden = list.length - shown.length;
    push({ id: moreId, label: `+${hidden} more`, sublabel: 'pods', icon: 'pod', shape: 'component', parent, emphasis: 'normal', steps: [] }, rankOf('pod') + 0.5);
    for (const p of list.slice(SHOWN_PODS)) drawnAs.set(p.id, moreId);
  }
}

function podNode(p: PodEntry, parent: string): GraphNode {
  const o = p.outcome;
  const sub = o === null ? 'deleted' : [o.phase, o.node === null ? 'unscheduled' : o.ip].filter((s): s is string => Boolean(s)).join(' · ');
  return { id: p.id, label: p.name, sublabel: sub, icon: 'pod', shape: 'group', parent, emphasis: podEmphasis(o), steps: [] };
}

function podEmphasis(o: OutcomePod | null): Emphasis {
  if (o === null) return 'faint';
  if (o.phase === 'Failed' || o.containers.some((c) => c.restarts > 0 && !o.ready)) return 'danger';
  if (o.phase === 'Pending' || !o.ready) return 'warning';
  return 'normal';
}

function addOutcomeContainers(p: PodEntry, drafts: Draft[], push: (n: GraphNode, rank: number) => void, drawnAs: Map<string, string>): void {
  if (p.outcome === null) return;
  for (const c of p.outcome.containers) {
    const id = `container:${p.outcome.namespace}/${p.outcome.name}/${c.name}`;
    const podDrawn = drawnAs.get(p.id) ?? p.id;
    if (podDrawn !== p.id) {
      drawnAs.set(id, podDrawn);
      continue;
    }
    const existing = drafts.find((d) => d.node.id === id);
    const emphasis: Emphasis = c.state === 'running' ? 'normal' : c.state === 'terminated' ? 'danger' : 'warning';
    if (existing) {
      existing.node.sublabel = c.image;
      existing.node.emphasis = emphasis;
    } else push(containerNode(id, c.name, c.image, p.id, emphasis), rankOf('container'));
  }
}

/** Pre-order walk: every parent before its children; siblings by rank, then creation order. */
function parentsFirst(drafts: Draft[]): GraphNode[] {
  const ids = new Set(drafts.map((d) => d.node.id));
  const children = new Map<string | null, Draft[]>();
  for (const d of drafts) {
    const key = d.node.parent !== null && ids.has(d.node.parent) ? d.node.parent : null;
    if (key === null) d.node.parent = null;
    pushTo(children, key, d);
  }
  const out: GraphNode[] = [];
  const walk = (key: string | null): void => {
    const list = [...(children.get(key) ?? [])].sort((a, b) => a.rank - b.rank || a.order - b.order);
    for (const d of list) {
      out.push(d.node);
      walk(d.node.id);
    }
  };
  walk(null);
  return out;
}
