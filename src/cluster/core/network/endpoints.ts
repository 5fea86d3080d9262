/**
 * The v1 Endpoints controller's desired state for one Service, after
 * pkg/controller/endpoint/endpoints_controller.go (syncService,
 * podToEndpointAddressForService, addEndpointSubset,
 * endpointPortFromServicePort, truncateEndpoints) and
 * pkg/api/v1/endpoints/util.go (RepackSubsets):
 * - a Service without a selector gets nothing from the controller (its
 *   Endpoints are written by hand, or by the API server for `kubernetes`);
 * - pods of the Service's namespace matched by its selector, with an IP, not
 *   Succeeded/Failed, and not terminating unless publishNotReadyAddresses
 *   (endpointsliceutil.ShouldPodBeInEndpoints(pod, publishNotReadyAddresses));
 * - a pod is a ready address if it is Ready (or publishNotReadyAddresses),
 *   otherwise a notReadyAddress;
 * - each Service port resolves to the pod's container port (podutil.FindPort;
 *   a port that does not resolve is left out for that pod); a headless
 *   Service without ports lists the addresses without ports;
 * - subsets are repacked: addresses offering the same set of ports share a
 *   subset; not-ready wins over ready for an address listed twice;
 * - labels are the Service's, plus `service.kubernetes.io/headless` for a
 *   Service without a cluster IP; more than 1000 addresses are truncated
 *   with the `endpoints.kubernetes.io/over-capacity: truncated` annotation.
 * Ordering: addresses by IP then pod uid (LessEndpointAddress); Kubernetes
 * orders ports and subsets by an MD5 of their Go dump, which the model
 * replaces by a stable order (ports by name, port, protocol; subsets by
 * their first address).
 */
import { findPort } from './endpointslices.ts';
import type { Pod, Protocol, Service } from './types.ts';

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
/** maxCapacity in endpoints_controller.go. */
export const MAX_ENDPOINTS_CAPACITY = 1000;

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: 'Pod'; namespace: string; name: string; uid?: string };
}

export interface EndpointsPort {
  name?: string;
  port: number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointsPort[];
}

export interface DesiredEndpoints {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  subsets: EndpointSubset[];
  ready: number;
  notReady: number;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function isReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** endpointsliceutil.ShouldPodBeInEndpoints(pod, includeTerminating). */
export function shouldPodBeInEndpointsV1(pod: Pod, includeTerminating: boolean): boolean {
  if (isTerminal(pod)) return false;
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp !== undefined) return false;
  return true;
}

function selects(svc: Service, pod: Pod): boolean {
  if ((pod.metadata.namespace ?? 'default') !== (svc.metadata.namespace ?? 'default')) return false;
  const labels = pod.metadata.labels ?? {};
  return Object.entries(svc.spec.selector ?? {}).every(([k, v]) => labels[k] === v);
}

function address(svc: Service, pod: Pod): EndpointAddress {
  const a: EndpointAddress = { ip: pod.status?.podIP ?? '' };
  // ShouldSetHostname: the pod's hostname, when its subdomain names this Service (same namespace).
  if (pod.spec.hostname && pod.spec.subdomain === svc.metadata.name) a.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) a.nodeName = pod.spec.nodeName;
  const ref: NonNullable<EndpointAddress['targetRef']> = { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name };
  if (pod.metadata.uid) ref.uid = pod.metadata.uid;
  a.targetRef = ref;
  return a;
}

/** Whether the Endpoints controller writes an Endpoints object for this Service. */
export function managesEndpoints(svc: Service): boolean {
  return svc.spec.selector !== undefined && svc.spec.type !== 'ExternalName';
}

/**
 * The Endpoints object the controller wants for `svc` given the pods of
 * the cluster, or null when the Service is not its business (no selector).
 */
export function computeEndpoints(svc: Service, pods: readonly Pod[]): DesiredEndpoints | null {
  if (!managesEndpoints(svc)) return null;
  const tolerate = Boolean(svc.spec.publishNotReadyAddresses);
  const raw: { addr: EndpointAddress; port: EndpointsPort | null; ready: boolean }[] = [];
  let ready = 0;
  let notReady = 0;
  for (const pod of pods) {
    if (!selects(svc, pod) || !shouldPodBeInEndpointsV1(pod, tolerate)) continue;
    const addr = address(svc, pod);
    const isUp = tolerate || isReady(pod);
    const ports = svc.spec.ports ?? [];
    if (ports.length === 0) {
      // A headless Service may have no ports: addresses without ports.
      if (svc.spec.clusterIP === 'None') {
        raw.push({ addr, port: null, ready: isUp });
        if (isUp) ready++;
        else notReady++;
      }
      continue;
    }
    for (const sp of ports) {
      const num = findPort(pod, sp);
      if (num === undefined) continue;
      const port: EndpointsPort = { ...(sp.name ? { name: sp.name } : {}), port: num, protocol: (sp.protocol ?? 'TCP') as Protocol, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) };
      raw.push({ addr, port, ready: isUp });
      if (isUp) ready++;
      else notReady++;
    }
  }
  const subsets = repack(raw);
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  if (!svc.spec.clusterIP || svc.spec.clusterIP === 'None') labels[HEADLESS_LABEL] = '';
  const annotations: Record<string, string> = {};
  if (truncate(subsets)) annotations[OVER_CAPACITY_ANNOTATION] = 'truncated';
  return { labels, annotations, subsets, ready, notReady };
}

function addrKey(a: EndpointAddress): string {
  return `${a.ip}|${a.targetRef?.uid ?? ''}`;
}

function portKey(p: EndpointsPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol, p.appProtocol ?? '']);
}

/** LessEndpointAddress: by IP (bytes of the string), then target uid. */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid;
  const ub = b.targetRef?.uid;
  if (ub === undefined) return ua === undefined ? 0 : 1;
  if (ua === undefined) return -1;
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

/** RepackSubsets over (address, port, ready) triples. */
function repack(raw: readonly { addr: EndpointAddress; port: EndpointsPort | null; ready: boolean }[]): EndpointSubset[] {
  const portless = raw.filter((r) => r.port === null);
  const out: EndpointSubset[] = [];
  if (portless.length > 0) {
    // Headless without ports: not repacked (RepackSubsets only sees ported addresses); one subset per pod as appended.
    for (const r of portless) out.push(r.ready ? { addresses: [r.addr] } : { notReadyAddresses: [r.addr] });
  }
  // port → address key → { addr, ready } (not-ready trumps ready).
  const byPort = new Map<string, { port: EndpointsPort; addrs: Map<string, { addr: EndpointAddress; ready: boolean }> }>();
  for (const r of raw) {
    if (!r.port) continue;
    const pk = portKey(r.port);
    let e = byPort.get(pk);
    if (!e) byPort.set(pk, (e = { port: r.port, addrs: new Map() }));
    const ak = addrKey(r.addr);
    const prev = e.addrs.get(ak);
    if (!prev || prev.ready) e.addrs.set(ak, { addr: r.addr, ready: r.ready });
  }
  // Group ports by identical (address, ready) sets.
  const groups = new Map<string, { ports: EndpointsPort[]; addrs: { addr: EndpointAddress; ready: boolean }[] }>();
  for (const { port, addrs } of byPort.values()) {
    const list = [...addrs.values()].sort((a, b) => compareAddresses(a.addr, b.addr));
    const key = JSON.stringify(list.map((x) => [addrKey(x.addr), x.ready]));
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: [], addrs: list }));
    g.ports.push(port);
  }
  const packed: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const readyAddrs = g.addrs.filter((x) => x.ready).map((x) => x.addr);
    const notReadyAddrs = g.addrs.filter((x) => !x.ready).map((x) => x.addr);
    const ports = [...g.ports].sort((a, b) => (portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0));
    packed.push({ ...(readyAddrs.length > 0 ? { addresses: readyAddrs } : {}), ...(notReadyAddrs.length > 0 ? { notReadyAddresses: notReadyAddrs } : {}), ports });
  }
  packed.sort((a, b) => {
    const fa = (a.addresses ?? a.notReadyAddresses ?? [])[0];
    const fb = (b.addresses ?? b.notReadyAddresses ?? [])[0];
    const c = fa && fb ? compareAddresses(fa, fb) : 0;
    return c !== 0 ? c : portKey(a.ports![0]!) < portKey(b.ports![0]!) ? -1 : 1;
  });
  return [...out, ...packed];
}

/** truncateEndpoints: at most 1000 addresses, ready ones first, spread over subsets by proportion. */
export function truncate(subsets: EndpointSubset[]): boolean {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += (s.addresses ?? []).length;
    totalNotReady += (s.notReadyAddresses ?? []).length;
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return false;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  for (const s of subsets) {
    const inSubset = (truncateReady ? s.addresses : s.notReadyAddresses) ?? [];
    const toBeAdded = Math.min(Math.ceil((inSubset.length / numTotal) * max), canBeAdded);
    if (truncateReady) {
      s.addresses = (s.addresses ?? []).slice(0, toBeAdded);
      delete s.notReadyAddresses;
      canBeAdded -= s.addresses.length;
    } else {
      s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toBeAdded);
      canBeAdded -= s.notReadyAddresses.length;
    }
  }
  return true;
}

/** Whether the stored object already says what the controller wants (no write then). */
export function endpointsUpToDate(current: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; subsets?: EndpointSubset[] }, desired: DesiredEndpoints): boolean {
  return (
    JSON.stringify(current.subsets ?? []) === JSON.stringify(desired.subsets) &&
    JSON.stringify(sorted(current.metadata.labels ?? {})) === JSON.stringify(sorted(desired.labels)) &&
    (current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] !== undefined) === (desired.annotations[OVER_CAPACITY_ANNOTATION] !== undefined)
  );
}

function sorted(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
