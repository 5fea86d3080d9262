/**
 * A traffic step is planned first (pure: which hops one request takes, given
 * the cluster's current state and the rules kube-proxy programmed), then the
 * hops are recorded as `packet` events with network latencies in between.
 */
import type { TraceEvent } from '../../../trace/types.ts';

export interface Hop {
  from: string;
  to: string;
  /** Diagram label. */
  summary: string;
  detail?: string;
  /** `dropped` where a packet dies (NetworkPolicy, no endpoints, unroutable). */
  result?: TraceEvent['result'];
  status?: number;
  attrs?: Record<string, string | number | boolean>;
  /** Simulated latency before this hop is recorded (ms). */
  delayMs: number;
  /** A decision inside one component (routing an Ingress), recorded as a `phase` event. */
  internal?: boolean;
}

export type RequestResult =
  | { kind: 'answered'; status: number; /** `ns/name` of the pod that answered, or an external host. */ by: string; byIp: string; node?: string }
  | { kind: 'dropped'; /** Component that dropped it ('' when nothing in the path could take it). */ where: string; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'unresolved'; name: string };

export interface RequestPlan {
  hops: Hop[];
  result: RequestResult;
}

/** Where requests start. */
export type Source =
  | { kind: 'internet'; component: string; ip: string }
  | { kind: 'pod'; component: string; ip: string; namespace: string; name: string; node: string }
  | { kind: 'node'; component: string; ip: string; node: string };

/** What `to:` names. */
export type Target =
  | { kind: 'service'; namespace: string; name: string; port?: number; path: string }
  | { kind: 'ingress'; namespace: string; name: string; host?: string; path: string; port: number }
  | { kind: 'pod'; namespace: string; name: string; port?: number; path: string }
  /** A DNS name or an address, with the scheme's default port when none is given. */
  | { kind: 'host'; host: string; port?: number; path: string; scheme?: string };

/** Latencies of the data plane (orders of magnitude, like the control plane's). */
export const NET_LATENCY = {
  /** Between two hops on one node (veth, bridge, netfilter): well under a millisecond. */
  local: 0,
  /** Between two nodes (node network, VXLAN). */
  node: 1,
  /** A DNS round trip to CoreDNS (per direction). */
  dns: 1,
  /** Internet to the cluster edge (per direction). */
  internet: 20,
  /** An application's time to answer. */
  app: 2,
} as const;
