/**
 * kube-proxy's IPVS mode (pkg/proxy/ipvs/proxier.go): every ClusterIP,
 * load-balancer IP and external IP is bound to the dummy interface kube-ipvs0
 * and becomes a virtual server (scheduler `rr` by default); NodePorts are
 * virtual servers on each node address. Real servers are the endpoints the
 * traffic policy allows, forwarded with masquerading ("Masq"), weight 1.
 * Masquerading decisions stay in iptables, keyed by ipsets (KUBE-CLUSTER-IP,
 * KUBE-NODE-PORT-TCP, KUBE-NODE-PORT-LOCAL-TCP …); they are listed for the
 * trace, not the full iptables side.
 *
 * The text mimics `ipvsadm -Ln` (trailing blanks trimmed), services sorted by
 * protocol, address and port.
 */
import { compareIPs } from '../ip.ts';
import { categorizeEndpoints, proxyContext, servicePorts } from './model.ts';
import type { EndpointInfo, ProxyContext, ProxyInput } from './model.ts';

export interface RealServer {
  ip: string;
  port: number;
  weight: number;
  endpoint: EndpointInfo;
}

export interface VirtualServer {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  ip: string;
  port: number;
  scheduler: string;
  /** ClientIP session affinity → `persistent <seconds>`. */
  persistentSeconds?: number;
  realServers: RealServer[];
  service: string;
  kind: 'cluster-ip' | 'node-port' | 'load-balancer' | 'external-ip';
  /** Does iptables mark this traffic for masquerade (unless it comes from a pod, for ClusterIPs)? */
  masquerade: 'always' | 'unless-pod' | 'never';
}

export interface IpvsRules {
  mode: 'ipvs';
  context: ProxyContext;
  virtualServers: VirtualServer[];
  /** ipset name → members (`ip,proto:port` as kube-proxy writes them). */
  ipsets: Record<string, string[]>;
  /** Addresses bound to kube-ipvs0. */
  dummyAddresses: string[];
}

export function buildIpvs(input: ProxyInput, scheduler = 'rr'): IpvsRules {
  const ctx = proxyContext(input);
  const vs: VirtualServer[] = [];
  const sets: Record<'KUBE-CLUSTER-IP' | 'KUBE-LOAD-BALANCER' | 'KUBE-LOAD-BALANCER-LOCAL', string[]> & Record<string, string[]> = {
    'KUBE-CLUSTER-IP': [],
    'KUBE-LOAD-BALANCER': [],
    'KUBE-LOAD-BALANCER-LOCAL': [],
    'KUBE-NODE-PORT-TCP': [],
    'KUBE-NODE-PORT-LOCAL-TCP': [],
    'KUBE-NODE-PORT-UDP': [],
    'KUBE-NODE-PORT-LOCAL-UDP': [],
  };
  const dummy = new Set<string>();
  for (const sp of servicePorts(input)) {
    const cat = categorizeEndpoints(sp);
    const proto = sp.protocol.toUpperCase() as VirtualServer['protocol'];
    const internal = sp.internalPolicyLocal ? cat.localEndpoints : cat.clusterEndpoints;
    const external = sp.externalPolicyLocal ? cat.localEndpoints : cat.clusterEndpoints;
    const common = { protocol: proto, scheduler, service: sp.key, persistentSeconds: sp.affinitySeconds };
    const rs = (eps: EndpointInfo[]): RealServer[] => eps.map((e) => ({ ip: e.ip, port: e.port, weight: 1, endpoint: e }));
    vs.push({ ...common, ip: sp.clusterIP, port: sp.port, realServers: rs(internal), kind: 'cluster-ip', masquerade: 'unless-pod' });
    dummy.add(sp.clusterIP);
    sets['KUBE-CLUSTER-IP'].push(`${sp.clusterIP},${sp.protocol}:${sp.port}`);
    const extMasq = sp.externalPolicyLocal ? 'never' : 'always';
    for (const ip of sp.loadBalancerIPs) {
      vs.push({ ...common, ip, port: sp.port, realServers: rs(external), kind: 'load-balancer', masquerade: extMasq });
      dummy.add(ip);
      sets['KUBE-LOAD-BALANCER'].push(`${ip},${sp.protocol}:${sp.port}`);
      if (sp.externalPolicyLocal) sets['KUBE-LOAD-BALANCER-LOCAL'].push(`${ip},${sp.protocol}:${sp.port}`);
    }
    for (const ip of sp.externalIPs) {
      vs.push({ ...common, ip, port: sp.port, realServers: rs(external), kind: 'external-ip', masquerade: extMasq });
      dummy.add(ip);
    }
    if (sp.nodePort !== 0) {
      vs.push({ ...common, ip: ctx.nodeIP, port: sp.nodePort, realServers: rs(external), kind: 'node-port', masquerade: extMasq });
      const p = sp.protocol.toUpperCase();
      sets[`KUBE-NODE-PORT-${p}`]?.push(String(sp.nodePort));
      if (sp.externalPolicyLocal) sets[`KUBE-NODE-PORT-LOCAL-${p}`]?.push(String(sp.nodePort));
    }
  }
  vs.sort((a, b) => a.protocol.localeCompare(b.protocol) || compareIPs(a.ip, b.ip) || a.port - b.port);
  for (const list of Object.values(sets)) list.sort();
  return { mode: 'ipvs', context: ctx, virtualServers: vs, ipsets: sets, dummyAddresses: [...dummy].sort(compareIPs) };
}

/** `ipvsadm -Ln`. */
export function renderIpvsadm(rules: IpvsRules): string {
  const lines = [
    'IP Virtual Server version 1.2.1 (size=4096)',
    'Prot LocalAddress:Port Scheduler Flags',
    '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  ];
  for (const v of rules.virtualServers) {
    const flags = v.persistentSeconds !== undefined ? ` persistent ${v.persistentSeconds}` : '';
    lines.push(`${v.protocol.padEnd(4)} ${v.ip}:${v.port} ${v.scheduler}${flags}`);
    for (const r of v.realServers) {
      lines.push(`  -> ${`${r.ip}:${r.port}`.padEnd(28)} ${'Masq'.padEnd(7)} ${String(r.weight).padEnd(6)} ${'0'.padEnd(10)} 0`);
    }
  }
  return `${lines.join('\n')}\n`;
}
