/**
 * Events → hops: the interactions an architecture picture draws, each from
 * one box to another. Traffic is rewritten so it passes through the objects
 * that steer it, the way it really flows:
 *
 * - a connection to a Service address goes client → Service → the rules
 *   kube-proxy programmed on the node where it entered (iptables/IPVS/nftables
 *   DNAT, drawn on that node's kube-proxy) → on to the Pod; a cloud load
 *   balancer's hop to a node's NodePort goes through its Service the same way
 *   (pkg/proxy/iptables/proxier.go and pkg/proxy/ipvs/proxier.go: the DNAT
 *   happens in the kernel of the node the packet enters, in rules kube-proxy
 *   wrote);
 * - an Ingress controller's hop goes controller → the Ingress whose rule
 *   matched → the backend Service → its endpoint Pod (ingress-nginx proxies to
 *   the endpoints itself, no kube-proxy DNAT);
 * - a dropped packet ends at the NetworkPolicy that dropped it, and every hop
 *   of a connection that was dropped is drawn as failed, from its source Pod
 *   on, so the dropped connection starts where it really started.
 *
 * At `summary` the CNI is transparent (a packet goes client → Service →
 * kube-proxy's rules → Pod) and replies are left out.
 */
import type { Component, TraceEvent } from '../../trace/types.ts';
import type { DetailLevel } from '../types.ts';
import type { Causality } from '../common/causality.ts';
import { componentOf } from '../common/components.ts';
import { eventStorage, interactionOf, isEventRecord, isFailure, type Interaction } from '../common/interactions.ts';
import { droppingPolicyOf, ingressOf, serviceOf } from './objects.ts';

/** The label of a hop into a Service box. */
const TO_SERVICE = 'to the Service';

export interface Hop {
  /** Component or object ids (before mapping to drawn boxes). */
  from: string;
  to: string;
  it: Interaction;
  event: TraceEvent;
  failed: boolean;
  /** From a setup step: drawn faint and unnumbered (only at `full`). */
  setup: boolean;
}

const PLUMBING = new Set<Component['kind']>(['kube-proxy', 'cni']);
const REPLY = /^(HTTP\/|DNS (?![A-Z]+\?))/;
const DNS = /^DNS /;

/** Which objects steer a packet: the Ingress whose rule routed it, the Service it was DNATed through. */
interface Route {
  ingress?: string;
  service?: string;
  /** kube-proxy's mode when the packet was DNATed by its rules at `e.to`. */
  dnat?: string;
}

const MODE_NAMES: Record<string, string> = { iptables: 'iptables', ipvs: 'IPVS', nftables: 'nftables' };

export function hopsOf(events: readonly TraceEvent[], index: Map<string, Component>, causality: Causality, detail: DetailLevel, objects: Set<string>, setupSteps: Set<number>): Hop[] {
  // A 409 Conflict answered to a controller is optimistic concurrency at work, not a failure to paint red: the
  // controller re-reads and retries (its work queue requeues the key; client-go util/retry RetryOnConflict).
  const retried = (e: TraceEvent): boolean => e.result === 'conflict' && componentOf(index, e.type === 'response' ? e.to : e.from).kind === 'controller-manager';
  const failure = (e: TraceEvent): boolean => isFailure(e.result) && !retried(e);
  const failedRequests = new Set(
    events.filter((e) => e.type === 'response' && failure(e)).flatMap((e) => causality.requestOf.get(e.id) ?? []),
  );
  const recordParts = eventStorage(events, causality);
  const plumbing = (id: string) => PLUMBING.has(componentOf(index, id).kind);
  const kubeProxy = (id: string) => index.get(id)?.kind === 'kube-proxy';
  const routes = trafficRoutes(events, causality, kubeProxy);
  const dropped = droppedConnections(events, causality);
  const out: Hop[] = [];
  /**
   * Where the current packet is, at summary, while it crosses plumbing (per step), and what it was
   * doing when it entered the plumbing from a Pod or a client (a headless Service's connection goes
   * straight to a Pod through the CNI: drawn as the connection, not as the CNI's `deliver`).
   */
  const at = new Map<number, { from: string; it?: Interaction }>();
  for (const e of events) {
    const found = interactionOf(e);
    // Recording a Kubernetes Event is bookkeeping every component does; it would double the edges.
    if (found === null || e.from === e.to || isEventRecord(e) || recordParts.has(e.id)) continue;
    let it: Interaction = found;
    const failed = failedRequests.has(e.id) || failure(e) || dropped.has(e.id);
    const setup = setupSteps.has(e.step);
    const hop = (from: string, to: string, label?: string): void => {
      out.push({ from, to, it: label !== undefined ? { ...it, key: `packet:${label}`, label } : it, event: e, failed, setup });
    };
    if (e.type !== 'packet') {
      // Drawn in the direction of the request: a watch is a long GET the component opened on the API
      // server, which streams the events back on it (client-go tools/cache/reflector.go ListAndWatch →
      // Watch), so `watch pods` is the kubelet's arrow to the API server, like its `PATCH pods/status`.
      // Likewise the kubelet's PLEG relists the runtime (pkg/kubelet/pleg/generic.go Relist → runtime.GetPods).
      if (e.type === 'watch' || e.action === 'pleg-relist') hop(e.to, e.from);
      else hop(e.from, e.to);
      continue;
    }
    // A dropped packet is never only a reply: `DNS query to 10.96.0.10:53 dropped by …` is the step (gallery review D108).
    if (detail === 'summary' && REPLY.test(e.summary) && e.result !== 'dropped') continue;
    const opening = it.label === 'traffic' ? openingLabel(e) : undefined;
    if (opening !== undefined) it = { ...it, key: `packet:${opening}`, label: opening };
    const route = routes.get(e.id);
    const policy = droppingPolicyOf(e);
    let from = e.from;
    if (detail === 'summary' && plumbing(from)) {
      const was = at.get(e.step);
      if (was === undefined) continue;
      from = was.from;
      if (was.it !== undefined && it.label === 'deliver') it = was.it;
    }
    if (route?.ingress !== undefined && objects.has(route.ingress)) {
      hop(from, route.ingress, 'matches a host/path rule');
      from = route.ingress;
    }
    const service = route?.service;
    if (service !== undefined && objects.has(service)) {
      hop(from, service, TO_SERVICE);
      if (route?.dnat !== undefined && detail === 'summary' && dropped.has(e.id)) {
        // A connection that will be dropped: at summary its DNAT stays on the Service box and the drop is
        // drawn from there, one edge (below), not Service → kube-proxy → back to the policy beside the Service.
        at.set(e.step, { from: service });
      } else if (route?.dnat !== undefined) {
        // The node's rules (programmed by its kube-proxy) DNAT the Service address to a Pod.
        hop(service, e.to, `DNAT to a Pod (${route.dnat})`);
        if (detail === 'summary') at.set(e.step, { from: e.to });
      } else if (detail === 'summary') at.set(e.step, { from: service });
      else hop(service, e.to);
      continue;
    }
    if (policy !== undefined && objects.has(policy)) {
      // At summary the edge ends at the policy's box, which names it: every drop shares one legend number.
      hop(from, policy, detail === 'summary' ? 'dropped by the NetworkPolicy' : `dropped by NetworkPolicy ${policy.slice(policy.lastIndexOf('/') + 1)}`);
      continue;
    }
    if (detail === 'summary' && plumbing(e.to)) {
      const connection = connectionLabel(e);
      at.set(e.step, plumbing(e.from) ? { ...at.get(e.step), from } : { from, it: connection !== undefined ? { ...it, key: `packet:${connection}`, label: connection } : it });
      continue;
    }
    hop(from, e.to);
  }
  return out;
}

/**
 * What a Pod's or client's packet into the CNI opens, drawn at summary where the CNI is transparent
 * (its routing, `to another node`, is plumbing): a TCP connection when it goes to a port over TCP.
 */
function connectionLabel(e: TraceEvent): string | undefined {
  const opening = openingLabel(e);
  if (opening !== undefined) return opening;
  return typeof e.attrs?.['dstPort'] === 'number' && e.attrs['protocol'] !== 'UDP' ? 'TCP connection' : undefined;
}

/** A connection's first packet, named by what it opens (the generic label says only `traffic`). */
function openingLabel(e: TraceEvent): string | undefined {
  if (/^(GET|HEAD|POST|PUT|PATCH|DELETE) \S+/.test(e.summary)) return 'HTTP request';
  if (/^TCP /.test(e.summary)) return 'TCP connection';
  return undefined;
}

/**
 * The objects steering each packet. A DNAT packet names its Service; a cloud
 * load balancer's packet to a node is DNATed by the rules walk inside that
 * node (a phase at kube-proxy, caused by the packet); an Ingress controller's
 * packet to the backend is caused by its routing phase.
 */
function trafficRoutes(events: readonly TraceEvent[], causality: Causality, kubeProxy: (id: string) => boolean): Map<string, Route> {
  const routes = new Map<string, Route>();
  const modeOf = (e: TraceEvent) => {
    const m = e.attrs?.['mode'];
    return typeof m === 'string' ? MODE_NAMES[m] ?? m : 'rules';
  };
  for (const e of events) {
    const service = serviceOf(e);
    if (e.type === 'packet') {
      const cause = e.cause !== null ? causality.byId.get(e.cause) : undefined;
      const ingress = cause !== undefined && cause.type === 'phase' && cause.from === e.from ? ingressOf(cause) : undefined;
      if (ingress !== undefined) {
        const backend = serviceOf(cause!);
        routes.set(e.id, { ingress, ...(backend !== undefined ? { service: backend } : {}) });
      } else if (service !== undefined) {
        routes.set(e.id, { service, ...(kubeProxy(e.to) ? { dnat: modeOf(e) } : {}) });
      }
      continue;
    }
    if (e.type !== 'phase' || service === undefined || ingressOf(e) !== undefined || e.cause === null) continue;
    const packet = causality.byId.get(e.cause);
    if (packet?.type === 'packet' && packet.to === e.from && !routes.has(packet.id)) {
      routes.set(packet.id, { service, ...(kubeProxy(e.from) ? { dnat: modeOf(e) } : {}) });
    }
  }
  return routes;
}

/**
 * Packets of connections that were dropped: every hop of the cause chain
 * (each traffic request is one chain, emit.ts) from its source on, except the
 * DNS lookup before it, which was answered.
 */
function droppedConnections(events: readonly TraceEvent[], causality: Causality): Set<string> {
  const rootOf = new Map<string, string>();
  const root = (e: TraceEvent): string => {
    const chain: string[] = [];
    let r: string | undefined;
    for (let c: TraceEvent | undefined = e; c !== undefined; c = c.cause !== null ? causality.byId.get(c.cause) : undefined) {
      r = rootOf.get(c.id);
      if (r !== undefined) break;
      chain.push(c.id);
      r = c.id;
    }
    for (const id of chain) rootOf.set(id, r!);
    return r!;
  };
  const packets = events.filter((e) => e.type === 'packet');
  const droppedRoots = new Set(packets.filter((e) => e.result === 'dropped').map(root));
  return new Set(packets.filter((e) => droppedRoots.has(root(e)) && !DNS.test(e.summary)).map((e) => e.id));
}
