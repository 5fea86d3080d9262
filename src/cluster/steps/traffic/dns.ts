/**
 * A pod's name lookup as the trace shows it: the resolver walks the search
 * path (ndots:5), each query a UDP packet to CoreDNS (the kube-dns Service,
 * 10.96.0.10:53) and its answer; CoreDNS forwards names outside the cluster
 * domain upstream. NetworkPolicy egress applies to the queries.
 */
import { evaluateConnection, podResolvConf, resolveFromPod, type Pod } from '../../core/network/index.ts';
import { defaultUpstream } from '../../core/network/dns.ts';
import { endpointSlices, namespaceLabels, networkPolicies, services } from '../../components/network/views.ts';
import { coredns } from '../../components/network/actors.ts';
import type { Net } from './net.ts';
import { NET_LATENCY, type Hop, type Source } from './types.ts';

/** The resolver's queries to CoreDNS (10.96.0.10:53) and their answers; returns the address used. */
export function dnsLookup(net: Net, src: Extract<Source, { kind: 'pod' }>, name: string, hops: Hop[]): string | undefined {
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

