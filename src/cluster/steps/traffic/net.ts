/**
 * The planning context of one traffic step: the cluster state it reads, the
 * rules each node's kube-proxy programmed, and the seeded random choices a
 * load balancer makes (iptables `statistic`, IPVS rr start, a cloud LB's node).
 */
import type { ProxyMode } from '../../../scenario/types.ts';
import type { Prng } from '../../../common/prng.ts';
import type { ProxyRules, Pod } from '../../core/network/index.ts';
import { currentRules } from '../../components/network/proxy-sync.ts';
import { netState } from '../../components/network/state.ts';
import { nodes, pods, type NodeInfo } from '../../components/network/views.ts';
import type { World } from '../../components/world.ts';

export interface Net {
  w: World;
  mode: ProxyMode;
  pick: (n: number) => number;
  nodes: NodeInfo[];
  rules(node: string): ProxyRules;
  podByIp(ip: string): Pod | undefined;
  node(name: string): NodeInfo | undefined;
  /** The API server answering at `ip` (an endpoint of the `kubernetes` Service), and whether it is up. */
  apiServerAt(ip: string): { id: string; up: boolean } | undefined;
  /** The request path (what an API server answers depends on it). */
  path: string;
}

export interface NetOptions {
  apiServerAt?: (ip: string) => { id: string; up: boolean } | undefined;
  path?: string;
}

export function makeNet(w: World, mode: ProxyMode, prng: Prng, opts: NetOptions = {}): Net {
  const all = nodes(w);
  const byIp = new Map<string, Pod>();
  // A pod being deleted still answers until its containers have stopped (the kubelet then writes its
  // terminal phase, 1.27+, or deletes it): kube-proxy may still send it traffic (serving, terminating endpoints).
  for (const p of pods(w)) if (p.status?.podIP && (p.metadata.deletionTimestamp === undefined || stillRunning(p))) byIp.set(p.status.podIP, p);
  return {
    w,
    mode,
    pick: (n) => (n <= 1 ? 0 : prng.int(n)),
    nodes: all,
    // A node whose kube-proxy never synced (no Service ever changed) has the rules of its start-up sync.
    rules: (node) => netState(w).rules.get(node) ?? currentRules(w, node, mode),
    podByIp: (ip) => byIp.get(ip),
    node: (name) => all.find((n) => n.name === name),
    apiServerAt: (ip) => opts.apiServerAt?.(ip),
    path: opts.path ?? '/',
  };
}

/** A terminating pod whose containers the kubelet has not reported stopped yet (its phase is still Running). */
function stillRunning(p: Pod): boolean {
  return p.status?.phase === 'Running';
}
