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
 * - subsets are repacked (RepackSubsets): addresses offering the same set of
 *   ports share a subset; not-ready wins over ready for an address listed
 *   twice; addresses without ports (a headless Service without ports) are
 *   repacked under a sentinel port and keep no ports;
 * - labels are the Service's, plus `service.kubernetes.io/headless` for a
 *   Service without a cluster IP; more than 1000 addresses are truncated
 *   with the `endpoints.kubernetes.io/over-capacity: truncated` annotation.
 * Ordering (SortSubsets): addresses by IP then pod uid (LessEndpointAddress);
 * ports and subsets by the MD5 of their go-spew `%#v` dump
 * (hashutil.DeepHashObject), reproduced byte for byte by spewPort/spewSubset.
 */
import { md5 } from '../../../common/hash.ts';
import { findPort } from './endpointslices.ts';
import type { Pod, Protocol, Service } from './types.ts';
import { isPodPhaseTerminal } from '../pod-phase.ts';

export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const OVER_CAPACITY_ANNOTATION = 'endpoints.kubernetes.io/over-capacity';
/** maxCapacity in endpoints_controller.go. */
export const MAX_ENDPOINTS_CAPACITY = 1000;

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  /** core/v1 ObjectReference: a Pod for the controller's addresses; anything a client wrote for hand-written Endpoints. */
  targetRef?: ObjectReference;
}

export interface ObjectReference {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
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
  return isPodPhaseTerminal(pod.status?.phase);
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

/** go-spew's `%#v` of one EndpointAddress inside a slice (no type prefix); a nil pointer prints `<nil>`. */
function spewAddress(a: EndpointAddress): string {
  const r = a.targetRef;
  const ref = r
    ? `{Kind:(string)${r.kind ?? ''} Namespace:(string)${r.namespace ?? ''} Name:(string)${r.name ?? ''} UID:(types.UID)${r.uid ?? ''} APIVersion:(string)${r.apiVersion ?? ''} ResourceVersion:(string)${r.resourceVersion ?? ''} FieldPath:(string)${r.fieldPath ?? ''}}`
    : '<nil>';
  return `{IP:(string)${a.ip} Hostname:(string)${a.hostname ?? ''} NodeName:(*string)${a.nodeName ?? '<nil>'} TargetRef:(*v1.ObjectReference)${ref}}`;
}

/** go-spew's `%#v` of an EndpointPort: with its type at the top, without it as a slice element. */
function spewPort(p: EndpointsPort, top: boolean): string {
  return `${top ? '(v1.EndpointPort)' : ''}{Name:(string)${p.name ?? ''} Port:(int32)${p.port} Protocol:(v1.Protocol)${p.protocol ?? ''} AppProtocol:(*string)${p.appProtocol ?? '<nil>'}}`;
}

function spewList<T>(type: string, list: readonly T[] | undefined, item: (x: T) => string): string {
  return `(${type})${list === undefined ? '<nil>' : `[${list.map(item).join(' ')}]`}`;
}

/** go-spew's `%#v` of an EndpointSubset (omitted lists are nil slices). */
function spewSubset(s: EndpointSubset): string {
  return `(v1.EndpointSubset){Addresses:${spewList('[]v1.EndpointAddress', s.addresses, spewAddress)} NotReadyAddresses:${spewList('[]v1.EndpointAddress', s.notReadyAddresses, spewAddress)} Ports:${spewList('[]v1.EndpointPort', s.ports, (p) => spewPort(p, false))}}`;
}

/** portsByHash / subsetsByHash: by the MD5 of the dump (bytes.Compare of the digests = order of their hex). */
function byHash<T>(list: T[], dump: (x: T) => string): T[] {
  const keyed = list.map((x) => ({ x, h: md5(dump(x)) }));
  keyed.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : 0));
  return keyed.map((k) => k.x);
}

/** SortSubsets (pkg/api/v1/endpoints/util.go). */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const s of subsets) {
    s.addresses?.sort(compareAddresses);
    s.notReadyAddresses?.sort(compareAddresses);
    if (s.ports) s.ports = byHash(s.ports, (p) => spewPort(p, true));
  }
  return byHash(subsets, spewSubset);
}

/**
 * RepackSubsets (pkg/api/v1/endpoints/util.go, 1.31): every (port, address)
 * pair, addresses de-duplicated by IP + target uid (the first one kept, not
 * ready trumping ready), regrouped so that addresses offering the same ports
 * share a subset; a subset without ports maps its addresses to a sentinel
 * port and stays without ports. Then SortSubsets.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const SENTINEL = '\u0000sentinel';
  const allAddrs = new Map<string, EndpointAddress>();
  // port (by value) → address key → ready.
  const byPort = new Map<string, { port: EndpointsPort | null; addrs: Map<string, boolean> }>();
  const map = (addr: EndpointAddress, port: EndpointsPort | null, ready: boolean) => {
    const ak = addrKey(addr);
    if (!allAddrs.has(ak)) allAddrs.set(ak, addr);
    const pk = port ? portKey(port) : SENTINEL;
    let e = byPort.get(pk);
    if (!e) byPort.set(pk, (e = { port, addrs: new Map() }));
    const was = e.addrs.get(ak);
    if (was === undefined || was) e.addrs.set(ak, ready);
  };
  for (const s of subsets) {
    const ports: (EndpointsPort | null)[] = (s.ports ?? []).length === 0 ? [null] : s.ports!;
    for (const port of ports) {
      for (const a of s.addresses ?? []) map(a, port, true);
      for (const a of s.notReadyAddresses ?? []) map(a, port, false);
    }
  }
  // Address sets (with readiness) → the ports they offer.
  const groups = new Map<string, { ports: EndpointsPort[] | undefined; addrs: [string, boolean][] }>();
  for (const { port, addrs } of byPort.values()) {
    const list = [...addrs.entries()].sort((x, y) => compareAddresses(allAddrs.get(x[0])!, allAddrs.get(y[0])!));
    const key = JSON.stringify(list);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports: undefined, addrs: list }));
    if (port) (g.ports ??= []).push(port);
  }
  const final: EndpointSubset[] = [];
  for (const g of groups.values()) {
    const ready = g.addrs.filter(([, r]) => r).map(([k]) => allAddrs.get(k)!);
    const notReady = g.addrs.filter(([, r]) => !r).map(([k]) => allAddrs.get(k)!);
    final.push({ ...(ready.length > 0 ? { addresses: ready } : {}), ...(notReady.length > 0 ? { notReadyAddresses: notReady } : {}), ...(g.ports ? { ports: g.ports } : {}) });
  }
  return sortSubsets(final);
}

/** RepackSubsets over the (address, port, ready) triples addEndpointSubset collects. */
function repack(raw: readonly { addr: EndpointAddress; port: EndpointsPort | null; ready: boolean }[]): EndpointSubset[] {
  return repackSubsets(raw.map((r) => ({ ...(r.ready ? { addresses: [r.addr] } : { notReadyAddresses: [r.addr] }), ...(r.port ? { ports: [r.port] } : {}) })));
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

/**
 * Whether the stored object already says what the controller wants (no write then). Its subsets
 * are compared as JSON, whatever wrote them (this controller, or a client with other fields).
 */
export function endpointsUpToDate(current: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; subsets?: readonly unknown[] }, desired: DesiredEndpoints): boolean {
  return (
    JSON.stringify(current.subsets ?? []) === JSON.stringify(desired.subsets) &&
    JSON.stringify(sorted(current.metadata.labels ?? {})) === JSON.stringify(sorted(desired.labels)) &&
    (current.metadata.annotations?.[OVER_CAPACITY_ANNOTATION] !== undefined) === (desired.annotations[OVER_CAPACITY_ANNOTATION] !== undefined)
  );
}

function sorted(m: Record<string, string>): [string, string][] {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
