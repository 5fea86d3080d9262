/**
 * Entry point for the model's kube-proxy: program the rules of one node for
 * the configured proxy mode, render them as the user would see them, and walk
 * connections through them.
 */
import { buildIptables, renderIptablesSave } from './iptables.ts';
import { buildIpvs, renderIpvsadm } from './ipvs.ts';
import type { ProxyInput, ProxyMode } from './model.ts';
import { buildNftables, renderNft } from './nftables.ts';
import type { ProxyRules } from './route.ts';

export type { ProxyInput, ProxyMode } from './model.ts';
export type { Pick, ProxyRules, RoutePacket, RouteResult } from './route.ts';
export { routeConnection } from './route.ts';

export function programProxyRules(mode: ProxyMode, input: ProxyInput): ProxyRules {
  switch (mode) {
    case 'iptables':
      return buildIptables(input);
    case 'ipvs':
      return buildIpvs(input);
    case 'nftables':
      return buildNftables(input);
  }
}

/** `iptables-save`, `ipvsadm -Ln` or `nft list table ip kube-proxy` output. */
export function renderProxyRules(rules: ProxyRules): string {
  switch (rules.mode) {
    case 'iptables':
      return renderIptablesSave(rules);
    case 'ipvs':
      return renderIpvsadm(rules);
    case 'nftables':
      return renderNft(rules);
  }
}

/** A one-line summary for a trace action ("program iptables rules"). */
export function summarizeProxyRules(rules: ProxyRules): string {
  switch (rules.mode) {
    case 'iptables': {
      const svc = rules.nat.chains.filter((c) => c.startsWith('KUBE-SVC-')).length;
      const sep = rules.nat.chains.filter((c) => c.startsWith('KUBE-SEP-')).length;
      return `iptables: ${rules.nat.rules.length + rules.filter.rules.length} rules, ${svc} KUBE-SVC and ${sep} KUBE-SEP chains`;
    }
    case 'ipvs': {
      const rs = rules.virtualServers.reduce((n, v) => n + v.realServers.length, 0);
      return `ipvs: ${rules.virtualServers.length} virtual servers, ${rs} real servers`;
    }
    case 'nftables':
      return `nftables: ${rules.serviceIPs.length + rules.serviceNodePorts.length} service map elements, ${rules.chains.length} chains`;
  }
}

export interface RulesDiff {
  added: string[];
  removed: string[];
}

/** Lines added and removed between two renderings (multiset difference, in output order): what one sync changed. */
export function diffProxyRules(before: ProxyRules | undefined, after: ProxyRules): RulesDiff {
  const lines = (r: ProxyRules | undefined) => (r ? renderProxyRules(r).split('\n').filter((l) => l.trim() !== '') : []);
  const a = lines(before);
  const b = lines(after);
  return { added: minus(b, a), removed: minus(a, b) };
}

function minus(xs: string[], ys: string[]): string[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(y, (left.get(y) ?? 0) + 1);
  return xs.filter((x) => {
    const n = left.get(x) ?? 0;
    if (n === 0) return true;
    left.set(x, n - 1);
    return false;
  });
}
