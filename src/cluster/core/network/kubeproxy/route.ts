/**
 * Walks a connection's first packet through the rules a kube-proxy programmed,
 * so a traffic step can show which chains (or which IPVS virtual server) it
 * passed, where it was DNATed to, whether it was marked for masquerade, or
 * where it was rejected/dropped.
 *
 * Simplifications: connections are new (no conntrack state), so ClientIP
 * affinity (`-m recent --rcheck`) never matches; random choices come from
 * `pick(n)` (an index in [0, n)), called once per load-balancing chain.
 * A packet without `srcIP` is taken to come from a pod on this node.
 */
import { cidrContains } from '../ip.ts';
import type { Protocol } from '../types.ts';
import type { IptablesRules, IptRule, IptTable, Match } from './iptables.ts';
import { renderRule } from './iptables.ts';
import type { IpvsRules } from './ipvs.ts';
import type { EndpointInfo, ProxyContext } from './model.ts';
import type { NftablesRules, NftRule } from './nftables.ts';

export type ProxyRules = IptablesRules | IpvsRules | NftablesRules;

export interface RoutePacket {
  srcIP?: string;
  dstIP: string;
  dstPort: number;
  protocol: Protocol;
}

export type RouteResult =
  | {
      outcome: 'dnat';
      /** `ns/svc:port`. */
      service: string;
      endpoint: EndpointInfo;
      /** Chains (iptables/nftables) or virtual server (IPVS) passed, in order. */
      path: string[];
      /** Marked for masquerade: the source is SNATed to the node IP on the way out. */
      masquerade: boolean;
    }
  | { outcome: 'reject' | 'drop'; service?: string; reason: string; path: string[] }
  /** Not a Service address: kube-proxy leaves the packet alone. */
  | { outcome: 'no-match'; path: string[] };

export type Pick = (n: number) => number;

export function routeConnection(rules: ProxyRules, packet: RoutePacket, pick: Pick): RouteResult {
  switch (rules.mode) {
    case 'iptables':
      return routeIptables(rules, packet, pick);
    case 'ipvs':
      return routeIpvs(rules, packet, pick);
    case 'nftables':
      return routeNftables(rules, packet, pick);
  }
}

interface Pkt {
  src: string | undefined;
  dst: string;
  dport: number;
  proto: string;
  ctx: ProxyContext;
}

function fromPod(p: Pkt): boolean {
  return p.src === undefined || cidrContains(p.ctx.clusterCIDR, p.src);
}

function isLocalAddress(ip: string | undefined, ctx: ProxyContext): boolean {
  return ip === ctx.nodeIP || (ip !== undefined && cidrContains('127.0.0.0/8', ip));
}

function toPkt(packet: RoutePacket, ctx: ProxyContext): Pkt {
  return { src: packet.srcIP, dst: packet.dstIP, dport: packet.dstPort, proto: packet.protocol.toLowerCase(), ctx };
}

// ---------- iptables ----------

type Verdict =
  | { kind: 'return' }
  | { kind: 'dnat'; rule: IptRule }
  | { kind: 'reject' | 'drop' | 'accept'; rule: IptRule };

interface Walk {
  table: IptTable;
  pkt: Pkt;
  pick: Pick;
  path: string[];
  marked: boolean;
  choices: Map<string, number>;
}

function srcMatches(r: IptRule, pkt: Pkt): boolean {
  if (!r.src) return true;
  // A packet of unknown source is a pod's: inside the cluster CIDR, not any /32.
  const inside = pkt.src === undefined ? r.src === pkt.ctx.clusterCIDR : cidrContains(r.src, pkt.src);
  return r.negateSrc ? !inside : inside;
}

function matchMatches(m: Match, r: IptRule, w: Walk): boolean {
  const p = w.pkt;
  switch (m.kind) {
    case 'comment':
    case 'conntrack':
      return m.kind === 'comment' || m.state === 'NEW';
    case 'proto':
      return m.proto === p.proto && (m.dport === undefined || m.dport === p.dport);
    case 'addrtype':
      return (!m.src || isLocalAddress(p.src, p.ctx)) && (!m.dst || isLocalAddress(p.dst, p.ctx));
    case 'statistic': {
      if (!w.choices.has(r.chain)) w.choices.set(r.chain, w.pick(m.of));
      return w.choices.get(r.chain) === m.index;
    }
    case 'recent':
      return m.op === 'set';
    case 'mark':
      return m.negate !== w.marked;
  }
}

function ruleMatches(r: IptRule, w: Walk): boolean {
  const p = w.pkt;
  if (!srcMatches(r, p)) return false;
  if (r.dst && !(r.dst.endsWith('/32') ? r.dst.length === p.dst.length + 3 && r.dst.startsWith(p.dst) : cidrContains(r.dst, p.dst))) return false;
  if (r.proto && r.proto !== p.proto) return false;
  return r.matches.every((m) => matchMatches(m, r, w));
}

function walkChain(w: Walk, chain: string): Verdict {
  const [start, end] = w.table.ranges[chain] ?? [0, 0];
  for (let i = start; i < end; i++) {
    const r = w.table.rules[i];
    if (r === undefined || !ruleMatches(r, w)) continue;
    switch (r.target) {
      case 'RETURN':
        return { kind: 'return' };
      case 'MARK':
        w.marked = true;
        continue;
      case 'DNAT':
        return { kind: 'dnat', rule: r };
      case 'REJECT':
        return { kind: 'reject', rule: r };
      case 'DROP':
        return { kind: 'drop', rule: r };
      case 'ACCEPT':
        return { kind: 'accept', rule: r };
      default: {
        w.path.push(r.target);
        const v = walkChain(w, r.target);
        if (v.kind !== 'return') return v;
      }
    }
  }
  return { kind: 'return' };
}

function routeIptables(rules: IptablesRules, packet: RoutePacket, pick: Pick): RouteResult {
  const pkt = toPkt(packet, rules.context);
  const fromHost = isLocalAddress(pkt.src, pkt.ctx);
  const natEntry = fromHost ? 'OUTPUT' : 'PREROUTING';
  const nat: Walk = { table: rules.nat, pkt, pick, path: [natEntry], marked: false, choices: new Map() };
  const v = walkChain(nat, natEntry);
  if (v.kind === 'dnat' && v.rule.endpoint) {
    const path = nat.marked ? [...nat.path, 'POSTROUTING', 'KUBE-POSTROUTING'] : nat.path;
    return { outcome: 'dnat', service: v.rule.service ?? '', endpoint: v.rule.endpoint, path, masquerade: nat.marked };
  }
  const filterEntry = fromHost ? 'OUTPUT' : isLocalAddress(pkt.dst, pkt.ctx) ? 'INPUT' : 'FORWARD';
  const filter: Walk = { table: rules.filter, pkt, pick, path: [...nat.path, filterEntry], marked: nat.marked, choices: new Map() };
  const f = walkChain(filter, filterEntry);
  if (f.kind === 'reject' || f.kind === 'drop') {
    return { outcome: f.kind, service: f.rule.service, reason: renderRule(f.rule), path: filter.path };
  }
  return { outcome: 'no-match', path: nat.path };
}

// ---------- IPVS ----------

function routeIpvs(rules: IpvsRules, packet: RoutePacket, pick: Pick): RouteResult {
  const pkt = toPkt(packet, rules.context);
  const vs = rules.virtualServers.find(
    (v) => v.ip === pkt.dst && v.port === pkt.dport && v.protocol.toLowerCase() === pkt.proto,
  );
  if (!vs) return { outcome: 'no-match', path: [] };
  const label = `${vs.protocol}  ${vs.ip}:${vs.port} ${vs.scheduler}`;
  if (vs.realServers.length === 0) {
    return { outcome: 'drop', service: vs.service, reason: `${label}: no real servers`, path: ['kube-ipvs0', label] };
  }
  const rs = vs.realServers[pick(vs.realServers.length)]!; // pick(n) is in [0, n), n > 0 (checked above)
  // KUBE-LOOP-BACK: a pod reaching itself through the Service is masqueraded (hairpin).
  const hairpin = pkt.src === rs.ip;
  const masquerade = hairpin || vs.masquerade === 'always' || (vs.masquerade === 'unless-pod' && !fromPod(pkt));
  return { outcome: 'dnat', service: vs.service, endpoint: rs.endpoint, path: ['kube-ipvs0', label], masquerade };
}

// ---------- nftables ----------

function routeNftables(rules: NftablesRules, packet: RoutePacket, pick: Pick): RouteResult {
  const pkt = toPkt(packet, rules.context);
  const path = ['nat-prerouting', 'services'];
  const ipElem = rules.serviceIPs.find((e) => e.ip === pkt.dst && e.proto === pkt.proto && e.port === pkt.dport);
  const local = pkt.dst === pkt.ctx.nodeIP;
  const npElem = local ? rules.serviceNodePorts.find((e) => e.proto === pkt.proto && e.port === pkt.dport) : undefined;
  const elem = ipElem ?? npElem;
  if (elem) {
    let marked = false;
    let chain = elem.verdict.replace(/^goto /, '');
    path.push(chain);
    for (let hops = 0; hops < 16; hops++) {
      const c = rules.chains.find((x) => x.name === chain);
      if (!c) break;
      const step = runNftChain(c.rules, pkt, pick);
      marked ||= step.marked;
      if (step.dnat) return { outcome: 'dnat', service: elem.service, endpoint: step.dnat, path: marked ? [...path, 'nat-postrouting', 'masquerading'] : path, masquerade: marked };
      if (!step.next) break;
      chain = step.next;
      path.push(chain);
    }
  }
  const noEp = rules.noEndpointServices.find((e) => e.ip === pkt.dst && e.proto === pkt.proto && e.port === pkt.dport)
    ?? (local ? rules.noEndpointNodePorts.find((e) => e.proto === pkt.proto && e.port === pkt.dport) : undefined);
  if (noEp) {
    const check = noEp.ip ? 'service-endpoints-check' : 'nodeport-endpoints-check';
    const reject = noEp.verdict === 'goto reject-chain';
    const p = ['filter-prerouting', check, ...(reject ? ['reject-chain'] : [])];
    return { outcome: reject ? 'reject' : 'drop', service: noEp.service, reason: `${noEp.key} : ${noEp.verdict}`, path: p };
  }
  if (rules.clusterIPs.includes(pkt.dst)) {
    return { outcome: 'reject', reason: 'Reject traffic to invalid ports of ClusterIPs', path: ['filter-forward', 'cluster-ips-check'] };
  }
  if (cidrContains(pkt.ctx.serviceCIDR, pkt.dst)) {
    return { outcome: 'drop', reason: 'Drop traffic to unallocated ClusterIPs', path: ['filter-forward', 'cluster-ips-check'] };
  }
  return { outcome: 'no-match', path: [] };
}

function runNftChain(rules: NftRule[], pkt: Pkt, pick: Pick): { marked: boolean; next?: string; dnat?: EndpointInfo } {
  let marked = false;
  const srcLocal = isLocalAddress(pkt.src, pkt.ctx);
  for (const r of rules) {
    switch (r.kind) {
      case 'masq-unless-pod':
        if (!fromPod(pkt)) marked = true;
        break;
      case 'masq':
        marked = true;
        break;
      case 'goto-if-pod':
        if (fromPod(pkt) && !srcLocal) return { marked, next: r.target };
        break;
      case 'masq-if-local-src':
        if (srcLocal) marked = true;
        break;
      case 'goto-if-local-src':
        if (srcLocal) return { marked, next: r.target };
        break;
      case 'goto':
        return { marked, next: r.target };
      case 'numgen':
        return { marked, next: r.targets[pick(r.targets.length)] };
      case 'masq-if-src':
        if (pkt.src === r.ip) marked = true;
        break;
      case 'dnat':
        return { marked, dnat: r.endpoint };
    }
  }
  return { marked };
}
