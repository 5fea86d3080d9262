/**
 * Plans one request hop by hop: DNS through CoreDNS, a Service address
 * through the rules kube-proxy programmed on the sending node (DNAT to a
 * backend, masquerade), a cloud load balancer or a NodePort from the
 * internet, an Ingress through ingress-nginx, or egress to an external
 * address through the node's MASQUERADE rule.
 */
import { cidrContains, isIPv4, SERVICE_CIDR, type Service } from '../../core/network/index.ts';
import { services } from '../../components/network/views.ts';
import { deliver } from './deliver.ts';
import { toApiServer } from './apiserver.ts';
import { dnsLookup } from './dns.ts';
import { egress } from './egress.ts';
import { planIngress } from './ingress.ts';
import { fromInternet, unreachable } from './internet.ts';
import { peerOf, viaKubeProxy } from './service-route.ts';
import type { Net } from './net.ts';
import { type Hop, type RequestPlan, type Source, type Target } from './types.ts';
import type { PodSpec } from '../../core/typed.ts';

const HTTP_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8443, 9000]);

function isHttp(port: number, target: Target): boolean {
  return HTTP_PORTS.has(port) || (target.kind === 'host' && target.scheme !== undefined) || target.kind === 'ingress';
}

export function planRequest(net: Net, src: Source, target: Target): RequestPlan {
  const hops: Hop[] = [];
  switch (target.kind) {
    case 'ingress':
      return planIngress(net, src, target, hops);
    case 'service':
      return planService(net, src, target, hops);
    case 'pod': {
      const pod = net.w.api.cache.get('Pod', `/registry/pods/${target.namespace}/${target.name}`);
      if (!pod?.status?.podIP) return { hops, result: { kind: 'unresolved', name: `pod/${target.name}` } };
      const port = target.port ?? firstContainerPort(pod) ?? 80;
      if (src.kind === 'internet') return unreachable(src, `pod ${target.namespace}/${target.name} (${pod.status.podIP}) is not routable from outside the cluster`, hops);
      return connect(net, src, pod.status.podIP, port, isHttp(port, target), hops, pod.status.podIP);
    }
    case 'host':
      return planHost(net, src, target, hops);
  }
}

function firstContainerPort(pod: { spec?: PodSpec }): number | undefined {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) return p.containerPort;
  return undefined;
}

function findService(net: Net, namespace: string, name: string): Service | undefined {
  return services(net.w).find((s) => s.metadata.name === name && (s.metadata.namespace ?? 'default') === namespace);
}

function planService(net: Net, src: Source, target: Extract<Target, { kind: 'service' }>, hops: Hop[]): RequestPlan {
  const svc = findService(net, target.namespace, target.name);
  if (!svc) return { hops, result: { kind: 'unresolved', name: `service/${target.name}` } };
  const sp = (svc.spec.ports ?? []).find((p) => target.port === undefined || p.port === target.port) ?? svc.spec.ports?.[0];
  const port = sp?.port ?? target.port ?? 80;
  const http = isHttp(port, target);
  if (src.kind === 'internet') return fromInternet(net, src, svc, port, http, hops);
  // A node's own processes do not use cluster DNS: they call the ClusterIP.
  if (src.kind === 'node') {
    const ip = svc.spec.clusterIP;
    if (!ip || ip === 'None') return { hops, result: { kind: 'unresolved', name: `service/${target.name}` } };
    return connect(net, src, ip, port, http, hops, ip);
  }
  // In a pod, a client names the Service and the resolver walks the search path.
  const name = src.kind === 'pod' && src.namespace === target.namespace ? target.name : `${target.name}.${target.namespace}`;
  return planHost(net, src, { kind: 'host', host: name, port, path: target.path }, hops, http);
}

function planHost(net: Net, src: Source, target: Extract<Target, { kind: 'host' }>, hops: Hop[], httpHint?: boolean): RequestPlan {
  const port = target.port ?? 80;
  const http = httpHint ?? isHttp(port, target);
  if (src.kind === 'internet') {
    const ip = isIPv4(target.host) ? target.host : undefined;
    const lb = ip ? services(net.w).find((s) => (s.status?.loadBalancer?.ingress ?? []).some((i) => i.ip === ip)) : undefined;
    if (lb) return fromInternet(net, src, lb, port, http, hops);
    // A node address: whatever NodePort kube-proxy opened there.
    const node = net.nodes.find((n) => n.ip === ip);
    if (node) return viaKubeProxy(net, src, node.name, src.component, src.ip, node.ip, port, http, hops, src.component, `${node.ip}:${port}`);
    if (ip) return unreachable(src, `${ip} is not an address of this cluster`, hops);
    return { hops, result: { kind: 'unresolved', name: target.host } };
  }
  let ip = target.host;
  if (!isIPv4(ip)) {
    if (src.kind !== 'pod') return { hops, result: { kind: 'unresolved', name: target.host } };
    const answer = dnsLookup(net, src, target.host, hops);
    if (!answer) return { hops, result: { kind: 'unresolved', name: target.host } };
    ip = answer;
  }
  return connect(net, src, ip, port, http, hops, target.host);
}

/** From a pod or a node to an address: a Service IP (kube-proxy), a pod IP (CNI) or outside (egress). */
function connect(net: Net, src: Source, ip: string, port: number, http: boolean, hops: Hop[], label: string): RequestPlan {
  if (src.kind === 'internet') return { hops, result: { kind: 'unresolved', name: label } };
  const node = src.node;
  if (cidrContains(SERVICE_CIDR, ip)) return viaKubeProxy(net, src, node, src.component, src.ip, ip, port, http, hops, src.component, `${ip}:${port}`);
  const server = net.apiServerAt(ip);
  if (server) return toApiServer({ last: src.component, srcIP: src.ip, dstIP: ip, dstPort: port, server, path: net.path, replyTo: src.component, replyFrom: `${ip}:${port}` }, hops);
  const dst = net.podByIp(ip);
  if (dst) {
    return deliver(net, { fromNode: node, last: src.component, srcIP: src.ip, dstIP: ip, dstPort: port, peer: peerOf(net, src), dst, replyTo: src.component, replyFrom: `${ip}:${port}`, http }, hops);
  }
  return egress(net, src, ip, port, http, hops, label);
}

