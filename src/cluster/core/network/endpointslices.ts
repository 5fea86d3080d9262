/**
 * The EndpointSlice controller's desired state for one Service, after
 * staging/src/k8s.io/endpointslice (reconciler.go, utils.go: podToEndpoint,
 * getEndpointPorts, newEndpointSlice) and pkg/api/v1/pod FindPort:
 * - pods of the Service's namespace matched by its selector, with an IP, not
 *   Succeeded/Failed (terminating pods stay, with terminating=true);
 * - ready = publishNotReadyAddresses || (Ready && !terminating), serving = Ready;
 * - ports resolved per pod (a named targetPort looks up the container port of
 *   that name and protocol; an unresolvable port is left out), so pods whose
 *   ports resolve differently land in different slices;
 * - at most 100 endpoints per slice (--max-endpoints-per-slice);
 * - a Service with a selector but no endpoints keeps one empty placeholder slice;
 *   a Service without a selector (or ExternalName) gets none from the controller.
 * Slice names are `<service>-<5 chars>`; the 5 characters come from the caller
 * (the model's seeded PRNG), and existing slices are reused so that a
 * re-sync does not rename them.
 */
import { canonicalJson } from '../../../common/hash.ts';
import type { Endpoint, EndpointPort, EndpointSlice, Pod, Protocol, Service, ServicePort } from './types.ts';
import { isPodPhaseTerminal } from '../pod-phase.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface EndpointSliceOptions {
  /** Five characters for a new slice's name (names.SimpleNameGenerator's random suffix). */
  suffix: () => string;
  maxEndpointsPerSlice?: number;
  /** topology.kubernetes.io/zone per node name, if nodes have zones. */
  nodeZones?: Readonly<Record<string, string>>;
}

export function isHeadless(svc: Service): boolean {
  return svc.spec.clusterIP === 'None';
}

export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** endpointutil.ShouldPodBeInEndpoints(pod, includeTerminating=true). */
export function shouldPodBeInEndpoints(pod: Pod): boolean {
  const phase = pod.status?.phase;
  if (isPodPhaseTerminal(phase)) return false;
  return Boolean(pod.status?.podIP);
}

/** podutil.FindPort: the container port a Service port targets on this pod, or undefined. */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const proto = sp.protocol ?? 'TCP';
  for (const c of pod.spec.containers) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
    }
  }
  return undefined;
}

function endpointPorts(svc: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: (sp.protocol ?? 'TCP') as Protocol };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

function podToEndpoint(pod: Pod, svc: Service, opts: EndpointSliceOptions): Endpoint {
  const serving = isPodReady(pod);
  const terminating = pod.metadata.deletionTimestamp !== undefined;
  const ready = Boolean(svc.spec.publishNotReadyAddresses) || (serving && !terminating);
  const ep: Endpoint = {
    addresses: [pod.status?.podIP ?? ''],
    conditions: { ready, serving, terminating },
  };
  const setHostname = Boolean(pod.spec.hostname) && pod.spec.subdomain === svc.metadata.name;
  if (setHostname) ep.hostname = pod.spec.hostname;
  if (pod.spec.nodeName) {
    ep.nodeName = pod.spec.nodeName;
    const zone = opts.nodeZones?.[pod.spec.nodeName];
    if (zone) ep.zone = zone;
  }
  const ref: Endpoint['targetRef'] = { kind: 'Pod', namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name };
  if (pod.metadata.uid) ref.uid = pod.metadata.uid;
  ep.targetRef = ref;
  return ep;
}

/** Pods a Service selects (same namespace, selector matches, endpoint-worthy), in input order. */
export function selectPods(svc: Service, pods: readonly Pod[]): Pod[] {
  const sel = svc.spec.selector;
  if (!sel) return [];
  const ns = svc.metadata.namespace ?? 'default';
  const pairs = Object.entries(sel);
  return pods.filter((p) => {
    if ((p.metadata.namespace ?? 'default') !== ns) return false;
    const labels = p.metadata.labels ?? {};
    return pairs.every(([k, v]) => labels[k] === v) && shouldPodBeInEndpoints(p);
  });
}

/** Does the EndpointSlice controller manage slices for this Service? */
export function managesSlices(svc: Service): boolean {
  return svc.spec.selector !== undefined && svc.spec.type !== 'ExternalName';
}

interface Group {
  ports: EndpointPort[];
  endpoints: Endpoint[];
}

function groupByPorts(svc: Service, pods: readonly Pod[], opts: EndpointSliceOptions): Group[] {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    const ports = endpointPorts(svc, pod);
    const key = canonicalJson(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: [] }));
    g.endpoints.push(podToEndpoint(pod, svc, opts));
  }
  return [...groups.values()];
}

/**
 * A stored EndpointSlice as the controller compares it with the desired ones:
 * its name, and its content as JSON, whatever wrote it (the model's
 * `EndpointSlice`, or a stored object with the official types).
 */
export interface StoredSlice {
  metadata: { name: string; labels?: Record<string, string> };
  addressType?: string;
  endpoints?: readonly unknown[];
  ports?: readonly unknown[];
}

/**
 * The desired EndpointSlices for a Service. `existing` slices (this Service's,
 * in their current order) lend their names to the desired slices with the same
 * ports, so that a re-sync updates instead of recreating.
 */
export function computeEndpointSlices(
  svc: Service,
  pods: readonly Pod[],
  opts: EndpointSliceOptions,
  existing: readonly StoredSlice[] = [],
): EndpointSlice[] {
  if (!managesSlices(svc)) return [];
  const max = opts.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
  const chunks: Group[] = [];
  for (const g of groupByPorts(svc, selectPods(svc, pods), opts)) {
    for (let i = 0; i < g.endpoints.length; i += max) chunks.push({ ports: g.ports, endpoints: g.endpoints.slice(i, i + max) });
  }
  // The placeholder keeps `kubectl get endpointslices` showing the Service.
  if (chunks.length === 0) chunks.push({ ports: [], endpoints: [] });
  const free = [...existing];
  return chunks.map((c) => {
    const key = canonicalJson(c.ports);
    const idx = free.findIndex((s) => canonicalJson(s.ports) === key);
    const reuse = idx >= 0 ? free.splice(idx, 1)[0]?.metadata.name : undefined;
    return newSlice(svc, c, reuse ?? `${slicePrefix(svc.metadata.name)}${opts.suffix()}`);
  });
}

/** generateName: `<service>-`, the base cut to 58 characters like SimpleNameGenerator. */
function slicePrefix(serviceName: string): string {
  return `${serviceName}-`.slice(0, 58);
}

function newSlice(svc: Service, c: Group, name: string): EndpointSlice {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = svc.metadata.name;
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  if (isHeadless(svc)) labels['service.kubernetes.io/headless'] = '';
  const owner = { apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, controller: true, blockOwnerDeletion: true };
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      generateName: slicePrefix(svc.metadata.name),
      namespace: svc.metadata.namespace ?? 'default',
      labels,
      ownerReferences: [svc.metadata.uid ? { ...owner, uid: svc.metadata.uid } : owner],
    },
    addressType: 'IPv4',
    endpoints: c.endpoints,
    ports: c.ports,
  };
}

export interface SliceChanges<Stored extends StoredSlice = EndpointSlice> {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: Stored[];
}

/** What the controller writes to the API server to get from `existing` to `desired`. */
export function diffEndpointSlices<Stored extends StoredSlice>(existing: readonly Stored[], desired: readonly EndpointSlice[]): SliceChanges<Stored> {
  const byName = new Map(existing.map((s) => [s.metadata.name, s]));
  const out: SliceChanges<Stored> = { create: [], update: [], delete: [] };
  for (const d of desired) {
    const e = byName.get(d.metadata.name);
    if (!e) out.create.push(d);
    else if (canonicalJson(sliceContent(e)) !== canonicalJson(sliceContent(d))) out.update.push(d);
    byName.delete(d.metadata.name);
  }
  out.delete.push(...byName.values());
  return out;
}

function sliceContent(s: StoredSlice): unknown {
  return { labels: s.metadata.labels, endpoints: s.endpoints, ports: s.ports, addressType: s.addressType };
}

/** A routable backend: one address and port for one Service port. */
export interface Backend {
  ip: string;
  port: number;
  nodeName?: string;
  podName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** Every endpoint of the slices for the Service port named `portName` ("" for an unnamed port). */
export function backendsFor(slices: readonly EndpointSlice[], portName: string, protocol: Protocol = 'TCP'): Backend[] {
  const out: Backend[] = [];
  for (const s of slices) {
    const p = s.ports.find((x) => x.name === portName && x.protocol === protocol);
    if (!p) continue;
    for (const e of s.endpoints) {
      for (const ip of e.addresses) {
        out.push({
          ip,
          port: p.port,
          nodeName: e.nodeName,
          podName: e.targetRef?.name,
          ready: e.conditions.ready ?? true,
          serving: e.conditions.serving ?? e.conditions.ready ?? true,
          terminating: e.conditions.terminating ?? false,
        });
      }
    }
  }
  return out;
}
