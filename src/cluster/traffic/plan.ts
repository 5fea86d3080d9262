/**
 * Plans one request hop by hop: DNS through CoreDNS, a Service address
 * through the rules kube-proxy programmed on the sending node (DNAT to a
 * backend, masquerade), a cloud load balancer or a NodePort from the
 * internet, an Ingress through ingress-nginx, or egress to an external
 * address through the node's MASQUERADE rule.
 */
import {
  cidrContains,
  egressSNAT,
  evaluateConnection,
  isIPv4,
  loadBalancerTargetNodes,
  loadBalancerToNode,
  podResolvConf,
  resolveFromPod,
  routeConnection,
  SERVICE_CIDR,
  type Pod,
  type Service,
} from '../network/index.ts';
import { defaultUpstream } from '../network/dns.ts';
import { endpointSlices, namespaceLabels, networkPolicies, services } from '../network-wiring/views.ts';
import { coredns, externalHost } from './components.ts';
import { deliver, replyHop } from './deliver.ts';
import { planIngress } from './ingress.ts';
import type { Net } from './net.ts';
import { NET_LATENCY, type Hop, type RequestPlan, type Source, type Target } from './types.ts';

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

/* eslint-disable @typescript-eslint/no-explicit-any -- container specs are plain JSON */
function firstContainerPort(pod: { spec?: any }): number | undefined {
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) return p.containerPort;
  return undefined;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

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

/** The resolver's queries to CoreDNS (10.96.0.10:53) and their answers; returns the address used. */
function dnsLookup(net: Net, src: Extract<Source, { kind: 'pod' }>, name: string, hops: Hop[]): string | undefined {
  const dns = coredns(net.w, net.nodes[0]?.name ?? null);
  const lookup = resolveFromPod(name, podResolvConf(src.namespace), {
    services: services(net.w),
    endpointSlices: endpointSlices(net.w),
    namespaces: net.w.api.cache.list('Namespace').map((n) => n.metadata.name),
    upstream: publicDns,
  });
  const blocked = dnsEgressDenied(net, src);
  if (blocked) {
    hops.push({ from: src.component, to: `cni@${src.node}`, summary: `DNS query to 10.96.0.10:53 dropped by NetworkPolicy ${blocked} (egress)`, detail: `The CNI on ${src.node} dropped the DNS query for ${name}: the Pod is isolated for egress by NetworkPolicy ${blocked} and no rule allows UDP 53 to CoreDNS.`, result: 'dropped', delayMs: NET_LATENCY.local, attrs: { policy: blocked, direction: 'egress', node: src.node, query: name } });
    return undefined;
  }
  for (const q of lookup.queries) {
    hops.push({ from: src.component, to: dns, summary: `DNS A? ${q.name}`, delayMs: NET_LATENCY.dns, attrs: { server: '10.96.0.10:53', protocol: 'UDP', query: q.name } });
    const answer = q.rcode === 'NXDOMAIN' ? 'NXDOMAIN' : q.records.map((r) => (r.type === 'A' ? r.value : `CNAME ${r.value}`)).join(', ');
    hops.push({
      from: dns,
      to: src.component,
      summary: `DNS ${q.name} → ${answer}`,
      delayMs: NET_LATENCY.dns,
      ...(q.rcode === 'NXDOMAIN' ? { result: 'not-found' as const } : {}),
      attrs: { rcode: q.rcode, answeredBy: q.answeredBy === 'kubernetes' ? 'kubernetes plugin' : 'forwarded upstream' },
    });
  }
  if (lookup.addresses.length === 0) return undefined;
  // CoreDNS's loadbalance plugin shuffles A records; the client takes the first.
  return lookup.addresses[net.pick(lookup.addresses.length)];
}

/** The upstream resolver: a single-label name has no public answer; any other name resolves to a stable documentation address. */
function publicDns(fqdn: string): string[] | undefined {
  return fqdn.replace(/\.$/, '').includes('.') ? defaultUpstream(fqdn) : undefined;
}

/** CoreDNS as NetworkPolicy sees it: a kube-system Pod labelled k8s-app=kube-dns, serving UDP 53. */
const COREDNS_POD: Pod = {
  metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
  spec: { containers: [{ name: 'coredns', ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] }] },
  status: { podIP: '10.244.0.2' },
};

/** The policy that stops a pod's DNS queries (egress isolation without a rule for UDP 53 to CoreDNS), if any. */
function dnsEgressDenied(net: Net, src: Extract<Source, { kind: 'pod' }>): string | undefined {
  const pod = net.podByIp(src.ip);
  if (!pod) return undefined;
  const v = evaluateConnection({ kind: 'pod', pod }, { kind: 'pod', pod: COREDNS_POD }, 53, 'UDP', networkPolicies(net.w), namespaceLabels(net.w));
  return !v.allowed && v.direction === 'egress' ? v.policy : undefined;
}

/** From a pod or a node to an address: a Service IP (kube-proxy), a pod IP (CNI) or outside (egress). */
function connect(net: Net, src: Source, ip: string, port: number, http: boolean, hops: Hop[], label: string): RequestPlan {
  if (src.kind === 'internet') return { hops, result: { kind: 'unresolved', name: label } };
  const node = src.node;
  if (cidrContains(SERVICE_CIDR, ip)) return viaKubeProxy(net, src, node, src.component, src.ip, ip, port, http, hops, src.component, `${ip}:${port}`);
  const dst = net.podByIp(ip);
  if (dst) {
    return deliver(net, { fromNode: node, last: src.component, srcIP: src.ip, dstIP: ip, dstPort: port, peer: peerOf(net, src), dst, replyTo: src.component, replyFrom: `${ip}:${port}`, http }, hops);
  }
  return egress(net, src, ip, port, http, hops, label);
}

function peerOf(net: Net, src: Source): Parameters<typeof evaluateConnection>[0] {
  const pod = src.kind === 'pod' ? net.podByIp(src.ip) : undefined;
  return pod ? { kind: 'pod', pod } : { kind: 'ip', ip: src.ip };
}

function viaKubeProxy(
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

function egress(net: Net, src: Extract<Source, { kind: 'pod' | 'node' }>, ip: string, port: number, http: boolean, hops: Hop[], label: string): RequestPlan {
  const cni = `cni@${src.node}`;
  const flow = `${src.ip} → ${ip}:${port}`;
  if (src.kind === 'pod') {
    const pod = net.podByIp(src.ip);
    const verdict = pod ? evaluateConnection({ kind: 'pod', pod }, { kind: 'ip', ip }, port, 'TCP', networkPolicies(net.w), namespaceLabels(net.w)) : undefined;
    if (verdict && !verdict.allowed) {
      hops.push({ from: src.component, to: cni, summary: `dropped by NetworkPolicy ${verdict.policy} (egress)`, detail: `The CNI on ${src.node} dropped ${flow}: ${verdict.deniedAt?.pod} is isolated for egress by NetworkPolicy ${verdict.policy}.`, result: 'dropped', delayMs: NET_LATENCY.local, attrs: { policy: verdict.policy ?? '', direction: 'egress', node: src.node } });
      return { hops, result: { kind: 'dropped', where: cni, reason: `NetworkPolicy ${verdict.policy} denies egress to ${ip}` } };
    }
    hops.push({ from: src.component, to: cni, summary: `${flow}`, delayMs: NET_LATENCY.local, attrs: { srcIP: src.ip, dstIP: ip, dstPort: port } });
  }
  const node = net.node(src.node);
  const snat = node ? egressSNAT({ srcIP: src.ip, dstIP: ip, dstPort: port, protocol: 'TCP' }, { name: node.name, ip: node.ip }) : undefined;
  const ext = externalHost(net.w, label);
  hops.push({
    from: cni,
    to: ext,
    summary: snat ? `MASQUERADE ${src.ip} → ${snat.after.srcIP}, to ${ip}:${port}` : `${flow}`,
    ...(snat ? { detail: snat.reason } : {}),
    delayMs: NET_LATENCY.internet,
    attrs: { srcIP: snat?.after.srcIP ?? src.ip, dstIP: ip, dstPort: port, snat: Boolean(snat) },
  });
  hops.push(replyHop(ext, src.component, http, `${ip}:${port}`, NET_LATENCY.internet + NET_LATENCY.app));
  return { hops, result: { kind: 'answered', status: http ? 200 : 0, by: label, byIp: ip } };
}

/** From the internet to a Service: through its cloud load balancer, or straight to a NodePort. */
function fromInternet(net: Net, src: Extract<Source, { kind: 'internet' }>, svc: Service, port: number, http: boolean, hops: Hop[]): RequestPlan {
  const ns = svc.metadata.namespace ?? 'default';
  const type = svc.spec.type ?? 'ClusterIP';
  const sp = (svc.spec.ports ?? []).find((p) => p.port === port) ?? svc.spec.ports?.[0];
  const lbIp = (svc.status?.loadBalancer?.ingress ?? []).find((i) => i.ip)?.ip;
  if (type === 'ClusterIP' || type === 'ExternalName' || !sp?.nodePort) {
    return unreachable(src, `${ns}/${svc.metadata.name} is type ${type}: not reachable from outside the cluster`, hops);
  }
  const ready = net.nodes.filter((n) => n.ready);
  if (type === 'LoadBalancer' && lbIp) {
    const lb = `cloud-lb:${ns}/${svc.metadata.name}`;
    const flow = { srcIP: src.ip, dstIP: lbIp, dstPort: port, protocol: 'TCP' as const };
    hops.push({ from: src.component, to: lb, summary: `TCP ${src.ip} → ${lbIp}:${port}`, delayMs: NET_LATENCY.internet, attrs: { srcIP: src.ip, dstIP: lbIp, dstPort: port } });
    const targets = loadBalancerTargetNodes(svc, endpointSlices(net.w).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name && (s.metadata.namespace ?? 'default') === ns), ready.map((n) => n.name), sp.name ?? '');
    if (targets.length === 0) {
      hops.push({ from: lb, to: lb, summary: 'no healthy node behind the load balancer', result: 'dropped', delayMs: 0, internal: true });
      return { hops, result: { kind: 'dropped', where: lb, reason: 'no node passes the load balancer health check' } };
    }
    const node = net.node(targets[net.pick(targets.length)]!)!;
    const toNode = loadBalancerToNode(flow, svc, { name: node.name, ip: node.ip }, 'nodeport', sp.name ?? '');
    const proxy = `kube-proxy@${node.name}`;
    hops.push({ from: lb, to: proxy, summary: `→ ${node.name} ${toNode.flow.dstIP}:${toNode.flow.dstPort} (NodePort)`, delayMs: NET_LATENCY.node, attrs: { node: node.name, nodePort: toNode.flow.dstPort, healthyNodes: targets.length } });
    return viaKubeProxyFromEdge(net, src, node.name, proxy, src.ip, node.ip, toNode.flow.dstPort, http, hops, lb, `${lbIp}:${port}`);
  }
  const node = ready[0] ?? net.nodes[0]!;
  return viaKubeProxy(net, src, node.name, src.component, src.ip, node.ip, sp.nodePort, http, hops, src.component, `${node.ip}:${sp.nodePort}`);
}

/** The packet already sits at kube-proxy's node (from a cloud LB): route it from there, reply through the LB. */
function viaKubeProxyFromEdge(net: Net, src: Source, node: string, proxy: string, srcIP: string, dstIP: string, dstPort: number, http: boolean, hops: Hop[], lb: string, seenFrom: string): RequestPlan {
  const plan = viaKubeProxy(net, src, node, proxy, srcIP, dstIP, dstPort, http, hops, lb, seenFrom);
  // viaKubeProxy recorded a hop proxy → proxy for the rules walk; make it a decision inside kube-proxy's node.
  const walk = plan.hops.find((h) => h.from === proxy && h.to === proxy && !h.internal);
  if (walk) walk.internal = true;
  if (plan.result.kind === 'answered') plan.hops.push({ from: lb, to: src.component, summary: `${http ? 'HTTP/1.1 200 OK' : 'reply'} (from ${seenFrom})`, delayMs: NET_LATENCY.internet, ...(http ? { status: 200 } : {}) });
  return plan;
}

/** The internet has no route to cluster-internal addresses: the request goes nowhere. */
function unreachable(src: Extract<Source, { kind: 'internet' }>, why: string, hops: Hop[]): RequestPlan {
  hops.push({ from: src.component, to: src.component, summary: why, result: 'dropped', delayMs: 0, internal: true });
  return { hops, result: { kind: 'dropped', where: '', reason: why } };
}
