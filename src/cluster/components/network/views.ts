/**
 * The model's stored objects seen through the networking module's structural
 * types: the store's typed views (core/typed.ts) are assignable to them;
 * an EndpointSlice is checked (below).
 */
import type { IEndpoint } from 'kubernetes-models/discovery.k8s.io/v1/Endpoint';
import type { IEndpointPort } from 'kubernetes-models/discovery.k8s.io/v1/EndpointPort';
import type { Endpoint, EndpointPort, EndpointSlice, Ingress, IngressClass, NamespaceLabels, NetworkPolicy, Pod, Protocol, Service } from '../../core/network/index.ts';
import type { Obj } from '../../core/object.ts';
import { asPod as asPodView } from '../../core/typed.ts';
import type { World } from '../world.ts';

export function services(w: World): Service[] {
  return w.api.cache.list('Service');
}

/**
 * The stored EndpointSlices as kube-proxy reads them. A slice of the
 * EndpointSlice controller (or of the API server's endpoint reconciler) has
 * the networking type's shape and is passed as it is; one a client wrote may
 * leave out what the API lets it (see `readAsKubeProxy`).
 */
export function endpointSlices(w: World): EndpointSlice[] {
  return w.api.cache.list('EndpointSlice').map((s) => (isNetworkSlice(s) ? s : readAsKubeProxy(s)));
}

const PROTOCOLS: ReadonlySet<unknown> = new Set<Protocol>(['TCP', 'UDP', 'SCTP']);
const ADDRESS_TYPES: ReadonlySet<unknown> = new Set<EndpointSlice['addressType']>(['IPv4', 'IPv6', 'FQDN']);

function isNetworkSlice(o: Obj): o is Obj & EndpointSlice {
  return (
    o.apiVersion === 'discovery.k8s.io/v1' &&
    o.kind === 'EndpointSlice' &&
    isAddressType(o.addressType) &&
    Array.isArray(o.endpoints) &&
    o.endpoints.every(isNetworkEndpoint) &&
    Array.isArray(o.ports) &&
    o.ports.every(isNetworkPort)
  );
}

function isNetworkEndpoint(e: IEndpoint): e is IEndpoint & Endpoint {
  const r = e.targetRef;
  return e.conditions !== undefined && (r === undefined || (r.kind === 'Pod' && typeof r.namespace === 'string' && typeof r.name === 'string'));
}

function isNetworkPort(p: IEndpointPort): p is IEndpointPort & EndpointPort {
  return typeof p.name === 'string' && typeof p.port === 'number' && isProtocol(p.protocol);
}

/**
 * A slice as kube-proxy's endpoint cache reads it: a port's name and protocol
 * as the API server defaults them ("" and TCP), a port without a number
 * skipped ("Ignoring invalid endpoint port"), no ports when there are none,
 * an endpoint without conditions ready (a nil `ready` is ready), and a
 * targetRef kept when it names a Pod.
 */
function readAsKubeProxy(o: Obj): EndpointSlice {
  const ports: EndpointPort[] = [];
  for (const p of o.ports ?? []) {
    if (p.port === undefined) continue;
    ports.push({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) });
  }
  const endpoints = (o.endpoints ?? []).map((e): Endpoint => {
    const { targetRef, conditions, deprecatedTopology: _topology, hints: _hints, ...rest } = e;
    const pod = podRef(targetRef);
    return { ...rest, conditions: conditions ?? {}, ...(pod ? { targetRef: pod } : {}) };
  });
  // The API server's validation accepts no other address type; the networking module does not read it.
  const addressType = isAddressType(o.addressType) ? o.addressType : 'IPv4';
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: o.metadata, addressType, endpoints, ports };
}

function podRef(r: IEndpoint['targetRef']): Endpoint['targetRef'] {
  if (r?.kind !== 'Pod' || r.namespace === undefined || r.name === undefined) return undefined;
  return { kind: 'Pod', namespace: r.namespace, name: r.name, ...(r.uid !== undefined ? { uid: r.uid } : {}) };
}

function isProtocol(p: unknown): p is Protocol {
  return PROTOCOLS.has(p);
}

function isAddressType(t: unknown): t is EndpointSlice['addressType'] {
  return ADDRESS_TYPES.has(t);
}

export function pods(w: World): Pod[] {
  return w.api.cache.list('Pod');
}

export function asPod(o: Obj): Pod {
  return asPodView(o);
}

export function ingresses(w: World): Ingress[] {
  return w.api.cache.list('Ingress');
}

export function ingressClasses(w: World): IngressClass[] {
  return w.api.cache.list('IngressClass');
}

export function networkPolicies(w: World): NetworkPolicy[] {
  return w.api.cache.list('NetworkPolicy');
}

export function namespaceLabels(w: World): NamespaceLabels {
  const out: Record<string, Record<string, string>> = {};
  for (const ns of w.api.cache.list('Namespace')) out[ns.metadata.name] = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  return out;
}

export interface NodeInfo {
  name: string;
  ip: string;
  podCIDR: string;
  ready: boolean;
}

/** Worker nodes in cluster order with their InternalIP (from the Node objects). */
export function nodes(w: World): NodeInfo[] {
  return w.api.cache.list('Node').map((n) => {
    const addr = (n.status?.addresses ?? []).find((a) => a.type === 'InternalIP')?.address ?? '';
    const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    return { name: n.metadata.name, ip: String(addr), podCIDR: String(n.spec?.podCIDR ?? ''), ready };
  });
}

export function nodeNamed(w: World, name: string): NodeInfo | undefined {
  return nodes(w).find((n) => n.name === name);
}
