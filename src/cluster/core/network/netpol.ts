/**
 * NetworkPolicy evaluation per the networking.k8s.io/v1 API semantics
 * (kubernetes.io "Network Policies"; the upstream e2e netpol truth tables and
 * cyclonus's model):
 * - a policy selects pods of its own namespace (empty podSelector: all);
 * - policyTypes default to ["Ingress"], plus "Egress" when egress rules exist;
 * - a pod is isolated for a direction if any policy selecting it has that type;
 *   an isolated pod accepts a connection only if some rule of some selecting
 *   policy of that type allows it (rules are ORed; policies are additive);
 * - a rule allows when a peer matches (no peers: everyone) and a port matches
 *   (no ports: every port); a peer with podSelector picks pods of the policy's
 *   namespace, with namespaceSelector all pods of matching namespaces, with
 *   both the matching pods of matching namespaces; ipBlock matches addresses in
 *   cidr minus except (applied to any address here, pods included);
 * - named ports resolve against the destination pod's container ports;
 *   endPort makes a range.
 * A connection needs the source's egress and the destination's ingress to
 * allow it. Policies apply to pod addresses after Service DNAT: pass the
 * backend pod, not the ClusterIP.
 */
import { cidrContains } from './ip.ts';
import { selectorMatches } from './labels.ts';
import type { LabelSelector, ObjectMeta, Pod, Protocol } from './types.ts';

export interface NetworkPolicyPort {
  protocol?: Protocol;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicy {
  metadata: ObjectMeta;
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ('Ingress' | 'Egress')[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: { to?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
  };
}

/** One end of a connection: a pod, or an address outside the pod network (internet, node). */
export type NetpolEndpoint = { kind: 'pod'; pod: Pod } | { kind: 'ip'; ip: string };

export type Direction = 'ingress' | 'egress';

export interface DirectionVerdict {
  direction: Direction;
  allowed: boolean;
  /** Is the pod isolated in this direction (selected by a policy of that type)? */
  isolated: boolean;
  /** The allowing policies when allowed, the isolating ones when denied (`ns/name`). */
  policies: string[];
  /** The first of `policies`. */
  policy?: string;
}

export interface ConnectionVerdict {
  allowed: boolean;
  /** Where it was denied (egress is checked first, on the source node). */
  direction?: Direction;
  /** The pod whose policy denied it (`ns/name`) and the node whose CNI dropped the packet. */
  deniedAt?: { pod: string; node?: string };
  policy?: string;
  policies: string[];
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
}

/** Namespace name → its labels (kubernetes.io/metadata.name is added automatically). */
export type NamespaceLabels = Readonly<Record<string, Readonly<Record<string, string>>>>;

export function effectivePolicyTypes(np: NetworkPolicy): Direction[] {
  if (np.spec.policyTypes && np.spec.policyTypes.length > 0) return np.spec.policyTypes.map((t) => (t === 'Ingress' ? 'ingress' : 'egress'));
  return (np.spec.egress ?? []).length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

function nsOf(meta: ObjectMeta): string {
  return meta.namespace ?? 'default';
}

function nsLabels(ns: string, namespaces: NamespaceLabels): Record<string, string> {
  return { ...(namespaces[ns] ?? {}), 'kubernetes.io/metadata.name': ns };
}

function key(np: NetworkPolicy): string {
  return `${nsOf(np.metadata)}/${np.metadata.name}`;
}

/** Policies that select `pod` for `direction`, in input order. */
export function selectingPolicies(pod: Pod, direction: Direction, policies: readonly NetworkPolicy[]): NetworkPolicy[] {
  return policies.filter(
    (np) =>
      nsOf(np.metadata) === nsOf(pod.metadata) &&
      selectorMatches(np.spec.podSelector, pod.metadata.labels) &&
      effectivePolicyTypes(np).includes(direction),
  );
}

function endpointIP(e: NetpolEndpoint): string | undefined {
  return e.kind === 'ip' ? e.ip : e.pod.status?.podIP;
}

function peerMatches(peer: NetworkPolicyPeer, policyNs: string, other: NetpolEndpoint, namespaces: NamespaceLabels): boolean {
  if (peer.ipBlock) {
    const ip = endpointIP(other);
    if (!ip || !cidrContains(peer.ipBlock.cidr, ip)) return false;
    return !(peer.ipBlock.except ?? []).some((c) => cidrContains(c, ip));
  }
  if (other.kind !== 'pod') return false;
  const podNs = nsOf(other.pod.metadata);
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, nsLabels(podNs, namespaces))) return false;
  } else if (podNs !== policyNs) {
    return false;
  }
  return peer.podSelector ? selectorMatches(peer.podSelector, other.pod.metadata.labels) : true;
}

function namedPort(pod: Pod | undefined, name: string, protocol: Protocol): number | undefined {
  for (const c of pod?.spec.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === name && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

function portMatches(np: NetworkPolicyPort, port: number, protocol: Protocol, dstPod: Pod | undefined): boolean {
  if ((np.protocol ?? 'TCP') !== protocol) return false;
  if (np.port === undefined) return true;
  if (typeof np.port === 'number' || /^\d+$/.test(np.port)) {
    const p = Number(np.port);
    return np.endPort !== undefined ? port >= p && port <= np.endPort : port === p;
  }
  return namedPort(dstPod, np.port, protocol) === port;
}

function ruleAllows(
  peers: NetworkPolicyPeer[] | undefined,
  ports: NetworkPolicyPort[] | undefined,
  policyNs: string,
  other: NetpolEndpoint,
  port: number,
  protocol: Protocol,
  dstPod: Pod | undefined,
  namespaces: NamespaceLabels,
): boolean {
  const peerOk = !peers || peers.length === 0 || peers.some((p) => peerMatches(p, policyNs, other, namespaces));
  const portOk = !ports || ports.length === 0 || ports.some((p) => portMatches(p, port, protocol, dstPod));
  return peerOk && portOk;
}

/**
 * Is `subject` (a pod) allowed to receive from (`ingress`) or send to
 * (`egress`) `peer` on `port`/`protocol` (the destination port)?
 */
export function evaluateDirection(
  direction: Direction,
  subject: Pod,
  peer: NetpolEndpoint,
  port: number,
  protocol: Protocol,
  policies: readonly NetworkPolicy[],
  namespaces: NamespaceLabels = {},
): DirectionVerdict {
  const selecting = selectingPolicies(subject, direction, policies);
  if (selecting.length === 0) return { direction, allowed: true, isolated: false, policies: [] };
  const dstPod = direction === 'ingress' ? subject : peer.kind === 'pod' ? peer.pod : undefined;
  const allowing = selecting.filter((np) => {
    const ns = nsOf(np.metadata);
    const rules = direction === 'ingress'
      ? (np.spec.ingress ?? []).map((r) => [r.from, r.ports] as const)
      : (np.spec.egress ?? []).map((r) => [r.to, r.ports] as const);
    return rules.some(([peers, ports]) => ruleAllows(peers, ports, ns, peer, port, protocol, dstPod, namespaces));
  });
  const names = (allowing.length > 0 ? allowing : selecting).map(key);
  return { direction, allowed: allowing.length > 0, isolated: true, policies: names, policy: names[0] };
}

/** A connection from `from` to `to`'s `port`: the source's egress, then the destination's ingress. */
export function evaluateConnection(
  from: NetpolEndpoint,
  to: NetpolEndpoint,
  port: number,
  protocol: Protocol,
  policies: readonly NetworkPolicy[],
  namespaces: NamespaceLabels = {},
): ConnectionVerdict {
  const open = (direction: Direction): DirectionVerdict => ({ direction, allowed: true, isolated: false, policies: [] });
  const egress = from.kind === 'pod' ? evaluateDirection('egress', from.pod, to, port, protocol, policies, namespaces) : open('egress');
  const ingress = to.kind === 'pod' ? evaluateDirection('ingress', to.pod, from, port, protocol, policies, namespaces) : open('ingress');
  const denied = !egress.allowed ? egress : !ingress.allowed ? ingress : undefined;
  if (denied) {
    const p = (denied.direction === 'egress' ? from : to) as { kind: 'pod'; pod: Pod };
    const deniedAt = { pod: `${nsOf(p.pod.metadata)}/${p.pod.metadata.name}`, node: p.pod.spec.nodeName };
    return { allowed: false, direction: denied.direction, deniedAt, policy: denied.policy, policies: denied.policies, egress, ingress };
  }
  const policiesUsed = [...egress.policies, ...ingress.policies];
  return { allowed: true, policy: policiesUsed[0], policies: policiesUsed, egress, ingress };
}
