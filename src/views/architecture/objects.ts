/**
 * The Kubernetes objects an architecture picture draws as boxes: the ones
 * its focus steps involve (traffic goes through a Service, a NetworkPolicy
 * drops a packet, a controller writes a ReplicaSet, the HPA scales), with
 * their status from the drawn state. Summary draws only the objects on a
 * traffic path (and the HPA); full draws every object of these kinds.
 */
import type { StepState, TraceEvent } from '../../trace/types.ts';
import type { DetailLevel } from '../types.ts';
import { naturalCompare } from '../common/components.ts';

/** Kinds drawn as object boxes, in drawing order. */
export const OBJECT_KINDS = ['Ingress', 'Service', 'EndpointSlice', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'Deployment', 'ReplicaSet', 'ConfigMap', 'Secret'] as const;

/** Kinds on a traffic path: summary keeps these (and the HPA, the subject of scaling). */
const PATH_KINDS = new Set(['Ingress', 'Service', 'NetworkPolicy', 'HorizontalPodAutoscaler']);
/** Deployments are drawn only at `full`: their controllers are on the picture already. */
const FULL_ONLY = new Set(['Deployment']);

export interface ObjectBox {
  id: string;
  kind: string;
  namespace?: string;
  name: string;
  status?: string;
  terminating: boolean;
}

export function objectId(kind: string, namespace: string | undefined, name: string): string {
  return `object:${kind}/${namespace ?? ''}/${name}`;
}

/** `default/web:http` → [`default`, `web`]; `web` → [undefined, `web`]. */
function splitRef(ref: string): [string | undefined, string] {
  const base = ref.split(':')[0]!;
  const slash = base.indexOf('/');
  return slash < 0 ? [undefined, base] : [base.slice(0, slash), base.slice(slash + 1)];
}

/**
 * The Service a traffic event steers through: a DNAT hop's (a packet, or the
 * rules walk inside the node a cloud load balancer forwarded to, recorded as
 * a phase), or the backend of the Ingress rule a controller matched.
 */
export function serviceOf(e: TraceEvent): string | undefined {
  if (e.type !== 'packet' && e.type !== 'phase') return undefined;
  const s = e.attrs?.['service'];
  if (typeof s === 'string') {
    const [ns, name] = splitRef(s);
    return objectId('Service', ns, name);
  }
  const ingress = e.attrs?.['ingress'];
  const backend = e.attrs?.['backend'];
  if (e.type !== 'phase' || typeof ingress !== 'string' || typeof backend !== 'string' || backend === 'resource backend') return undefined;
  return objectId('Service', splitRef(ingress)[0], splitRef(backend)[1]);
}

/** The Ingress whose rule a controller matched (its routing phase). */
export function ingressOf(e: TraceEvent): string | undefined {
  const i = e.attrs?.['ingress'];
  if (e.type !== 'phase' || typeof i !== 'string') return undefined;
  const [ns, name] = splitRef(i);
  return objectId('Ingress', ns, name);
}

/** The NetworkPolicy that dropped a packet. */
export function droppingPolicyOf(e: TraceEvent): string | undefined {
  const p = e.attrs?.['policy'];
  if (e.type !== 'packet' || e.result !== 'dropped' || typeof p !== 'string') return undefined;
  const [ns, name] = splitRef(p);
  return objectId('NetworkPolicy', ns, name);
}

export function involvedObjects(events: readonly TraceEvent[], state: StepState | undefined, detail: DetailLevel, ingressTraffic: boolean): ObjectBox[] {
  const known = new Map<string, ObjectBox>();
  for (const o of state?.objects ?? []) {
    if (!(OBJECT_KINDS as readonly string[]).includes(o.kind)) continue;
    const id = objectId(o.kind, o.namespace, o.name);
    known.set(id, { id, kind: o.kind, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), name: o.name, status: o.status, terminating: o.terminating === true });
  }
  const wanted = new Set<string>();
  for (const e of events) {
    for (const id of [serviceOf(e), droppingPolicyOf(e)]) if (id !== undefined) wanted.add(id);
    const r = e.resource;
    // A summary draws only the objects traffic passes through (and the HPA).
    if (detail === 'summary' && r?.kind !== 'HorizontalPodAutoscaler') continue;
    if (e.type === 'request' && r?.name !== undefined && (OBJECT_KINDS as readonly string[]).includes(r.kind)) wanted.add(objectId(r.kind, r.namespace, r.name));
  }
  if (ingressTraffic) for (const o of known.values()) if (o.kind === 'Ingress') wanted.add(o.id);
  if (detail === 'full') for (const id of known.keys()) wanted.add(id);
  const out: ObjectBox[] = [];
  for (const id of wanted) {
    const box = known.get(id) ?? fromId(id);
    if (box === undefined) continue;
    if (detail === 'summary' && !PATH_KINDS.has(box.kind)) continue;
    if (detail !== 'full' && FULL_ONLY.has(box.kind)) continue;
    out.push(box);
  }
  const order = (k: string) => (OBJECT_KINDS as readonly string[]).indexOf(k);
  return out.sort((a, b) => order(a.kind) - order(b.kind) || naturalCompare(a.namespace ?? '', b.namespace ?? '') || naturalCompare(a.name, b.name));
}

/** An object the events name but the state does not list (deleted since, or an imported trace). */
function fromId(id: string): ObjectBox | undefined {
  const m = /^object:([^/]+)\/([^/]*)\/(.+)$/.exec(id);
  if (!m) return undefined;
  return { id, kind: m[1]!, ...(m[2] ? { namespace: m[2] } : {}), name: m[3]!, terminating: false };
}
