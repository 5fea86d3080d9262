/**
 * The default profile's Filter plugins, in the order kube-scheduler runs them
 * (pkg/scheduler/apis/config/v1/default_plugins.go). Reason strings are the
 * plugins' own (pkg/scheduler/framework/plugins/...). `unresolvable` marks
 * UnschedulableAndUnresolvable statuses, for which preemption cannot help.
 */
import type { FilterPlugin as Filter, FilterStatus, HostPort, NodeInfo, Resources } from '../types.ts';
import { firstUntoleratedTaint, podMatchesNodeSelectorAndAffinity, tolerationsTolerate } from './helpers.ts';

export const ERR_UNSCHEDULABLE = 'node(s) were unschedulable';
export const ERR_NODE_NAME = "node(s) didn't match the requested node name";
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const ERR_TOO_MANY_PODS = 'Too many pods';

const unresolvable = (reason: string): FilterStatus => ({ reasons: [reason], unresolvable: true });

/** NodeUnschedulable: spec.unschedulable, unless the pod tolerates the unschedulable taint. */
export const nodeUnschedulable: Filter = {
  name: 'NodeUnschedulable',
  filter({ pod }, node) {
    if (!node.unschedulable) return null;
    const taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' as const };
    return tolerationsTolerate(pod.tolerations, taint) ? null : unresolvable(ERR_UNSCHEDULABLE);
  },
};

export const nodeName: Filter = {
  name: 'NodeName',
  filter({ pod }, node) {
    return pod.nodeName === undefined || pod.nodeName === '' || pod.nodeName === node.name ? null : unresolvable(ERR_NODE_NAME);
  },
  skip: ({ pod }) => pod.nodeName === undefined || pod.nodeName === '',
};

export const taintToleration: Filter = {
  name: 'TaintToleration',
  filter({ pod }, node) {
    if (node.taints.length === 0) return null;
    const taint = firstUntoleratedTaint(node.taints, pod.tolerations);
    return taint ? unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`) : null;
  },
};

export const nodeAffinity: Filter = {
  name: 'NodeAffinity',
  filter({ pod }, node) {
    return podMatchesNodeSelectorAndAffinity(pod, node) ? null : unresolvable(ERR_NODE_AFFINITY);
  },
  // No nodeSelector and no required node affinity: PreFilter returns Skip.
  skip: ({ pod }) => Object.keys(pod.nodeSelector).length === 0 && pod.affinity?.nodeAffinity?.required === undefined,
};

function portsConflict(a: HostPort, b: HostPort): boolean {
  if (a.port !== b.port || a.protocol !== b.protocol) return false;
  const ia = a.hostIP || '0.0.0.0';
  const ib = b.hostIP || '0.0.0.0';
  return ia === '0.0.0.0' || ib === '0.0.0.0' || ia === ib;
}

export const nodePorts: Filter = {
  name: 'NodePorts',
  // No host ports: PreFilter returns Skip.
  skip: ({ pod }) => pod.hostPorts.length === 0,
  filter({ pod }, node) {
    for (const want of pod.hostPorts) {
      for (const used of node.usedHostPorts) {
        if (portsConflict(want, used)) return { reasons: [ERR_NODE_PORTS], unresolvable: false };
      }
    }
    return null;
  },
};

/** noderesources.fitsRequest: pods, then cpu, then memory (each its own reason). */
export function insufficientResources(req: Resources, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.podCount + 1 > node.allocatable.pods) reasons.push(ERR_TOO_MANY_PODS);
  if (req.cpuMillis === 0 && req.memoryBytes === 0) return reasons;
  if (req.cpuMillis > 0 && req.cpuMillis > node.allocatable.cpuMillis - node.requested.cpuMillis) reasons.push('Insufficient cpu');
  if (req.memoryBytes > 0 && req.memoryBytes > node.allocatable.memoryBytes - node.requested.memoryBytes) {
    reasons.push('Insufficient memory');
  }
  return reasons;
}

export const nodeResourcesFit: Filter = {
  name: 'NodeResourcesFit',
  filter({ pod }, node) {
    // Fast path: a node that fits (the common case) allocates nothing.
    const req = pod.requests;
    if (
      node.podCount + 1 <= node.allocatable.pods &&
      !(req.cpuMillis > 0 && req.cpuMillis > node.allocatable.cpuMillis - node.requested.cpuMillis) &&
      !(req.memoryBytes > 0 && req.memoryBytes > node.allocatable.memoryBytes - node.requested.memoryBytes)
    ) {
      return null;
    }
    const reasons = insufficientResources(req, node);
    return reasons.length === 0 ? null : { reasons, unresolvable: false };
  },
};
