/**
 * A connection to a Service address (ClusterIP or NodePort) walked through
 * the rules kube-proxy programmed on the node where it enters: DNAT to a
 * backend (which KUBE-SVC/KUBE-SEP chain, IPVS virtual server or nftables
 * chain), masquerade, or REJECT/DROP when the Service has no endpoints.
 */
import { evaluateConnection, isClusterAddress, routeConnection } from '../../core/network/index.ts';
import { deliver } from './deliver.ts';
import { egress } from './egress.ts';
import { toApiServer } from './apiserver.ts';
import type { Net } from './net.ts';
import { NET_LATENCY, type Hop, type RequestPlan, type Source } from './types.ts';

export function peerOf(net: Net, src: Source): Parameters<typeof evaluateConnection>[0] {
  const pod = src.kind === 'pod' ? net.podByIp(src.ip) : undefined;
  return pod ? { kind: 'pod', pod } : { kind: 'ip', ip: src.ip };
}

export function viaKubeProxy(
  net: Net,
  src: Source,
  node: string,
  last: string,
  srcIP: string,
  dstIP: string,
  dstPort: number,
  http: boolean,
  hops: Hop[],
  replyTo: string,
  replyFrom: string,
): RequestPlan {
  const proxy = `kube-proxy@${node}`;
  const route = routeConnection(net.rules(node), { srcIP, dstIP, dstPort, protocol: 'TCP' }, net.pick);
  const base = { srcIP, dstIP, dstPort, mode: net.mode, path: route.path.join(' → ') };
  if (route.outcome === 'no-match') {
    // The node's own address: its kernel answers a closed port with a TCP reset.
    if (net.nodes.some((n) => n.ip === dstIP)) {
      hops.push({ from: last, to: proxy, summary: `no NodePort ${dstPort} on ${node}: TCP RST`, result: 'error', delayMs: src.kind === 'internet' ? NET_LATENCY.internet : NET_LATENCY.local, attrs: base });
      return { hops, result: { kind: 'refused', reason: `nothing listens on ${dstIP}:${dstPort}` } };
    }
    hops.push({ from: last, to: proxy, summary: `no ${net.mode} rule for ${dstIP}:${dstPort}: dropped`, result: 'dropped', delayMs: NET_LATENCY.local, attrs: base });
    return { hops, result: { kind: 'dropped', where: proxy, reason: `no ${net.mode} rule matches ${dstIP}:${dstPort}` } };
  }
  if (route.outcome !== 'dnat') {
    const refused = route.outcome === 'reject';
    hops.push({ from: last, to: proxy, summary: `${refused ? 'REJECT' : 'DROP'} ${dstIP}:${dstPort}: ${route.service ?? ''} has no endpoints`, detail: route.reason, result: refused ? 'error' : 'dropped', delayMs: NET_LATENCY.local, attrs: { ...base, ...(route.service ? { service: route.service } : {}) } });
    return { hops, result: refused ? { kind: 'refused', reason: `${route.service} has no ready endpoints (${route.reason})` } : { kind: 'dropped', where: proxy, reason: route.reason } };
  }
  const ep = route.endpoint;
  const chain = dnatLabel(net.mode, route.path);
  const node0 = net.node(node);
  const snat = route.masquerade ? node0?.ip ?? srcIP : srcIP;
  hops.push({
    from: last,
    to: proxy,
    summary: `DNAT ${dstIP}:${dstPort} → ${ep.endpoint}${chain ? ` (${chain})` : ''}${route.masquerade ? `, SNAT to ${snat}` : ''}`,
    delayMs: src.kind === 'internet' && last === src.component ? NET_LATENCY.internet : NET_LATENCY.local,
    attrs: { ...base, service: route.service, endpoint: ep.endpoint, masquerade: route.masquerade, ...(ep.podName ? { backend: ep.podName } : {}), ...chainAttrs(route.path) },
  });
  const dst = net.podByIp(ep.ip);
  const server = dst ? undefined : net.apiServerAt(ep.ip);
  if (server) return toApiServer({ last: proxy, srcIP: snat, dstIP: ep.ip, dstPort: ep.port, server, path: net.path, replyTo, replyFrom }, hops);
  // An endpoint outside the cluster (mirrored from hand-written Endpoints of a Service without
  // selector): the DNATed packet leaves the node like any egress, through the CNI's MASQUERADE.
  if (!dst && src.kind !== 'internet' && !isClusterAddress(ep.ip) && !net.nodes.some((n) => n.ip === ep.ip)) {
    return egress(net, src, ep.ip, ep.port, http, hops, ep.ip, { from: proxy, srcIP: snat });
  }
  if (!dst) {
    hops.push({ from: proxy, to: proxy, summary: `${ep.endpoint} is gone`, result: 'dropped', delayMs: NET_LATENCY.local, internal: true });
    return { hops, result: { kind: 'dropped', where: proxy, reason: `endpoint ${ep.endpoint} does not exist any more` } };
  }
  const peer = route.masquerade ? { kind: 'ip' as const, ip: snat } : peerOf(net, src);
  return deliver(net, { fromNode: node, last: proxy, srcIP: snat, dstIP: ep.ip, dstPort: ep.port, peer, dst, replyTo, replyFrom, http }, hops);
}

function dnatLabel(mode: string, path: string[]): string {
  if (mode === 'ipvs') return path[path.length - 1] ?? '';
  const sep = path.filter((c) => c.startsWith('KUBE-SEP-') || c.startsWith('endpoint-'));
  const svc = path.filter((c) => c.startsWith('KUBE-SVC-') || c.startsWith('service-'));
  return [...svc, ...sep].join(' → ');
}

function chainAttrs(path: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const svc = path.find((c) => c.startsWith('KUBE-SVC-') || c.startsWith('service-'));
  const sep = path.find((c) => c.startsWith('KUBE-SEP-') || c.startsWith('endpoint-'));
  if (svc) out.svcChain = svc;
  if (sep) out.sepChain = sep;
  return out;
}

