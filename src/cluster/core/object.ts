/**
 * The model's view of a Kubernetes object: plain JSON, as stored in etcd. spec
 * and status are `unknown` here and read through the typed view of the kind
 * (typed.ts, the official API types); nothing of this type crosses a stage boundary untyped —
 * the trace only carries strings and numbers taken out of it.
 */
import type { IEndpoint } from 'kubernetes-models/discovery.k8s.io/v1/Endpoint';
import type { IEndpointPort } from 'kubernetes-models/discovery.k8s.io/v1/EndpointPort';
import type { IAggregationRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/AggregationRule';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { IRoleRef } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleRef';
import type { ISubject } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Subject';
import type { IEndpointSubset } from 'kubernetes-models/v1/EndpointSubset';
import type { IEventSeries } from 'kubernetes-models/v1/EventSeries';
import type { IEventSource } from 'kubernetes-models/v1/EventSource';
import type { IObjectReference } from 'kubernetes-models/v1/ObjectReference';
import type { KubeObject } from '../../scenario/types.ts';
import { shortHash } from '../../common/hash.ts';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface Meta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  [key: string]: unknown;
}

/**
 * The top-level fields of the kinds that have no spec/status, typed with the
 * official API types (kubernetes-models); any other field is `unknown`.
 */
interface TopLevelFields {
  /** ConfigMap, Secret. */
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  binaryData?: Record<string, string>;
  immutable?: boolean;
  /** Secret type, Event type (Normal, Warning). */
  type?: string;
  /** Event (core/v1). */
  involvedObject?: IObjectReference;
  reason?: string;
  message?: string;
  count?: number;
  source?: IEventSource;
  reportingComponent?: string;
  reportingInstance?: string;
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  series?: IEventSeries;
  /** Binding (pods/binding). */
  target?: IObjectReference;
  /** EndpointSlice (discovery.k8s.io/v1). */
  addressType?: string;
  endpoints?: IEndpoint[];
  ports?: IEndpointPort[];
  /** Endpoints (core/v1). */
  subsets?: IEndpointSubset[];
  /** Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
  rules?: IPolicyRule[];
  subjects?: ISubject[];
  roleRef?: IRoleRef;
  /** ClusterRole. */
  aggregationRule?: IAggregationRule;
}

/**
 * A stored object. `Spec`/`Status` are the kind's official types for the typed
 * views of `typed.ts` (`PodObj`, `DeploymentObj`…); a plain `Obj` is any kind,
 * its spec and status `unknown` until read through the view of its kind.
 */
export interface Obj<Spec = unknown, Status = unknown> extends TopLevelFields {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: Spec;
  status?: Status;
  [key: string]: unknown;
}

/**
 * A deep copy of plain JSON data with the JSON round trip's meaning (members
 * whose value is undefined are left out, undefined array elements become
 * null, key order is kept), walked directly: about 6× cheaper than
 * `JSON.parse(JSON.stringify(v))` (and than `structuredClone`, which keeps
 * undefined members) on a Pod, and the model clones objects on every write.
 * Model objects hold only strings, numbers, booleans, null, arrays and plain
 * objects (they come from YAML or are built by the model).
 */
export function clone<T>(v: T): T {
  return v === undefined ? v : (copyJson(v) as T);
}

function copyJson(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const out: unknown[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = x === undefined ? null : copyJson(x);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (x !== undefined) out[k] = copyJson(x);
  }
  return out;
}

export function fromManifest(o: KubeObject): Obj {
  const c = clone(o) as unknown as Obj; // a manifest the loader checked against the schema: a stored object's shape
  c.metadata = c.metadata ?? { name: '' };
  return c;
}

/** Simulated wall clock: the scenario starts at this instant (RFC 3339 timestamps in objects). */
export const EPOCH_MS = Date.UTC(2025, 0, 1, 0, 0, 0);

export function timestamp(simMs: number): string {
  const second = Math.floor(simMs / 1000);
  // Formatting dates is hot in large simulations; many objects share a second.
  if (second !== lastStamp.second) {
    lastStamp.second = second;
    lastStamp.text = new Date(EPOCH_MS + second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastStamp.text;
}

/** A pure memo of the last formatted second (same input, same output), not simulation state. */
const lastStamp = { second: Number.NaN, text: '' };

/** A UUID-shaped uid derived from content and seed (deterministic). */
export function makeUid(seed: number, ...parts: (string | number)[]): string {
  const h = shortHash(`${seed}\u0000${parts.join('\u0000')}`, 32);
  // Joined, not a template: one flat string instead of seven cons strings in every object's uid.
  return [h.slice(0, 8), h.slice(8, 12), `4${h.slice(13, 16)}`, `a${h.slice(17, 20)}`, h.slice(20, 32)].join('-');
}

export function nsName(o: { metadata: { namespace?: string; name: string } }): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

export function controllerOf(o: Obj): OwnerReference | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerRef(owner: Obj): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function labelsMatch(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector)) if (labels?.[k] !== v) return false;
  return true;
}
