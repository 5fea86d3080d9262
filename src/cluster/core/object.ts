/**
 * The model's view of a Kubernetes object: plain JSON, as stored in etcd. spec
 * and status are read loosely inside the model (each controller knows the
 * shape it owns); nothing of this type crosses a stage boundary untyped —
 * the trace only carries strings and numbers taken out of it.
 */
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

/* eslint-disable @typescript-eslint/no-explicit-any -- spec/status are owned by each controller */
export interface Obj {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: any;
  status?: any;
  [key: string]: any;
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function fromManifest(o: KubeObject): Obj {
  const c = clone(o) as unknown as Obj;
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
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
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
