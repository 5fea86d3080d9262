/**
 * A Pod deleted and recreated under the same name on another node (a
 * StatefulSet's `web-0`) is two Pods: the trace names both `pod:ns/web-0`,
 * but each ran on its own node. The architecture view draws the one of the
 * drawn state (or the last seen) under its own id and every earlier one on
 * its node as a ghost, `pod:ns/web-0@worker-1`; an interaction goes to the
 * one on the node of the component at its other end (the kubelet that
 * started it), else to the one the state of the event's step places.
 */
import type { Component, Trace } from '../../trace/types.ts';
import type { DrawnState } from './state.ts';
import type { Hop } from './hops.ts';

/** Id of the box of a Pod's earlier incarnation on `node`. */
export function incarnationId(podId: string, node: string): string {
  return `${podId}@${node}`;
}

/** Is this the id of an earlier incarnation's box? */
export function isIncarnation(id: string): boolean {
  return id.startsWith('pod:') && id.includes('@');
}

/** `pod:ns/web-0@worker-1` → `pod:ns/web-0`: the Pod an earlier incarnation's box stands for; any other id as it is. */
export function podOfIncarnation(id: string): string {
  return isIncarnation(id) ? id.slice(0, id.lastIndexOf('@')) : id;
}

/** `ns/name` → the node its drawn Pod is on (drawn state, else where it was last seen). */
export function currentNode(drawn: DrawnState, key: string): string | null {
  const live = drawn.state?.pods.find((p) => `${p.namespace}/${p.name}` === key);
  return (live ?? drawn.seenPods.get(key))?.node ?? null;
}

/** `ns/name` → the earlier nodes of Pods that moved (not the current one). */
export function earlierNodes(drawn: DrawnState): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, nodes] of drawn.podNodes) {
    const current = currentNode(drawn, key);
    const earlier = nodes.filter((n) => n !== current);
    if (nodes.length > 1 && earlier.length > 0) out.set(key, earlier);
  }
  return out;
}

/** The hops with each end that is a moved Pod (or one of its containers) pointed at the incarnation it concerns. */
export function placeIncarnations(hops: readonly Hop[], index: Map<string, Component>, trace: Trace, drawn: DrawnState): Hop[] {
  const earlier = earlierNodes(drawn);
  if (earlier.size === 0) return [...hops];
  const stateNode = (key: string, step: number): string | null | undefined => {
    let node: string | null | undefined;
    for (const s of trace.steps) {
      if (s.number > step) break;
      const p = s.state?.pods.find((x) => `${x.namespace}/${x.name}` === key);
      if (p !== undefined) node = p.node;
    }
    return node;
  };
  const resolve = (id: string, other: string, step: number): string => {
    const c = index.get(id);
    const podId = c?.kind === 'pod' ? id : c?.kind === 'container' ? c.parent : undefined;
    if (podId === undefined || !podId.startsWith('pod:')) return id;
    const key = podId.slice('pod:'.length);
    const nodes = earlier.get(key);
    if (nodes === undefined) return id;
    const host = index.get(other)?.host ?? null;
    const node = host !== null && (nodes.includes(host) || host === currentNode(drawn, key)) ? host : stateNode(key, step);
    return node !== null && node !== undefined && nodes.includes(node) ? incarnationId(podId, node) : id;
  };
  return hops.map((h) => ({ ...h, from: resolve(h.from, h.to, h.event.step), to: resolve(h.to, h.from, h.event.step) }));
}
