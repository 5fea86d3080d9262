/**
 * Address translation along a connection, for the traffic steps:
 * - Service traffic: kube-proxy DNATs the Service address to a backend; when
 *   the packet was marked for masquerade (external traffic with
 *   externalTrafficPolicy: Cluster, node-originated traffic, hairpin) the
 *   source is SNATed to the node's IP on the way out — the backend no longer
 *   sees the client's address. With externalTrafficPolicy: Local there is no
 *   SNAT (the client IP is preserved) and only local endpoints are used.
 * - Egress: a pod talking to an address outside the cluster CIDR is
 *   masqueraded to its node's IP by the CNI (flannel/kindnet-style rule).
 * - Cloud load balancers send to nodes (all nodes for Cluster policy; only
 *   nodes with a ready local endpoint — the ones passing the
 *   healthCheckNodePort check — for Local policy), either to the NodePort or
 *   keeping the load-balancer IP as destination (passthrough, as on GCE).
 * Reply packets are un-NATed by conntrack; `replyView` says what the client sees.
 */
import { backendsFor } from './endpointslices.ts';
import { cidrContains } from './ip.ts';
import { CLUSTER_CIDR, SERVICE_CIDR } from './ipam.ts';
import type { RouteResult } from './kubeproxy/route.ts';
import type { EndpointSlice, Protocol, Service } from './types.ts';

export interface Flow {
  srcIP: string;
  srcPort?: number;
  dstIP: string;
  dstPort: number;
  protocol: Protocol;
}

export interface NatStep {
  kind: 'DNAT' | 'SNAT';
  /** Node name where the translation happens. */
  node: string;
  before: Flow;
  after: Flow;
  /** Why, for the trace ("kube-proxy DNAT to a backend of default/web", …). */
  reason: string;
}

/** The CNI's masquerade rule for pod traffic leaving the cluster network. */
export function podMasqueradeRule(clusterCIDR = CLUSTER_CIDR): string {
  return `-A POSTROUTING -s ${clusterCIDR} ! -d ${clusterCIDR} -m comment --comment "masquerade pod traffic leaving the cluster" -j MASQUERADE --random-fully`;
}

/** Does traffic from `srcIP` to `dstIP` leave the cluster network (and get masqueraded)? */
export function needsEgressMasquerade(srcIP: string, dstIP: string, clusterCIDR = CLUSTER_CIDR): boolean {
  return cidrContains(clusterCIDR, srcIP) && !cidrContains(clusterCIDR, dstIP) && !cidrContains(SERVICE_CIDR, dstIP);
}

/** Egress from a pod to an external address: SNAT to the node IP, or nothing. */
export function egressSNAT(flow: Flow, node: { name: string; ip: string }, clusterCIDR = CLUSTER_CIDR): NatStep | undefined {
  if (!needsEgressMasquerade(flow.srcIP, flow.dstIP, clusterCIDR)) return undefined;
  return {
    kind: 'SNAT',
    node: node.name,
    before: flow,
    after: { ...flow, srcIP: node.ip },
    reason: `MASQUERADE: pod traffic to ${flow.dstIP} leaves the cluster network with the node address ${node.ip}`,
  };
}

/** The translations kube-proxy's rules applied to a connection on `node` (from `routeConnection`). */
export function serviceNatSteps(flow: Flow, route: RouteResult, node: { name: string; ip: string }): NatStep[] {
  if (route.outcome !== 'dnat') return [];
  const dnatted: Flow = { ...flow, dstIP: route.endpoint.ip, dstPort: route.endpoint.port };
  const steps: NatStep[] = [{
    kind: 'DNAT',
    node: node.name,
    before: flow,
    after: dnatted,
    reason: `kube-proxy DNAT ${flow.dstIP}:${flow.dstPort} → ${route.endpoint.endpoint} (${route.service})`,
  }];
  if (route.masquerade) {
    steps.push({
      kind: 'SNAT',
      node: node.name,
      before: dnatted,
      after: { ...dnatted, srcIP: node.ip },
      reason: `KUBE-POSTROUTING MASQUERADE: source ${flow.srcIP} replaced by the node address ${node.ip} (client IP not preserved)`,
    });
  }
  return steps;
}

/** The flow as the final receiver sees it. */
export function finalFlow(flow: Flow, steps: readonly NatStep[]): Flow {
  return steps[steps.length - 1]?.after ?? flow;
}

/** Does the backend see the original client address? */
export function clientIPPreserved(flow: Flow, steps: readonly NatStep[]): boolean {
  return finalFlow(flow, steps).srcIP === flow.srcIP;
}

/** The reply as the client sees it after conntrack reverses every translation: from the address it called. */
export function replyView(flow: Flow): Flow {
  return { srcIP: flow.dstIP, srcPort: flow.dstPort, dstIP: flow.srcIP, dstPort: flow.srcPort ?? 0, protocol: flow.protocol };
}

/**
 * Nodes a cloud load balancer sends to, in the given node order: every node for
 * externalTrafficPolicy Cluster, only nodes with a ready endpoint for Local.
 */
export function loadBalancerTargetNodes(svc: Service, slices: readonly EndpointSlice[], nodeNames: readonly string[], portName = ''): string[] {
  if (svc.spec.externalTrafficPolicy !== 'Local') return [...nodeNames];
  const sp = (svc.spec.ports ?? []).find((p) => (p.name ?? '') === portName);
  const ready = backendsFor(slices, portName, sp?.protocol ?? 'TCP').filter((b) => b.ready);
  const withLocal = new Set(ready.map((b) => b.nodeName));
  return nodeNames.filter((n) => withLocal.has(n));
}

export type LoadBalancerMode = 'nodeport' | 'passthrough';

/** The packet a cloud load balancer delivers to `node` for a client's connection to the LB address. */
export function loadBalancerToNode(
  flow: Flow,
  svc: Service,
  node: { name: string; ip: string },
  mode: LoadBalancerMode = 'nodeport',
  portName = '',
): { flow: Flow; step?: NatStep } {
  if (mode === 'passthrough') return { flow };
  const sp = (svc.spec.ports ?? []).find((p) => (p.name ?? '') === portName && p.port === flow.dstPort) ?? svc.spec.ports?.[0];
  const nodePort = sp?.nodePort ?? 0;
  const after = { ...flow, dstIP: node.ip, dstPort: nodePort };
  return {
    flow: after,
    step: { kind: 'DNAT', node: node.name, before: flow, after, reason: `cloud load balancer → ${node.name} NodePort ${nodePort}` },
  };
}
