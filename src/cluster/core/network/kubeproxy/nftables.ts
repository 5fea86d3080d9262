/**
 * kube-proxy's nftables mode (pkg/proxy/nftables/proxier.go), essential
 * shape: one table `ip kube-proxy`; the `services` chain dispatches through the
 * verdict maps `service-ips` (ClusterIP / external IP / load-balancer IP .
 * protocol . port) and `service-nodeports` (protocol . port on the node's
 * addresses); `service-*` chains pick an endpoint with `numgen random mod N
 * vmap`, `endpoint-*` chains DNAT; `external-*` chains apply the external
 * traffic policy; Services without (local) endpoints are in
 * `no-endpoint-services` / `no-endpoint-nodeports` (reject or drop).
 * ClusterIPs on a port no Service uses are rejected, unallocated addresses of
 * the Service CIDR dropped (cluster-ips-check). Base chains (nat-prerouting …)
 * and the loadBalancerSourceRanges firewall are left out.
 */
import { compareIPs } from '../ip.ts';
import { categorizeEndpoints, externallyAccessible, proxyContext, servicePorts, usesClusterEndpoints } from './model.ts';
import type { EndpointInfo, ProxyContext, ProxyInput, ServicePortInfo } from './model.ts';
import { nftEndpointChainBase, nftServiceChainBase } from './names.ts';

export type NftRule =
  | { kind: 'masq-unless-pod'; ip: string; proto: string; port: number }
  | { kind: 'masq' }
  | { kind: 'goto-if-pod'; target: string }
  | { kind: 'masq-if-local-src' }
  | { kind: 'goto-if-local-src'; target: string }
  | { kind: 'goto'; target: string }
  | { kind: 'numgen'; targets: string[] }
  | { kind: 'masq-if-src'; ip: string }
  | { kind: 'dnat'; proto: string; endpoint: EndpointInfo };

export interface NftChain {
  name: string;
  service: string;
  rules: NftRule[];
}

export interface NftMapElement {
  /** `10.96.0.10 . udp . 53` or `tcp . 30080`. */
  key: string;
  ip?: string;
  proto: string;
  port: number;
  /** `goto <chain>`, `drop` or `goto reject-chain`. */
  verdict: string;
  service: string;
}

export interface NftablesRules {
  mode: 'nftables';
  context: ProxyContext;
  clusterIPs: string[];
  serviceIPs: NftMapElement[];
  serviceNodePorts: NftMapElement[];
  noEndpointServices: NftMapElement[];
  noEndpointNodePorts: NftMapElement[];
  chains: NftChain[];
}

export function buildNftables(input: ProxyInput): NftablesRules {
  const ctx = proxyContext(input);
  const out: NftablesRules = {
    mode: 'nftables',
    context: ctx,
    clusterIPs: [],
    serviceIPs: [],
    serviceNodePorts: [],
    noEndpointServices: [],
    noEndpointNodePorts: [],
    chains: [],
  };
  for (const sp of servicePorts(input)) writeServicePort(out, sp);
  out.clusterIPs = [...new Set(out.clusterIPs)].sort(compareIPs);
  out.chains.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return out;
}

function writeServicePort(out: NftablesRules, sp: ServicePortInfo): void {
  const base = nftServiceChainBase(sp.namespace, sp.name, sp.protocol, sp.portName);
  const clusterChain = `service-${base}`;
  const localChain = `local-${base}`;
  const extChain = `external-${base}`;
  const epChain = (e: EndpointInfo) => `endpoint-${nftEndpointChainBase(sp.namespace, sp.name, sp.protocol, sp.portName, e.endpoint)}`;
  const cat = categorizeEndpoints(sp);
  const hasInternal = cat.hasAnyEndpoints && (!sp.internalPolicyLocal || cat.localEndpoints.length > 0);
  const hasExternal = cat.hasAnyEndpoints && (!sp.externalPolicyLocal || cat.localEndpoints.length > 0);
  const internalChain = sp.internalPolicyLocal ? localChain : clusterChain;
  const externalPolicyChain = sp.externalPolicyLocal ? localChain : clusterChain;
  const usesExt = cat.hasAnyEndpoints && externallyAccessible(sp);
  // No endpoints at all: reject; endpoints only on other nodes under a Local policy: drop.
  const noEpVerdict = cat.hasAnyEndpoints ? 'drop' : 'goto reject-chain';
  const elem = (ip: string | undefined, port: number, verdict: string): NftMapElement => ({
    key: ip ? `${ip} . ${sp.protocol} . ${port}` : `${sp.protocol} . ${port}`,
    ip,
    proto: sp.protocol,
    port,
    verdict,
    service: sp.key,
  });

  out.clusterIPs.push(sp.clusterIP);
  if (hasInternal) out.serviceIPs.push(elem(sp.clusterIP, sp.port, `goto ${internalChain}`));
  else out.noEndpointServices.push(elem(sp.clusterIP, sp.port, noEpVerdict));
  for (const ip of [...sp.externalIPs, ...sp.loadBalancerIPs]) {
    if (cat.hasAnyEndpoints) out.serviceIPs.push(elem(ip, sp.port, `goto ${extChain}`));
    if (!hasExternal) out.noEndpointServices.push(elem(ip, sp.port, noEpVerdict));
  }
  if (sp.nodePort !== 0) {
    if (cat.hasAnyEndpoints) out.serviceNodePorts.push(elem(undefined, sp.nodePort, `goto ${extChain}`));
    if (!hasExternal) out.noEndpointNodePorts.push(elem(undefined, sp.nodePort, noEpVerdict));
  }
  if (!cat.hasAnyEndpoints) return;

  const chains = new Map<string, NftRule[]>();
  const add = (chain: string, r: NftRule) => chains.set(chain, [...(chains.get(chain) ?? []), r]);
  if (hasInternal) add(internalChain, { kind: 'masq-unless-pod', ip: sp.clusterIP, proto: sp.protocol, port: sp.port });
  if (usesExt) {
    if (!sp.externalPolicyLocal) add(extChain, { kind: 'masq' });
    else {
      add(extChain, { kind: 'goto-if-pod', target: clusterChain });
      add(extChain, { kind: 'masq-if-local-src' });
      add(extChain, { kind: 'goto-if-local-src', target: clusterChain });
    }
    if (hasExternal) add(extChain, { kind: 'goto', target: externalPolicyChain });
  }
  if (cat.clusterEndpoints.length > 0 && usesClusterEndpoints(sp)) add(clusterChain, { kind: 'numgen', targets: cat.clusterEndpoints.map(epChain) });
  if (cat.localEndpoints.length > 0 && (sp.internalPolicyLocal || sp.externalPolicyLocal)) {
    add(localChain, { kind: 'numgen', targets: cat.localEndpoints.map(epChain) });
  }
  for (const e of cat.allReachable) {
    add(epChain(e), { kind: 'masq-if-src', ip: e.ip });
    add(epChain(e), { kind: 'dnat', proto: sp.protocol, endpoint: e });
  }
  for (const [name, rules] of chains) out.chains.push({ name, service: sp.key, rules });
}

export function renderNftRule(r: NftRule, ctx: ProxyContext): string {
  switch (r.kind) {
    case 'masq-unless-pod':
      return `ip daddr ${r.ip} ${r.proto} dport ${r.port} ip saddr != ${ctx.clusterCIDR} jump mark-for-masquerade`;
    case 'masq':
      return 'jump mark-for-masquerade';
    case 'goto-if-pod':
      return `ip saddr ${ctx.clusterCIDR} goto ${r.target} comment "short-circuit pod traffic"`;
    case 'masq-if-local-src':
      return 'fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"';
    case 'goto-if-local-src':
      return `fib saddr type local goto ${r.target} comment "short-circuit local traffic"`;
    case 'goto':
      return `goto ${r.target}`;
    case 'numgen':
      return `numgen random mod ${r.targets.length} vmap { ${r.targets.map((t, i) => `${i} : goto ${t}`).join(', ')} }`;
    case 'masq-if-src':
      return `ip saddr ${r.ip} jump mark-for-masquerade`;
    case 'dnat':
      return `meta l4proto ${r.proto} dnat to ${r.endpoint.endpoint}`;
  }
}

function renderMap(name: string, type: string, comment: string, elems: NftMapElement[]): string[] {
  const lines = [`\tmap ${name} {`, `\t\ttype ${type}`, `\t\tcomment "${comment}"`];
  if (elems.length > 0) lines.push(`\t\telements = { ${elems.map((e) => `${e.key} : ${e.verdict}`).join(',\n\t\t\t     ')} }`);
  lines.push('\t}');
  return lines;
}

/** `nft list table ip kube-proxy` (essential shape). */
export function renderNft(rules: NftablesRules): string {
  const ctx = rules.context;
  const lines = ['table ip kube-proxy {', '\tcomment "rules for kube-proxy"'];
  lines.push('\tset cluster-ips {', '\t\ttype ipv4_addr', '\t\tcomment "Active ClusterIPs"');
  if (rules.clusterIPs.length > 0) lines.push(`\t\telements = { ${rules.clusterIPs.join(', ')} }`);
  lines.push('\t}');
  lines.push('\tset nodeport-ips {', '\t\ttype ipv4_addr', '\t\tcomment "IPs that accept NodePort traffic"', `\t\telements = { ${ctx.nodeIP} }`, '\t}');
  lines.push(...renderMap('no-endpoint-nodeports', 'inet_proto . inet_service : verdict', 'vmap to drop or reject packets to service nodeports with no endpoints', rules.noEndpointNodePorts));
  lines.push(...renderMap('no-endpoint-services', 'ipv4_addr . inet_proto . inet_service : verdict', 'vmap to drop or reject packets to services with no endpoints', rules.noEndpointServices));
  lines.push(...renderMap('service-ips', 'ipv4_addr . inet_proto . inet_service : verdict', 'ClusterIP, ExternalIP and LoadBalancer IP traffic', rules.serviceIPs));
  lines.push(...renderMap('service-nodeports', 'inet_proto . inet_service : verdict', 'NodePort traffic', rules.serviceNodePorts));
  const fixed: [string, string[]][] = [
    ['cluster-ips-check', [
      'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"',
      `ip daddr { ${ctx.serviceCIDR} } drop comment "Drop traffic to unallocated ClusterIPs"`,
    ]],
    ['mark-for-masquerade', ['mark set mark or 0x4000']],
    ['masquerading', ['mark and 0x4000 == 0 return', 'mark set mark xor 0x4000', 'masquerade fully-random']],
    ['nodeport-endpoints-check', ['ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports']],
    ['reject-chain', ['comment "helper for @no-endpoint-services / @no-endpoint-nodeports"', 'reject']],
    ['service-endpoints-check', ['ip daddr . meta l4proto . th dport vmap @no-endpoint-services']],
    ['services', ['ip daddr . meta l4proto . th dport vmap @service-ips', 'ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports']],
  ];
  for (const [name, body] of fixed) lines.push(`\tchain ${name} {`, ...body.map((b) => `\t\t${b}`), '\t}');
  for (const c of rules.chains) lines.push(`\tchain ${c.name} {`, ...c.rules.map((r) => `\t\t${renderNftRule(r, ctx)}`), '\t}');
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
