/**
 * The EndpointSliceMirroring controller's reconciler (kube-controller-manager's
 * `endpointslice-mirroring` controller, Kubernetes 1.31), after
 * pkg/controller/endpointslicemirroring (reconciler.go, reconciler_helpers.go,
 * utils.go) and the EndpointSet of k8s.io/endpointslice/util:
 * - only Endpoints written by a client for a Service without a selector are
 *   mirrored (the controller's own `syncEndpoints` checks the Service; this
 *   module says whether the Endpoints itself may be: not with
 *   `endpointslice.kubernetes.io/skip-mirror: "true"`, not with the leader
 *   election annotation);
 * - the subsets are first canonicalized (RepackSubsets), then each subset
 *   becomes one EndpointSlice per address family with the subset's ports:
 *   at most 1000 addresses per subset (--mirroring-max-endpoints-per-subset),
 *   ready addresses first; an address that is not an IP is skipped;
 * - a slice carries the Endpoints' labels and annotations (not
 *   last-applied-configuration, not last-change-trigger-time) plus
 *   `kubernetes.io/service-name` and
 *   `endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io`,
 *   and is owned by the Endpoints (controller reference);
 * - an existing slice with the same ports and address family is updated in
 *   place (or left alone when it already matches: endpoints, labels,
 *   annotations and owner), extra ones are deleted, and a slice to create
 *   takes the name of one to delete of the same family (recycleSlices);
 * - skipped addresses are reported as Warning Events on the Endpoints
 *   (InvalidIPAddress, TooManyAddressesToMirror).
 * Where Go iterates a map or pops from a set (the order of the slices to
 * create, of the endpoints in a slice), this module keeps the order of the
 * repacked subsets: IPv4 before IPv6, addresses as RepackSubsets sorts them.
 */
import { canonicalJson } from '../../../common/hash.ts';
import { repackSubsets, type EndpointAddress, type EndpointSubset, type EndpointsPort, type ObjectReference } from './endpoints.ts';
import { SERVICE_NAME_LABEL, MANAGED_BY_LABEL } from './endpointslices.ts';
import type { Protocol } from './types.ts';
import { parseIPSloppy, type AddressType } from './ip.ts';

export type { AddressType };

export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
/** resourcelock.LeaderElectionRecordAnnotationKey: Endpoints used as a leader-election lock are not mirrored. */
export const LEADER_ELECTION_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';
export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const LAST_CHANGE_TRIGGER_TIME_ANNOTATION = 'endpoints.kubernetes.io/last-change-trigger-time';
/** --mirroring-max-endpoints-per-subset (default 1000). */
export const MAX_ENDPOINTS_PER_SUBSET = 1000;
/** The event source component of the controller's event recorder. */
export const MIRRORING_EVENT_COMPONENT = 'endpoint-slice-mirroring-controller';


/** A core/v1 Endpoints as the mirroring controller reads it. */
export interface EndpointsObject {
  metadata: {
    name: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    deletionTimestamp?: string;
  };
  subsets?: readonly EndpointSubset[];
}

export interface MirroredEndpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: ObjectReference;
}

export interface MirroredPort {
  name: string;
  port: number;
  protocol: Protocol;
  appProtocol?: string;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
}

/** A discovery.k8s.io/v1 EndpointSlice the controller wants (name '' = to create with generateName). */
export interface MirroredSlice {
  apiVersion: 'discovery.k8s.io/v1';
  kind: 'EndpointSlice';
  metadata: {
    name: string;
    generateName?: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    ownerReferences: OwnerReference[];
  };
  addressType: AddressType;
  endpoints: MirroredEndpoint[];
  ports: MirroredPort[];
}

/** An endpoint of a stored slice (a client may have left its conditions out). */
export interface StoredEndpoint {
  addresses: readonly string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  nodeName?: string;
  zone?: string;
  targetRef?: ObjectReference;
  hints?: unknown;
}

/** A stored EndpointSlice of this controller as the reconciler compares it (whatever wrote it). */
export interface ExistingSlice {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: readonly { uid?: string }[];
  };
  addressType?: string;
  endpoints?: readonly StoredEndpoint[] | null;
  ports?: readonly { name?: string | null; port?: number | null; protocol?: string | null; appProtocol?: string | null }[] | null;
}

export interface MirrorEvent {
  type: 'Warning';
  reason: 'InvalidIPAddress' | 'TooManyAddressesToMirror';
  message: string;
}

export interface MirrorPlan<E extends ExistingSlice = ExistingSlice> {
  create: MirroredSlice[];
  update: MirroredSlice[];
  delete: E[];
  /** Warning Events to record on the Endpoints. */
  events: MirrorEvent[];
  /** Endpoints added, updated and removed over all slices (the controller's per-sync metrics). */
  totals: { added: number; updated: number; removed: number };
  /** Addresses not mirrored: invalid, or beyond the per-subset maximum. */
  skipped: number;
  invalid: number;
}

/** shouldMirror: not skip-mirror=true, not a leader-election lock. (The Service check is the caller's.) */
export function shouldMirror(ep: EndpointsObject | undefined): boolean {
  if (!ep) return false;
  if (ep.metadata.labels?.[SKIP_MIRROR_LABEL] === 'true') return false;
  if (ep.metadata.annotations?.[LEADER_ELECTION_ANNOTATION] !== undefined) return false;
  return true;
}

/** Is this slice mirrored for the Endpoints `name` (the controller's label selector)? */
export function isMirroredFor(slice: { metadata: { labels?: Record<string, string> } }, name: string): boolean {
  const l = slice.metadata.labels ?? {};
  return l[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME && l[SERVICE_NAME_LABEL] === name;
}

// ---- utils.go ---------------------------------------------------------------

/** addressToEndpoint: the endpoint for one address (IP re-stringed), or undefined when it is not an IP. */
export function addressToEndpoint(address: EndpointAddress, ready: boolean): { endpoint: MirroredEndpoint; addressType: AddressType } | undefined {
  const parsed = parseIPSloppy(address.ip);
  if (!parsed) return undefined;
  const endpoint: MirroredEndpoint = { addresses: [parsed.ip], conditions: { ready } };
  if (address.targetRef) endpoint.targetRef = address.targetRef;
  if (address.nodeName !== undefined) endpoint.nodeName = address.nodeName;
  if (address.hostname) endpoint.hostname = address.hostname;
  return { endpoint, addressType: parsed.addressType };
}

/** epPortsToEpsPorts (the API server has defaulted an Endpoints port's protocol to TCP). */
export function slicePorts(ports: readonly EndpointsPort[]): MirroredPort[] {
  return ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP', ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) }));
}

/** getEndpointSlicePrefix: `<name>-`, or `<name>` when the dash would make it an invalid generateName. */
export function slicePrefix(name: string): string {
  // ValidateEndpointSliceName(prefix=true) is a DNS subdomain check of the prefix with a 5-character
  // suffix room: more than 253 - 5 characters do not fit.
  return `${name}-`.length <= 248 ? `${name}-` : name;
}

/** newEndpointSlice: labels and annotations from the Endpoints, owned by it; `name` '' = generateName. */
export function newMirroredSlice(ep: EndpointsObject, ports: MirroredPort[], addressType: AddressType, name: string): MirroredSlice {
  const labels: Record<string, string> = { ...(ep.metadata.labels ?? {}) };
  labels[SERVICE_NAME_LABEL] = ep.metadata.name;
  labels[MANAGED_BY_LABEL] = MIRRORING_CONTROLLER_NAME;
  const annotations = withoutKeys(ep.metadata.annotations, LAST_CHANGE_TRIGGER_TIME_ANNOTATION, LAST_APPLIED_ANNOTATION);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name,
      ...(name === '' ? { generateName: slicePrefix(ep.metadata.name) } : {}),
      namespace: ep.metadata.namespace ?? 'default',
      labels,
      annotations,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: ep.metadata.name, uid: ep.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }],
    },
    addressType,
    endpoints: [],
    ports,
  };
}

/** cloneAndRemoveKeys. */
function withoutKeys(m: Readonly<Record<string, string>> | undefined, ...keys: string[]): Record<string, string> {
  const out: Record<string, string> = { ...(m ?? {}) };
  for (const k of keys) delete out[k];
  return out;
}

/** apiequality.Semantic.DeepEqual of two string maps (nil and empty are equal). */
function sameMap(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}

// ---- EndpointSet (k8s.io/endpointslice/util) ---------------------------------

/** hashEndpoint: sorted addresses, hostname and the target's namespace/name identify an endpoint. */
export function endpointKey(e: StoredEndpoint): string {
  return canonicalJson({ a: [...e.addresses].sort(), h: e.hostname ?? '', ns: e.targetRef?.namespace ?? '', n: e.targetRef?.name ?? '' });
}

/** EndpointsEqualBeyondHash: conditions, node, zone, hints and target reference. */
export function endpointsEqualBeyondHash(a: StoredEndpoint, b: StoredEndpoint): boolean {
  const rest = (e: StoredEndpoint) =>
    canonicalJson({
      ready: e.conditions?.ready ?? null,
      serving: e.conditions?.serving ?? null,
      terminating: e.conditions?.terminating ?? null,
      nodeName: e.nodeName ?? null,
      zone: e.zone ?? null,
      hints: e.hints ?? null,
      targetRef: e.targetRef ?? null,
    });
  return rest(a) === rest(b);
}

// ---- reconciler.go --------------------------------------------------------------

/** newAddrTypePortMapKey: address family + the ports (order does not matter). */
function portMapKey(ports: readonly { name?: string | null; port?: number | null; protocol?: string | null; appProtocol?: string | null }[], addressType: string): string {
  const norm = ports
    .map((p) => ({ name: p.name ?? '', port: p.port ?? 0, protocol: p.protocol ?? 'TCP', appProtocol: p.appProtocol ?? '' }))
    .sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return `${addressType}/${canonicalJson(norm)}`;
}

interface Desired {
  addressType: AddressType;
  ports: MirroredPort[];
  /** endpointKey → endpoint, in insertion order (the EndpointSet). */
  endpoints: Map<string, MirroredEndpoint>;
}

/**
 * reconcile: what to create, update and delete so that the slices `existing`
 * (this Endpoints' mirrored slices) mirror `ep`.
 */
export function reconcileMirror<E extends ExistingSlice>(ep: EndpointsObject, existing: readonly E[], opts: { maxEndpointsPerSubset?: number } = {}): MirrorPlan<E> {
  const max = opts.maxEndpointsPerSubset ?? MAX_ENDPOINTS_PER_SUBSET;
  const desired = new Map<string, Desired>();
  let invalid = 0;
  let skipped = 0;
  for (const subset of repackSubsets(ep.subsets ?? [])) {
    // initPorts: one group per address family, both present even when empty.
    const ports = slicePorts(subset.ports ?? []);
    const keys: Record<AddressType, string> = { IPv4: portMapKey(ports, 'IPv4'), IPv6: portMapKey(ports, 'IPv6') };
    for (const t of ['IPv4', 'IPv6'] as const) {
      const d = desired.get(keys[t]);
      if (d) d.ports = ports;
      else desired.set(keys[t], { addressType: t, ports, endpoints: new Map() });
    }
    const total = (subset.addresses ?? []).length + (subset.notReadyAddresses ?? []).length;
    let added = 0;
    const add = (addresses: readonly EndpointAddress[], ready: boolean) => {
      for (const a of addresses) {
        if (added >= max) break;
        const e = addressToEndpoint(a, ready);
        if (!e) {
          invalid++;
          continue;
        }
        const d = desired.get(keys[e.addressType]);
        if (d) d.endpoints.set(endpointKey(e.endpoint), e.endpoint);
        added++;
      }
    };
    add(subset.addresses ?? [], true);
    add(subset.notReadyAddresses ?? [], false);
    skipped += total - added;
  }

  const events: MirrorEvent[] = [];
  if (invalid > 0) events.push({ type: 'Warning', reason: 'InvalidIPAddress', message: `Skipped ${invalid} invalid IP addresses when mirroring to EndpointSlices` });
  if (skipped > invalid) {
    events.push({ type: 'Warning', reason: 'TooManyAddressesToMirror', message: `A max of ${max} addresses can be mirrored to EndpointSlices per Endpoints subset. ${skipped} addresses were skipped` });
  }

  // endpointSlicesByKey
  const existingByKey = new Map<string, E[]>();
  for (const s of existing) {
    const k = portMapKey(s.ports ?? [], s.addressType ?? '');
    const list = existingByKey.get(k);
    if (list) list.push(s);
    else existingByKey.set(k, [s]);
  }

  const plan: MirrorPlan<E> = { create: [], update: [], delete: [], events, totals: { added: 0, updated: 0, removed: 0 }, skipped, invalid };
  for (const [key, d] of desired) {
    byPortMapping(ep, existingByKey.get(key) ?? [], d, max, plan);
  }
  for (const [key, slices] of existingByKey) {
    if (!desired.has(key)) plan.delete.push(...slices);
  }
  recycleSlices(plan);
  // finalize: no new slices for an Endpoints being deleted.
  if (ep.metadata.deletionTimestamp !== undefined) plan.create = [];
  return plan;
}

/** reconcileByPortMapping: one desired group against the existing slices with its key. */
function byPortMapping<E extends ExistingSlice>(ep: EndpointsObject, existing: readonly E[], d: Desired, max: number, plan: MirrorPlan<E>): void {
  if (d.endpoints.size === 0) {
    plan.delete.push(...existing);
    for (const s of existing) plan.totals.removed += (s.endpoints ?? []).length;
    return;
  }
  const first = existing[0];
  if (!first) {
    plan.totals.added += d.endpoints.size;
  } else {
    plan.delete.push(...existing.slice(1));
    const t = totalChanges(first, d.endpoints);
    plan.totals.added += t.added;
    plan.totals.updated += t.updated;
    plan.totals.removed += t.removed;
    const annotations = withoutKeys(ep.metadata.annotations, LAST_CHANGE_TRIGGER_TIME_ANNOTATION, LAST_APPLIED_ANNOTATION);
    const labels = withoutKeys(first.metadata.labels, MANAGED_BY_LABEL, SERVICE_NAME_LABEL);
    // Owned by this Endpoints (not by an earlier one of the same name: kubernetes#125359).
    const owned = (first.metadata.ownerReferences ?? []).every((r) => (r.uid ?? '') === (ep.metadata.uid ?? ''));
    if (t.added === 0 && t.updated === 0 && t.removed === 0 && sameMap(ep.metadata.labels, labels) && sameMap(annotations, first.metadata.annotations) && owned) return;
  }
  const slice = newMirroredSlice(ep, d.ports, d.addressType, first?.metadata.name ?? '');
  for (const e of d.endpoints.values()) {
    if (slice.endpoints.length >= max) break;
    slice.endpoints.push(e);
  }
  if (slice.metadata.name !== '') plan.update.push(slice);
  else plan.create.push(slice);
}

function totalChanges(slice: ExistingSlice, want: ReadonlyMap<string, MirroredEndpoint>): { added: number; updated: number; removed: number } {
  let removed = 0;
  let updated = 0;
  let matches = 0;
  for (const e of slice.endpoints ?? []) {
    const got = want.get(endpointKey(e));
    if (!got) removed++;
    else {
      matches++;
      if (!endpointsEqualBeyondHash(got, e)) updated++;
    }
  }
  return { added: want.size - matches, updated, removed };
}

/** recycleSlices: a slice to create takes the name of one to delete of the same address family (an update instead). */
function recycleSlices<E extends ExistingSlice>(plan: MirrorPlan<E>): void {
  for (const t of ['IPv4', 'IPv6'] as const) {
    const creates = plan.create.filter((s) => s.addressType === t);
    const deletes = plan.delete.filter((s) => s.addressType === t);
    for (let i = 0; i < creates.length && i < deletes.length; i++) {
      const c = creates[i]!;
      const d = deletes[i]!;
      plan.create.splice(plan.create.indexOf(c), 1);
      plan.delete.splice(plan.delete.indexOf(d), 1);
      const { generateName: _g, ...meta } = c.metadata;
      plan.update.push({ ...c, metadata: { ...meta, name: d.metadata.name } });
    }
  }
}
