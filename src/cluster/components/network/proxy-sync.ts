/**
 * One kube-proxy rule sync: build the node's rules from the Services and
 * EndpointSlices kube-proxy has seen (its informer cache = the API server's
 * watch cache here), remember them for the data plane, and record an
 * `action` event (`program-iptables` / `program-ipvs` / `program-nftables`)
 * with counts in attrs. The full rule text (iptables-save, ipvsadm -Ln, nft
 * list) goes into `detail` only for a node's first sync in a step, to keep
 * traces a sane size; later syncs carry the changed lines' counts.
 */
import type { ProxyMode } from '../../../scenario/types.ts';
import { diffProxyRules, programProxyRules, renderProxyRules, summarizeProxyRules, type ProxyRules } from '../../core/network/index.ts';
import type { World } from '../world.ts';
import { netState } from './state.ts';
import { endpointSlices, nodeNamed, services } from './views.ts';

export function proxyAction(mode: ProxyMode): string {
  return `program-${mode}`;
}

/** Computes the rules a node's kube-proxy programs now (pure over the current API state). */
export function currentRules(w: World, node: string, mode: ProxyMode): ProxyRules {
  return programProxyRules(mode, {
    nodeName: node,
    nodeIP: nodeNamed(w, node)?.ip ?? '',
    services: services(w),
    endpointSlices: endpointSlices(w),
  });
}

/** Runs one sync for `node` and records it; returns the event id. */
export function syncProxyRules(w: World, component: string, node: string, mode: ProxyMode, cause: string | null): string {
  const state = netState(w);
  const before = state.rules.get(node);
  const after = currentRules(w, node, mode);
  state.rules.set(node, after);
  const diff = diffProxyRules(before, after);
  const attrs: Record<string, string | number | boolean> = { mode, node, linesAdded: diff.added.length, linesRemoved: diff.removed.length, ...ruleCounts(after) };
  const key = `${w.rec.step}|${node}`;
  const first = !state.detailShown.has(key);
  state.detailShown.add(key);
  return w.rec.emit({
    type: 'action',
    from: component,
    to: component,
    action: proxyAction(mode),
    summary: `${summarizeProxyRules(after)} (+${diff.added.length}/-${diff.removed.length} lines)`,
    ...(first ? { detail: renderProxyRules(after) } : {}),
    cause,
    attrs,
  });
}

function ruleCounts(r: ProxyRules): Record<string, number | string> {
  switch (r.mode) {
    case 'iptables': {
      const svc = r.nat.chains.filter((c) => c.startsWith('KUBE-SVC-'));
      return {
        natRules: r.nat.rules.length,
        filterRules: r.filter.rules.length,
        svcChains: svc.length,
        sepChains: r.nat.chains.filter((c) => c.startsWith('KUBE-SEP-')).length,
        chains: svc.slice(0, 4).join(',') + (svc.length > 4 ? ',…' : ''),
      };
    }
    case 'ipvs':
      return { virtualServers: r.virtualServers.length, realServers: r.virtualServers.reduce((n, v) => n + v.realServers.length, 0) };
    case 'nftables':
      return { chains: r.chains.length, serviceIPs: r.serviceIPs.length, serviceNodePorts: r.serviceNodePorts.length };
  }
}
