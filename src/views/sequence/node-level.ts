/**
 * Components that run on every node (kubelet, runtime, CNI plugin,
 * kube-proxy): the sequence view shares their lanes across nodes (summary.ts
 * SummaryLanes), a folded loop's lanes stand for their nodes (arrange.ts),
 * and a folded variant's are mapped onto the representative's (variants.ts,
 * with the Pods and containers that run there).
 */
import type { Component, ComponentKind } from '../../trace/types.ts';

const NODE_LEVEL: ReadonlySet<string> = new Set<ComponentKind>(['kubelet', 'container-runtime', 'dockershim', 'docker-engine', 'cni', 'kube-proxy']);

/** Whether a component of this kind runs on every node. */
export function isNodeLevel(kind: string): boolean {
  return NODE_LEVEL.has(kind);
}

/** Whether a component of this kind runs on a node: node-level, or a Pod or container. */
export function runsOnNode(kind: string): boolean {
  return isNodeLevel(kind) || kind === 'pod' || kind === 'container';
}

/** The Pod a Pod or container component belongs to (its id); any other component is its own. */
export function podIdOf(c: Component): string {
  return c.kind === 'container' ? (c.parent ?? c.id) : c.id;
}
