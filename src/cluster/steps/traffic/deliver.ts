/**
 * The last part of every in-cluster path: from a node's network stack to a
 * backend pod, crossing to another node through the CNI when needed, with
 * NetworkPolicy enforced by the CNI (egress on the sending node, ingress on
 * the receiving one), then the backend's reply.
 */
import { evaluateConnection, type NetpolEndpoint, type Pod } from '../../core/network/index.ts';
import { namespaceLabels, networkPolicies } from '../../components/network/views.ts';
import type { Net } from './net.ts';
import { NET_LATENCY, type Hop, type RequestPlan } from './types.ts';

export interface Delivery {
  /** Node whose network stack holds the packet now. */
  fromNode: string;
  /** Component that handed the packet on (a pod, kube-proxy@node, ingress-nginx). */
  last: string;
  /** Addresses as the backend will see them (after DNAT/SNAT). */
  srcIP: string;
  dstIP: string;
  dstPort: number;
  /** Who the sender is for NetworkPolicy (a pod, or an address). */
  peer: NetpolEndpoint;
  dst: Pod;
  /** Who gets the reply, and what address it appears to come from (conntrack un-NAT). */
  replyTo: string;
  replyFrom: string;
  http: boolean;
  /** Extra namespace labels (for a peer in a namespace the model does not store, e.g. ingress-nginx). */
  extraNamespaces?: Record<string, Record<string, string>>;
}

export function podComponent(p: Pod): string {
  return `pod:${p.metadata.namespace ?? 'default'}/${p.metadata.name}`;
}

export function deliver(net: Net, d: Delivery, hops: Hop[]): RequestPlan {
  const nsLabels = { ...namespaceLabels(net.w), ...(d.extraNamespaces ?? {}) };
  const verdict = evaluateConnection(d.peer, { kind: 'pod', pod: d.dst }, d.dstPort, 'TCP', networkPolicies(net.w), nsLabels);
  const cniFrom = `cni@${d.fromNode}`;
  const dstNode = d.dst.spec.nodeName ?? d.fromNode;
  const cniTo = `cni@${dstNode}`;
  const dstName = `${d.dst.metadata.namespace ?? 'default'}/${d.dst.metadata.name}`;
  const flow = `${d.srcIP} → ${d.dstIP}:${d.dstPort}`;
  if (!verdict.allowed && verdict.direction === 'egress') {
    hops.push(dropHop(d.last, cniFrom, `dropped by NetworkPolicy ${verdict.policy} (egress)`, flow, verdict.policy, 'egress', d.fromNode, verdict.deniedAt?.pod));
    return { hops, result: { kind: 'dropped', where: cniFrom, reason: `NetworkPolicy ${verdict.policy} denies egress from ${verdict.deniedAt?.pod}` } };
  }
  if (d.last !== cniFrom) {
    hops.push({ from: d.last, to: cniFrom, summary: dstNode === d.fromNode ? `${flow} (local)` : `${flow} via ${dstNode}`, delayMs: NET_LATENCY.local, attrs: { srcIP: d.srcIP, dstIP: d.dstIP, dstPort: d.dstPort, route: dstNode === d.fromNode ? 'local bridge' : `${dstNode} pod CIDR` } });
  }
  if (dstNode !== d.fromNode) {
    const a = net.node(d.fromNode)?.ip ?? '';
    const b = net.node(dstNode)?.ip ?? '';
    hops.push({ from: cniFrom, to: cniTo, summary: `${flow} over the node network`, delayMs: NET_LATENCY.node, attrs: { outer: `${a} → ${b}`, srcIP: d.srcIP, dstIP: d.dstIP, dstPort: d.dstPort } });
  }
  if (!verdict.allowed) {
    hops.push(dropHop(cniTo, podComponent(d.dst), `dropped by NetworkPolicy ${verdict.policy} (ingress)`, flow, verdict.policy, 'ingress', dstNode, verdict.deniedAt?.pod));
    return { hops, result: { kind: 'dropped', where: cniTo, reason: `NetworkPolicy ${verdict.policy} denies ingress to ${verdict.deniedAt?.pod}` } };
  }
  hops.push({
    from: cniTo,
    to: podComponent(d.dst),
    summary: `deliver to ${d.dst.metadata.name} (${flow})`,
    delayMs: NET_LATENCY.local,
    attrs: { srcIP: d.srcIP, dstIP: d.dstIP, dstPort: d.dstPort, ...(verdict.policy ? { allowedBy: verdict.policies.join(',') } : {}) },
  });
  hops.push(replyHop(podComponent(d.dst), d.replyTo, d.http, `${d.replyFrom}`, NET_LATENCY.app + (dstNode !== d.fromNode ? NET_LATENCY.node : 0)));
  return { hops, result: { kind: 'answered', status: d.http ? 200 : 0, by: dstName, byIp: d.dst.status?.podIP ?? '', node: dstNode } };
}

export function replyHop(from: string, to: string, http: boolean, seenFrom: string, delayMs: number, status = 200): Hop {
  const text = http ? `HTTP/1.1 ${status} ${status === 200 ? 'OK' : status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : status === 503 ? 'Service Temporarily Unavailable' : ''}`.trim() : 'reply';
  return { from, to, summary: `${text} (from ${seenFrom})`, delayMs, ...(http ? { status } : {}), attrs: { replyFrom: seenFrom } };
}

function dropHop(from: string, to: string, summary: string, flow: string, policy: string | undefined, direction: string, node: string, pod: string | undefined): Hop {
  return {
    from,
    to,
    summary,
    detail: `The CNI on ${node} dropped ${flow}: ${pod} is isolated for ${direction} by NetworkPolicy ${policy} and no rule allows this connection.`,
    result: 'dropped',
    delayMs: NET_LATENCY.local,
    attrs: { policy: policy ?? '', direction, node, ...(pod ? { pod } : {}) },
  };
}
