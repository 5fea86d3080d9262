/**
 * Address management, deterministic. The defaults are kubeadm's/kind's:
 * Service CIDR 10.96.0.0/12 (`kubernetes` gets the first address, kube-dns the
 * tenth), cluster (pod) CIDR 10.244.0.0/16 split into one /24 per node, node
 * addresses on 192.168.49.0/24 (minikube's network), and cloud load-balancer
 * addresses from 203.0.113.0/24 (RFC 5737 documentation range).
 *
 * Real allocators pick ClusterIPs and NodePorts at random, preferring the upper
 * ("dynamic") band and leaving the lower ("static") band for explicit requests
 * (KEP-3070 / KEP-3668; pkg/registry/core/service/ipallocator and portallocator).
 * Here "random" is a hash of the Service's namespace/name (and port index),
 * linearly probed on collision: the same Service gets the same address in every
 * run and regardless of which other Services exist, so traces diff cleanly.
 */
import { sha256 } from '../../../common/hash.ts';
import { cidrAddress, cidrContains, cidrSize, formatCidr, intToIp, ipToInt, parseCidr } from './ip.ts';

export const SERVICE_CIDR = '10.96.0.0/12';
export const CLUSTER_CIDR = '10.244.0.0/16';
export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBE_DNS_SERVICE_IP = '10.96.0.10';
export const NODE_NETWORK = '192.168.49.0/24';
export const LOAD_BALANCER_POOL = '203.0.113.0/24';
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

export type Allocation<T> = { ok: true; value: T } | { ok: false; message: string };

function hashOffset(key: string, size: number): number {
  return parseInt(sha256(key).slice(0, 8), 16) % size;
}

/** calculateRangeOffset: the static band is min(max(16, size/16), cap); none below 16 addresses. */
function staticBandSize(size: number, cap: number): number {
  if (size < 16) return 0;
  return Math.min(Math.max(16, Math.floor(size / 16)), cap);
}

/**
 * A ClusterIP for `namespace/name`. `requested` (spec.clusterIP) is honoured
 * when free and in range, with the API server's error text otherwise.
 */
export function allocateClusterIP(
  namespace: string,
  name: string,
  used: ReadonlySet<string>,
  requested?: string,
  serviceCidr = SERVICE_CIDR,
): Allocation<string> {
  const c = parseCidr(serviceCidr);
  if (requested !== undefined && requested !== '') {
    const field = `spec.clusterIPs: Invalid value: []string{"${requested}"}: failed to allocate IP ${requested}`;
    if (!cidrContains(c, requested) || requested === intToIp(c.base) || requested === intToIp(c.base + cidrSize(c) - 1)) {
      return { ok: false, message: `${field}: the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${serviceCidr}` };
    }
    if (used.has(requested)) return { ok: false, message: `${field}: provided IP is already allocated` };
    return { ok: true, value: requested };
  }
  const size = cidrSize(c) - 2; // network and broadcast addresses are never handed out
  const band = staticBandSize(size, 256);
  const dynamic = size - band;
  const start = hashOffset(`${namespace}/${name}`, dynamic);
  for (let i = 0; i < size; i++) {
    // Dynamic band first (offsets band+1 … size), then the static band.
    const off = i < dynamic ? band + 1 + ((start + i) % dynamic) : 1 + (i - dynamic);
    const ip = cidrAddress(c, off);
    if (!used.has(ip)) return { ok: true, value: ip };
  }
  return { ok: false, message: 'failed to allocate a serviceIP: range is full' };
}

/**
 * A NodePort for port `index` of `namespace/name`; `requested` (spec.ports[i].nodePort)
 * is honoured when free and in range.
 */
export function allocateNodePort(
  namespace: string,
  name: string,
  index: number,
  used: ReadonlySet<number>,
  requested?: number,
): Allocation<number> {
  if (requested !== undefined && requested !== 0) {
    const field = `spec.ports[${index}].nodePort: Invalid value: ${requested}`;
    if (requested < NODE_PORT_MIN || requested > NODE_PORT_MAX) {
      return { ok: false, message: `${field}: provided port is not in the valid range. The range of valid ports is ${NODE_PORT_MIN}-${NODE_PORT_MAX}` };
    }
    if (used.has(requested)) return { ok: false, message: `${field}: provided port is already allocated` };
    return { ok: true, value: requested };
  }
  const size = NODE_PORT_MAX - NODE_PORT_MIN + 1;
  const band = staticBandSize(size, 128);
  const dynamic = size - band;
  const start = hashOffset(`${namespace}/${name}:${index}`, dynamic);
  for (let i = 0; i < size; i++) {
    const off = i < dynamic ? band + ((start + i) % dynamic) : i - dynamic;
    const port = NODE_PORT_MIN + off;
    if (!used.has(port)) return { ok: true, value: port };
  }
  return { ok: false, message: 'failed to allocate a nodePort: range is full' };
}

export interface NodeAddressing {
  name: string;
  /** InternalIP. */
  ip: string;
  /** spec.podCIDR. */
  podCIDR: string;
}

/**
 * Addresses for the control-plane host and the worker nodes, in cluster order,
 * as kind/minikube lay them out: the control plane is 192.168.49.2 with pod
 * CIDR 10.244.0.0/24, worker i (0-based) is 192.168.49.(i+3) with 10.244.(i+1).0/24
 * (the node IPAM controller hands out /24s in order). Beyond 255 workers the
 * cluster CIDR is exhausted; such nodes get an empty podCIDR (the real
 * controller's CIDRNotAvailable event).
 */
export function nodeAddressing(workerNames: readonly string[], controlPlaneName = 'control-plane'): NodeAddressing[] {
  const net = parseCidr(NODE_NETWORK);
  const pods = parseCidr(CLUSTER_CIDR);
  const all = [controlPlaneName, ...workerNames];
  return all.map((name, i) => ({
    name,
    ip: intToIp(net.base + 2 + i),
    podCIDR: i < 256 ? formatCidr({ base: pods.base + i * 256, prefix: 24 }) : '',
  }));
}

/**
 * The next pod IP on a node, as the host-local IPAM plugin does it: .1 is the
 * bridge gateway, addresses are handed out in order starting after the last
 * one reserved (so a freed address is not reused at once), wrapping around.
 */
export function allocatePodIP(podCIDR: string, used: ReadonlySet<string>, lastReserved?: string): Allocation<string> {
  const c = parseCidr(podCIDR);
  const first = c.base + 2;
  const last = c.base + cidrSize(c) - 2;
  const count = last - first + 1;
  const after = lastReserved !== undefined && cidrContains(c, lastReserved) ? ipToInt(lastReserved) + 1 : first;
  for (let i = 0; i < count; i++) {
    const n = first + ((after - first + i + count) % count);
    const ip = intToIp(n);
    if (!used.has(ip)) return { ok: true, value: ip };
  }
  return {
    ok: false,
    message: `failed to allocate for range 0: no IP addresses available in range set: ${intToIp(c.base + 1)}-${intToIp(last)}`,
  };
}

/** The next free cloud load-balancer address (providers hand them out in order here). */
export function allocateLoadBalancerIP(used: ReadonlySet<string>): Allocation<string> {
  const c = parseCidr(LOAD_BALANCER_POOL);
  for (let off = 1; off < cidrSize(c) - 1; off++) {
    const ip = cidrAddress(c, off);
    if (!used.has(ip)) return { ok: true, value: ip };
  }
  return { ok: false, message: 'no load balancer addresses available' };
}

/** Is this address inside the cluster (pods or Services)? Used by NAT and kube-proxy's local-traffic detection. */
export function isClusterAddress(ip: string): boolean {
  return cidrContains(CLUSTER_CIDR, ip) || cidrContains(SERVICE_CIDR, ip);
}

/** The port the API servers listen on (kubeadm's --secure-port). */
export const API_SERVER_PORT = 6443;

/**
 * The advertise addresses of `count` API servers (one per control-plane
 * machine): 192.168.0.2, .3, … on the nodes' network, below the workers'
 * addresses (192.168.0.10 onwards, components/kubelet).
 */
export function apiServerAddresses(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `192.168.0.${2 + i}`);
}
