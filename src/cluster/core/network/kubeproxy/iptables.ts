/**
 * kube-proxy's iptables mode (pkg/proxy/iptables/proxier.go syncProxyRules,
 * 1.28+ layout): per service port a KUBE-SERVICES match on the ClusterIP
 * jumping to KUBE-SVC-* (Cluster policy) / KUBE-SVL-* (Local policy), a
 * random-probability rule per endpoint to KUBE-SEP-*, which DNATs; NodePorts
 * and load-balancer IPs go through KUBE-EXT-*; Services without endpoints are
 * REJECTed in the filter table; masquerading is a mark (KUBE-MARK-MASQ) acted
 * on in KUBE-POSTROUTING.
 *
 * The text is what `iptables-save` prints: IP matches first (-s/-d/-p), then
 * the matches in the order kube-proxy adds them, chains grouped and user chains
 * in name order; probabilities as the kernel stores them (1/3 →
 * 0.33333333349). Service ports are written in name order (kube-proxy walks a
 * Go map; any order is faithful, this one is deterministic).
 */
import { categorizeEndpoints, externallyAccessible, proxyContext, servicePorts, usesClusterEndpoints } from './model.ts';
import type { EndpointInfo, ProxyContext, ProxyInput, ServicePortInfo } from './model.ts';
import { iptablesChains } from './names.ts';

export type Match =
  | { kind: 'comment'; text: string }
  | { kind: 'proto'; proto: string; dport?: number }
  | { kind: 'addrtype'; src?: 'LOCAL'; dst?: 'LOCAL' }
  | { kind: 'statistic'; probability: string; index: number; of: number }
  | { kind: 'recent'; op: 'rcheck' | 'set'; name: string; seconds?: number }
  | { kind: 'mark'; negate: boolean; mark: string }
  | { kind: 'conntrack'; state: string };

export interface IptRule {
  chain: string;
  /** -s / ! -s (CIDR). */
  src?: string;
  negateSrc?: boolean;
  /** -d (CIDR, /32 for one address). */
  dst?: string;
  /** -p. */
  proto?: string;
  matches: Match[];
  /** -j target (a chain or DNAT, REJECT, DROP, ACCEPT, MARK, MASQUERADE, RETURN). */
  target: string;
  targetArgs?: string[];
  /** The service port this rule belongs to (`ns/svc:port`), for the trace. */
  service?: string;
  /** The endpoint a DNAT rule sends to. */
  endpoint?: EndpointInfo;
}

export interface IptTable {
  name: 'nat' | 'filter';
  /** Chains in iptables-save order (builtins, then user chains by name). */
  chains: string[];
  /** Rules grouped by chain, in chain order. */
  rules: IptRule[];
  /** chain → [first, end) indexes into `rules` (for walking a packet quickly). */
  ranges: Record<string, [number, number]>;
}

export interface IptablesRules {
  mode: 'iptables';
  context: ProxyContext;
  nat: IptTable;
  filter: IptTable;
}

const MASQ_MARK = '0x4000/0x4000';
const BUILTIN = { nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'], filter: ['INPUT', 'FORWARD', 'OUTPUT'] };
const MASQ = 'KUBE-MARK-MASQ';

/** kube-proxy's computeProbability (`%0.10f` of 1/n) as iptables-save prints it back (`%.11f` of the kernel's u32). */
export function savedProbability(n: number): string {
  const written = Number((1 / n).toFixed(10));
  return (Math.round(written * 0x80000000) / 0x80000000).toFixed(11);
}

const comment = (text: string): Match => ({ kind: 'comment', text });

class Writer {
  readonly nat: IptRule[] = [];
  readonly filter: IptRule[] = [];
  readonly natChains = new Set<string>(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', MASQ]);
  readonly filterChains = new Set<string>(['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD']);
  add(table: 'nat' | 'filter', rule: IptRule): void {
    (table === 'nat' ? this.nat : this.filter).push(rule);
    if (!BUILTIN[table].includes(rule.chain)) (table === 'nat' ? this.natChains : this.filterChains).add(rule.chain);
  }
}

export function buildIptables(input: ProxyInput): IptablesRules {
  const ctx = proxyContext(input);
  const w = new Writer();
  writeJumps(w);
  for (const sp of servicePorts(input)) writeServicePort(w, sp, ctx);
  w.add('nat', {
    chain: 'KUBE-SERVICES',
    matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { kind: 'addrtype', dst: 'LOCAL' }],
    target: 'KUBE-NODEPORTS',
  });
  writeMasquerade(w);
  return {
    mode: 'iptables',
    context: ctx,
    nat: table('nat', w.nat, w.natChains),
    filter: table('filter', w.filter, w.filterChains),
  };
}

function table(name: 'nat' | 'filter', rules: IptRule[], chains: Set<string>): IptTable {
  const user = [...chains].sort();
  const order = [...BUILTIN[name], ...user];
  const byChain = new Map<string, IptRule[]>();
  for (const r of rules) {
    const list = byChain.get(r.chain);
    if (list) list.push(r);
    else byChain.set(r.chain, [r]);
  }
  const grouped: IptRule[] = [];
  const ranges: Record<string, [number, number]> = {};
  for (const c of order) {
    const list = byChain.get(c) ?? [];
    ranges[c] = [grouped.length, grouped.length + list.length];
    grouped.push(...list);
  }
  return { name, chains: order, rules: grouped, ranges };
}

function writeJumps(w: Writer): void {
  const portals = comment('kubernetes service portals');
  w.add('nat', { chain: 'PREROUTING', matches: [portals], target: 'KUBE-SERVICES' });
  w.add('nat', { chain: 'OUTPUT', matches: [portals], target: 'KUBE-SERVICES' });
  w.add('nat', { chain: 'POSTROUTING', matches: [comment('kubernetes postrouting rules')], target: 'KUBE-POSTROUTING' });
  const isNew: Match = { kind: 'conntrack', state: 'NEW' };
  const external = comment('kubernetes externally-visible service portals');
  w.add('filter', { chain: 'INPUT', matches: [isNew, external], target: 'KUBE-EXTERNAL-SERVICES' });
  w.add('filter', { chain: 'FORWARD', matches: [comment('kubernetes forwarding rules')], target: 'KUBE-FORWARD' });
  w.add('filter', { chain: 'FORWARD', matches: [isNew, portals], target: 'KUBE-SERVICES' });
  w.add('filter', { chain: 'FORWARD', matches: [isNew, external], target: 'KUBE-EXTERNAL-SERVICES' });
  w.add('filter', { chain: 'OUTPUT', matches: [isNew, portals], target: 'KUBE-SERVICES' });
  w.add('filter', {
    chain: 'KUBE-FORWARD',
    matches: [comment('kubernetes forwarding rules'), { kind: 'mark', negate: false, mark: MASQ_MARK }],
    target: 'ACCEPT',
  });
  w.add('filter', {
    chain: 'KUBE-FORWARD',
    matches: [comment('kubernetes forwarding conntrack rule'), { kind: 'conntrack', state: 'RELATED,ESTABLISHED' }],
    target: 'ACCEPT',
  });
}

function writeMasquerade(w: Writer): void {
  w.add('nat', { chain: MASQ, matches: [], target: 'MARK', targetArgs: ['--set-xmark', MASQ_MARK] });
  w.add('nat', { chain: 'KUBE-POSTROUTING', matches: [{ kind: 'mark', negate: true, mark: MASQ_MARK }], target: 'RETURN' });
  w.add('nat', { chain: 'KUBE-POSTROUTING', matches: [], target: 'MARK', targetArgs: ['--set-xmark', '0x4000/0x0'] });
  w.add('nat', {
    chain: 'KUBE-POSTROUTING',
    matches: [comment('kubernetes service traffic requiring SNAT')],
    target: 'MASQUERADE',
    targetArgs: ['--random-fully'],
  });
}

function writeServicePort(w: Writer, sp: ServicePortInfo, ctx: ProxyContext): void {
  const key = sp.key;
  const proto = sp.protocol;
  const cat = categorizeEndpoints(sp);
  const svcChain = iptablesChains.svc(key, proto);
  const svlChain = iptablesChains.svl(key, proto);
  const extChain = iptablesChains.ext(key, proto);
  const internalChain = sp.internalPolicyLocal ? svlChain : svcChain;
  const externalPolicyChain = sp.externalPolicyLocal ? svlChain : svcChain;
  const hasInternal = cat.hasAnyEndpoints && (!sp.internalPolicyLocal || cat.localEndpoints.length > 0);
  const hasExternal = cat.hasAnyEndpoints && (!sp.externalPolicyLocal || cat.localEndpoints.length > 0);
  const usesExt = cat.hasAnyEndpoints && externallyAccessible(sp);
  const base = { service: key };
  const portMatch = (dport?: number): Match => ({ kind: 'proto', proto, dport });
  const dstRule = (chain: string, ip: string, port: number, text: string, target: string, table: 'nat' | 'filter' = 'nat', args?: string[]) =>
    w.add(table, { ...base, chain, dst: `${ip}/32`, proto, matches: [comment(text), portMatch(port)], target, targetArgs: args });
  const reject = ['--reject-with', 'icmp-port-unreachable'];
  const noEp = `${key} has no endpoints`;
  const noLocal = `${key} has no local endpoints`;

  // ClusterIP.
  if (hasInternal) dstRule('KUBE-SERVICES', sp.clusterIP, sp.port, `${key} cluster IP`, internalChain);
  else if (!cat.hasAnyEndpoints) dstRule('KUBE-SERVICES', sp.clusterIP, sp.port, noEp, 'REJECT', 'filter', reject);
  else dstRule('KUBE-SERVICES', sp.clusterIP, sp.port, noLocal, 'DROP', 'filter');

  // External IPs and load-balancer IPs.
  const externals: [string, string][] = [
    ...sp.externalIPs.map((ip): [string, string] => [ip, 'external IP']),
    ...sp.loadBalancerIPs.map((ip): [string, string] => [ip, 'loadbalancer IP']),
  ];
  for (const [ip, what] of externals) {
    if (usesExt) dstRule('KUBE-SERVICES', ip, sp.port, `${key} ${what}`, extChain);
    if (!cat.hasAnyEndpoints) dstRule('KUBE-EXTERNAL-SERVICES', ip, sp.port, noEp, 'REJECT', 'filter', reject);
    else if (!hasExternal) dstRule('KUBE-EXTERNAL-SERVICES', ip, sp.port, noLocal, 'DROP', 'filter');
  }

  // NodePort.
  if (sp.nodePort !== 0) {
    if (usesExt) w.add('nat', { ...base, chain: 'KUBE-NODEPORTS', proto, matches: [comment(key), portMatch(sp.nodePort)], target: extChain });
    if (!cat.hasAnyEndpoints || !hasExternal) {
      w.add('filter', {
        ...base,
        chain: 'KUBE-EXTERNAL-SERVICES',
        proto,
        matches: [comment(cat.hasAnyEndpoints ? noLocal : noEp), { kind: 'addrtype', dst: 'LOCAL' }, portMatch(sp.nodePort)],
        target: cat.hasAnyEndpoints ? 'DROP' : 'REJECT',
        targetArgs: cat.hasAnyEndpoints ? undefined : reject,
      });
    }
  }
  if (!cat.hasAnyEndpoints) return;

  // Masquerade off-cluster traffic to the ClusterIP (it may be routed to another node).
  if (hasInternal) {
    w.add('nat', {
      ...base,
      chain: internalChain,
      src: ctx.clusterCIDR,
      negateSrc: true,
      dst: `${sp.clusterIP}/32`,
      proto,
      matches: [comment(`${key} cluster IP`), portMatch(sp.port)],
      target: MASQ,
    });
  }
  if (usesExt) writeExternalChain(w, sp, ctx, extChain, svcChain, externalPolicyChain, hasExternal);
  const seps = new Map(cat.allReachable.map((ep) => [ep, iptablesChains.sep(key, proto, ep.endpoint)]));
  const sepOf = (ep: EndpointInfo) => seps.get(ep) ?? iptablesChains.sep(key, proto, ep.endpoint);
  if (cat.clusterEndpoints.length > 0 && usesClusterEndpoints(sp)) writeEndpointJumps(w, sp, svcChain, cat.clusterEndpoints, sepOf);
  if (cat.localEndpoints.length > 0 && (sp.internalPolicyLocal || sp.externalPolicyLocal)) writeEndpointJumps(w, sp, svlChain, cat.localEndpoints, sepOf);
  for (const ep of cat.allReachable) writeEndpointChain(w, sp, ep, sepOf(ep));
}

function writeExternalChain(
  w: Writer,
  sp: ServicePortInfo,
  ctx: ProxyContext,
  extChain: string,
  svcChain: string,
  policyChain: string,
  hasExternal: boolean,
): void {
  const key = sp.key;
  const base = { service: key, chain: extChain };
  if (!sp.externalPolicyLocal) {
    w.add('nat', { ...base, matches: [comment(`masquerade traffic for ${key} external destinations`)], target: MASQ });
  } else {
    // Pods and the node itself are not subject to the Local policy: they use every endpoint.
    w.add('nat', { ...base, src: ctx.clusterCIDR, matches: [comment(`pod traffic for ${key} external destinations`)], target: svcChain });
    w.add('nat', {
      ...base,
      matches: [comment(`masquerade LOCAL traffic for ${key} external destinations`), { kind: 'addrtype', src: 'LOCAL' }],
      target: MASQ,
    });
    w.add('nat', {
      ...base,
      matches: [comment(`route LOCAL traffic for ${key} external destinations`), { kind: 'addrtype', src: 'LOCAL' }],
      target: svcChain,
    });
  }
  if (hasExternal) w.add('nat', { ...base, matches: [], target: policyChain });
}

function writeEndpointJumps(w: Writer, sp: ServicePortInfo, chain: string, eps: EndpointInfo[], sepOf: (ep: EndpointInfo) => string): void {
  if (sp.affinitySeconds !== undefined) {
    for (const ep of eps) {
      const sep = sepOf(ep);
      w.add('nat', {
        service: sp.key,
        chain,
        matches: [comment(`${sp.key} -> ${ep.endpoint}`), { kind: 'recent', op: 'rcheck', name: sep, seconds: sp.affinitySeconds }],
        target: sep,
      });
    }
  }
  eps.forEach((ep, i) => {
    const matches: Match[] = [comment(`${sp.key} -> ${ep.endpoint}`)];
    const remaining = eps.length - i;
    if (remaining > 1) matches.push({ kind: 'statistic', probability: savedProbability(remaining), index: i, of: eps.length });
    w.add('nat', { service: sp.key, chain, matches, target: sepOf(ep) });
  });
}

function writeEndpointChain(w: Writer, sp: ServicePortInfo, ep: EndpointInfo, chain: string): void {
  const proto = sp.protocol;
  // Hairpin: a pod reaching itself through its Service must be masqueraded.
  w.add('nat', { service: sp.key, chain, src: `${ep.ip}/32`, matches: [comment(sp.key)], target: MASQ });
  const matches: Match[] = [comment(sp.key)];
  if (sp.affinitySeconds !== undefined) matches.push({ kind: 'recent', op: 'set', name: chain });
  matches.push({ kind: 'proto', proto });
  w.add('nat', {
    service: sp.key,
    chain,
    proto,
    matches,
    target: 'DNAT',
    targetArgs: ['--to-destination', ep.endpoint],
    endpoint: ep,
  });
}

function renderMatch(m: Match): string {
  switch (m.kind) {
    case 'comment':
      return `-m comment --comment "${m.text}"`;
    case 'proto':
      return m.dport === undefined ? `-m ${m.proto}` : `-m ${m.proto} --dport ${m.dport}`;
    case 'addrtype':
      return `-m addrtype${m.src ? ` --src-type ${m.src}` : ''}${m.dst ? ` --dst-type ${m.dst}` : ''}`;
    case 'statistic':
      return `-m statistic --mode random --probability ${m.probability}`;
    case 'recent':
      return m.op === 'rcheck'
        ? `-m recent --rcheck --seconds ${m.seconds} --reap --name ${m.name} --mask 255.255.255.255 --rsource`
        : `-m recent --set --name ${m.name} --mask 255.255.255.255 --rsource`;
    case 'mark':
      return `-m mark ${m.negate ? '! ' : ''}--mark ${m.mark}`;
    case 'conntrack':
      return `-m conntrack --ctstate ${m.state}`;
  }
}

/** One `-A …` line as iptables-save prints it. */
export function renderRule(r: IptRule): string {
  const parts = [`-A ${r.chain}`];
  if (r.src) parts.push(`${r.negateSrc ? '! ' : ''}-s ${r.src}`);
  if (r.dst) parts.push(`-d ${r.dst}`);
  if (r.proto) parts.push(`-p ${r.proto}`);
  for (const m of r.matches) parts.push(renderMatch(m));
  parts.push(`-j ${r.target}`);
  if (r.targetArgs) parts.push(...r.targetArgs);
  return parts.join(' ');
}

/** `iptables-save` output for the nat and filter tables (no timestamps). */
export function renderIptablesSave(rules: IptablesRules): string {
  return [renderTable(rules.filter), renderTable(rules.nat)].join('');
}

export function renderTable(t: IptTable): string {
  const lines = [`*${t.name}`];
  for (const c of t.chains) lines.push(BUILTIN[t.name].includes(c) ? `:${c} ACCEPT [0:0]` : `:${c} - [0:0]`);
  for (const r of t.rules) lines.push(renderRule(r));
  lines.push('COMMIT');
  return `${lines.join('\n')}\n`;
}
