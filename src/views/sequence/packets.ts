/**
 * Where a packet goes, in the words of a summary message (gallery review
 * D51). The generic words of views/common/interactions.ts (`to another
 * node`, `dropped by NetworkPolicy`) suit an architecture edge that stands
 * for many packets; a summary sequence draws one hop per message, and its
 * node-level lanes stand for several nodes (`CNI plugin` worker-1,
 * worker-2), so the message says which node the packet goes to or is
 * dropped at, and by which policy:
 *
 * - a packet routed to another node's Pod CIDR (`… via worker-1`), or sent
 *   over the node network to another node's CNI plugin: `to worker-1`;
 * - a packet a NetworkPolicy dropped: `dropped at worker-2 by NetworkPolicy
 *   api-allow-frontend` (the policy without its namespace);
 * - one message for packets of which some leave their node and some stay
 *   (canary-release: kube-proxy hands 20 requests to the CNI plugin, some
 *   for worker-2's Pods, the others for worker-1's): every packet says its
 *   node, the one it stays on too, `to worker-1, worker-2` (was `to
 *   worker-2, traffic`); a hop whose packets all stay says `traffic`.
 */
import type { Component, TraceEvent } from '../../trace/types.ts';
import { compareNames } from '../../common/text.ts';
import { componentOf, hostOf } from '../common/components.ts';

/** `worker-1 pod CIDR`: the route to another node's Pods (`local bridge` stays on the node). */
const ROUTE = /^(\S+) pod CIDR$/;

/** The label of a packet hop that says where it goes; undefined for any other event, or a packet that stays on its node. */
export function packetHopLabel(e: TraceEvent, index: Map<string, Component>): string | undefined {
  if (e.type !== 'packet') return undefined;
  const attrs = e.attrs ?? {};
  if (e.result === 'dropped' && typeof attrs.policy === 'string') {
    const at = typeof attrs.node === 'string' ? ` at ${attrs.node}` : '';
    return `dropped${at} by NetworkPolicy ${attrs.policy.replace(/^[^/]*\//, '')}`;
  }
  const routed = typeof attrs.route === 'string' ? ROUTE.exec(attrs.route)?.[1] : undefined;
  if (routed !== undefined) return `to ${routed}`;
  if (typeof attrs.outer === 'string') {
    // Encapsulated between nodes: the receiving CNI plugin's node.
    const host = hostOf(index, componentOf(index, e.to));
    if (host !== null) return `to ${host}`;
  }
  return undefined;
}

/**
 * The labels of one message's merged packet hops when some of them go to
 * another node: a packet that stays is `to` its own node (the receiving
 * component's), in node order (`to worker-1`, `to worker-2`); undefined
 * when none leaves its node, all do (their own labels say it), or the
 * events are not all packets.
 */
export function mergedPacketLabels(events: readonly TraceEvent[], index: Map<string, Component>): string[] | undefined {
  if (!events.every((e) => e.type === 'packet')) return undefined;
  const labels = events.map((e) => packetHopLabel(e, index));
  if (labels.every((l) => l === undefined) || labels.every((l) => l !== undefined)) return undefined;
  const stays = (e: TraceEvent): string | undefined => {
    const host = hostOf(index, componentOf(index, e.to));
    return host === null ? undefined : `to ${host}`;
  };
  const named = events.map((e, i) => labels[i] ?? stays(e));
  if (named.some((l) => l === undefined)) return undefined;
  return [...new Set(named as string[])].sort(compareNames);
}
