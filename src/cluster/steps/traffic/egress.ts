/**
 * Egress: a pod (or node) talking to an address outside the cluster. The CNI
 * on the node enforces the pod's egress policy, then its MASQUERADE rule
 * rewrites the source to the node address; the reply is un-SNATed by conntrack.
 * The same path is taken after kube-proxy's DNAT to an endpoint outside the
 * cluster (a Service without selector whose Endpoints name an external
 * address): `after` says where the packet comes from and with which source.
 */
import { egressSNAT, evaluateConnection } from '../../core/network/index.ts';
import { namespaceLabels, networkPolicies } from '../../components/network/views.ts';
import { externalHost } from '../../components/network/actors.ts';
import { replyHop } from './deliver.ts';
import type { Net } from './net.ts';
import { NET_LATENCY, type Hop, type RequestPlan, type Source } from './types.ts';

export function egress(
  net: Net,
  src: Extract<Source, { kind: 'pod' | 'node' }>,
  ip: string,
  port: number,
  http: boolean,
  hops: Hop[],
  label: string,
  /** After kube-proxy's DNAT: the component the packet comes from and its source address then. */
  after?: { from: string; srcIP: string },
): RequestPlan {
  const cni = `cni@${src.node}`;
  const srcIP = after?.srcIP ?? src.ip;
  const flow = `${srcIP} → ${ip}:${port}`;
  const from = after?.from ?? src.component;
  if (src.kind === 'pod') {
    const pod = net.podByIp(src.ip);
    const verdict = pod ? evaluateConnection({ kind: 'pod', pod }, { kind: 'ip', ip }, port, 'TCP', networkPolicies(net.w), namespaceLabels(net.w)) : undefined;
    if (verdict && !verdict.allowed) {
      hops.push({ from, to: cni, summary: `dropped by NetworkPolicy ${verdict.policy} (egress)`, detail: `The CNI on ${src.node} dropped ${flow}: ${verdict.deniedAt?.pod} is isolated for egress by NetworkPolicy ${verdict.policy}.`, result: 'dropped', delayMs: NET_LATENCY.local, attrs: { policy: verdict.policy ?? '', direction: 'egress', node: src.node } });
      return { hops, result: { kind: 'dropped', where: cni, reason: `NetworkPolicy ${verdict.policy} denies egress to ${ip}` } };
    }
    hops.push({ from, to: cni, summary: `${flow}`, delayMs: NET_LATENCY.local, attrs: { srcIP, dstIP: ip, dstPort: port } });
  } else if (after) {
    hops.push({ from, to: cni, summary: `${flow}`, delayMs: NET_LATENCY.local, attrs: { srcIP, dstIP: ip, dstPort: port } });
  }
  const node = net.node(src.node);
  const snat = node ? egressSNAT({ srcIP, dstIP: ip, dstPort: port, protocol: 'TCP' }, { name: node.name, ip: node.ip }) : undefined;
  const ext = externalHost(net.w, label);
  hops.push({
    from: cni,
    to: ext,
    summary: snat ? `MASQUERADE ${srcIP} → ${snat.after.srcIP}, to ${ip}:${port}` : `${flow}`,
    ...(snat ? { detail: snat.reason } : {}),
    delayMs: NET_LATENCY.internet,
    attrs: { srcIP: snat?.after.srcIP ?? srcIP, dstIP: ip, dstPort: port, snat: Boolean(snat) },
  });
  hops.push(replyHop(ext, src.component, http, `${ip}:${port}`, NET_LATENCY.internet + NET_LATENCY.app));
  return { hops, result: { kind: 'answered', status: http ? 200 : 0, by: label, byIp: ip } };
}

