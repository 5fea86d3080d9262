/**
 * The Kubernetes objects an architecture picture draws as boxes: the ones
 * its focus steps involve (traffic goes through a Service, a NetworkPolicy
 * drops a packet, a controller writes a ReplicaSet, the HPA scales), with
 * their status from the drawn state. Summary draws the objects on a traffic
 * path and at most SUMMARY_WRITTEN of the objects the focus steps write
 * (kubectl's own first, then kinds kubectl wrote, then what controllers
 * write); standard draws every object the focus steps touch; full draws
 * every object of these kinds. Every level also draws the Services, Ingresses
 * and NetworkPolicies kubectl writes in the focus steps (at summary only of a
 * kind traffic goes through: service-types compares its four Services) and
 * the objects the focus steps are about (involvedByFocus): the Service a DNS name resolves through
 * (a headless Service), the PodDisruptionBudget that decides an eviction, the
 * claims a StatefulSet creates for its Pods, the CronJob whose schedule ran. At summary the ConfigMaps,
 * Secrets, claims and volumes the focus steps are about (subjects.ts
 * subjectObjects: configmap-secret's, persistent-volumes') are drawn too, and
 * the objects of one of these kinds in one namespace are one box
 * (foldSubjects: `www-web-0..2`, `3 PersistentVolumeClaims · Bound`). The
 * layout stands the objects box beside the workers (layout/graph-elk.ts rowPlan).
 * When the focus is about who may do what, the Roles, bindings and
 * ServiceAccounts it involves are drawn at every level (rbac.ts).
 */
import type { StepState, TraceEvent } from '../../trace/types.ts';
import type { DetailLevel } from '../types.ts';
import { naturalCompare } from '../common/components.ts';
import { Causality } from '../common/causality.ts';
import { deletedObjects, isWrite, kindOfId, kindsKubectlWrites, kubectlRequest, kubectlWrite, NOT_FOUND, notFoundObjects, objectId, type ObjectBox } from './object-box.ts';
import { foldSubjects, subjectObjects } from './subjects.ts';
import { DELETED, insideDeleted, NAMESPACE_KIND, namespaceBoxes } from './namespaces.ts';
import { isRbacKind, RBAC_KINDS, rbacBoxes } from './rbac.ts';

export { objectId, type ObjectBox } from './object-box.ts';

/** Kinds drawn as object boxes, in drawing order. */
export const OBJECT_KINDS = [
  'Ingress',
  'Service',
  'EndpointSlice',
  'NetworkPolicy',
  'HorizontalPodAutoscaler',
  'PodDisruptionBudget',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'CronJob',
  'Job',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'ConfigMap',
  'Secret',
  // Drawn when the focus is about RBAC (rbac.ts rbacBoxes), never by the rules below.
  ...RBAC_KINDS,
] as const;

/** Kinds on a traffic path: summary keeps every one traffic passes through. */
const PATH_KINDS = new Set(['Ingress', 'Service', 'NetworkPolicy']);
/**
 * Written kinds a summary leaves out (standard draws them): Deployments (FULL_ONLY) and
 * StatefulSets, whose Pods carry their name; EndpointSlices, the endpoint controllers'
 * bookkeeping; claims, their volumes and configuration, which the Pods use, unless the focus
 * is about them (subjects.ts). Each box costs a summary a row.
 */
const SUMMARY_SKIP = new Set(['Deployment', 'StatefulSet', 'EndpointSlice', 'PersistentVolumeClaim', 'PersistentVolume', 'ConfigMap', 'Secret']);
/** At summary, at most this many written objects besides the traffic path: a summary stays a slide. */
export const SUMMARY_WRITTEN = 2;
/** Deployments are drawn only at `full`: their controllers are on the picture already. */
const FULL_ONLY = new Set(['Deployment']);

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

export function involvedObjects(events: readonly TraceEvent[], state: StepState | undefined, detail: DetailLevel, ingressTraffic: boolean, causality = new Causality(events)): ObjectBox[] {
  const known = new Map<string, ObjectBox>();
  for (const o of state?.objects ?? []) {
    if (!isObjectKind(o.kind)) continue;
    const id = objectId(o.kind, o.namespace, o.name);
    known.set(id, { id, kind: o.kind, ...(o.namespace !== undefined ? { namespace: o.namespace } : {}), name: o.name, status: o.status, terminating: o.terminating === true });
  }
  const wanted = new Set<string>();
  for (const e of events) for (const id of [serviceOf(e), droppingPolicyOf(e)]) if (id !== undefined) wanted.add(id);
  if (ingressTraffic) for (const o of known.values()) if (o.kind === 'Ingress') wanted.add(o.id);
  // The path objects kubectl writes beside those traffic goes through (service-types: web-internal and web-headless
  // beside web-lb and web-nodeport); at summary only of a kind traffic goes through, so a slide about a Service's
  // kinds compares them and one about something else (architecture-overview's api, frontend, redis) stays a slide.
  const onPath = new Set([...wanted].map(kindOfId));
  for (const id of pathWrittenByKubectl(events)) if (detail !== 'summary' || onPath.has(kindOfId(id))) wanted.add(id);
  for (const id of involvedByFocus(events, known, state !== undefined)) wanted.add(id);
  if (detail === 'summary') {
    for (const id of summaryWritten(events, known, state !== undefined)) wanted.add(id);
    for (const id of subjectObjects(events, known, state !== undefined, causality)) wanted.add(id);
  } else {
    for (const e of events) {
      const r = e.resource;
      if (e.type !== 'request' || r?.name === undefined || !isObjectKind(r.kind)) continue;
      const id = objectId(r.kind, r.namespace, r.name);
      // A Job a controller created and deleted again (a CronJob's history limit) is gone by the drawn state; one kubectl deleted is the point.
      if (r.kind === 'Job' && state !== undefined && !known.has(id) && kubectlRequest(e) === undefined) continue;
      wanted.add(id);
    }
  }
  if (detail === 'full') for (const id of known.keys()) wanted.add(id);
  const out: ObjectBox[] = [];
  const gone = state !== undefined ? { deleted: deletedObjects(events, causality), missing: notFoundObjects(events, causality) } : undefined;
  for (const id of wanted) {
    const box = known.get(id) ?? goneBox(id, gone);
    if (box === undefined) continue;
    if (detail !== 'full' && FULL_ONLY.has(box.kind)) continue;
    out.push(box);
  }
  const namespaces = namespaceBoxes(events, state, causality);
  const boxes = [...insideDeleted([...out, ...rbacBoxes(events, state)], namespaces), ...namespaces];
  // Namespaces first: the objects inside them follow.
  const order = (k: string) => (k === NAMESPACE_KIND ? -1 : (OBJECT_KINDS as readonly string[]).indexOf(k));
  return (detail === 'summary' ? foldSubjects(boxes) : boxes).sort((a, b) => order(a.kind) - order(b.kind) || naturalCompare(a.namespace ?? '', b.namespace ?? '') || naturalCompare(a.name, b.name));
}

/** A kind the rules of this module choose among (RBAC kinds are rbac.ts's). */
function isObjectKind(kind: string): boolean {
  return (OBJECT_KINDS as readonly string[]).includes(kind) && !isRbacKind(kind);
}

/**
 * The objects a summary draws besides the traffic path: those the focus
 * events write (create, update, patch, delete; a status write counts), most
 * relevant first — what kubectl itself writes, then objects of a kind kubectl
 * wrote, then what controllers write, then objects gone by the drawn state;
 * only the best of these ranks present is drawn, in order of first write, at
 * most SUMMARY_WRITTEN. Deployments and EndpointSlices are left out
 * (SUMMARY_SKIP), and ReplicaSets unless two or more are written (a rollout).
 */
function summaryWritten(events: readonly TraceEvent[], known: ReadonlyMap<string, ObjectBox>, hasState: boolean): string[] {
  const first = new Map<string, number>();
  const byKubectl = new Set<string>();
  const kubectlKinds = kindsKubectlWrites(events);
  for (const e of events) {
    const r = e.resource;
    if (!isWrite(e) || r?.name === undefined || !isObjectKind(r.kind) || PATH_KINDS.has(r.kind) || SUMMARY_SKIP.has(r.kind)) continue;
    const id = objectId(r.kind, r.namespace, r.name);
    if (!first.has(id)) first.set(id, first.size);
    if (kubectlWrite(e) !== undefined) byKubectl.add(id);
  }
  // One ReplicaSet written is its Deployment at work; two or more are a rollout (one scaled up, one down).
  const rollout = [...first.keys()].filter((id) => kindOfId(id) === 'ReplicaSet').length >= 2;
  const candidates = [...first.keys()].filter((id) => rollout || kindOfId(id) !== 'ReplicaSet');
  const rank = (id: string) => (hasState && !known.has(id) ? 3 : byKubectl.has(id) ? 0 : kubectlKinds.has(kindOfId(id)) ? 1 : 2);
  // Only the most relevant rank present: what kubectl wrote hides what controllers wrote in consequence.
  const best = Math.min(...candidates.map(rank));
  return candidates
    .filter((id) => rank(id) === best)
    .sort((a, b) => first.get(a)! - first.get(b)!)
    .slice(0, SUMMARY_WRITTEN);
}

/** The path kinds (Service, Ingress, NetworkPolicy) kubectl writes in the focus steps. */
function pathWrittenByKubectl(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    const r = kubectlWrite(e);
    if (r?.name !== undefined && r.subresource === undefined && PATH_KINDS.has(r.kind)) {
      out.push(objectId(r.kind, r.namespace, r.name));
    }
  }
  return out;
}

/**
 * The objects the focus steps are about, besides traffic and what summary
 * ranks among the writes: the Service a DNS query resolves through (CoreDNS's
 * kubernetes plugin answers `<host>.<service>.<namespace>.svc.<zone>` from
 * the Service, a headless one with its Pods' addresses); the
 * PodDisruptionBudget that decided an eviction (the API server's eviction
 * admission, pkg/registry/core/pod/storage/eviction.go, recorded by
 * src/cluster/apiserver/server.ts evict as `PodDisruptionBudget <name>: …`);
 * the PersistentVolumeClaims the StatefulSet controller creates from a
 * StatefulSet's volumeClaimTemplates (each Pod's own storage, the point of a
 * StatefulSet; summary otherwise leaves claims out, SUMMARY_SKIP); the
 * CronJob whose schedule ran (scheduledCronJobOf).
 */
function involvedByFocus(events: readonly TraceEvent[], known: ReadonlyMap<string, ObjectBox>, hasState: boolean): string[] {
  const out: string[] = [];
  const byId = new Map(events.map((e) => [e.id, e]));
  const present = (id: string) => !hasState || known.has(id);
  for (const e of events) {
    const claim = statefulSetClaimOf(e);
    if (claim !== undefined && present(claim)) out.push(claim);
    const dns = dnsServiceOf(e);
    if (dns !== undefined && present(dns)) out.push(dns);
    const pdb = decidingBudgetOf(e, byId);
    if (pdb !== undefined) out.push(pdb);
    const cron = scheduledCronJobOf(e);
    if (cron !== undefined && present(cron)) out.push(cron);
  }
  return out;
}

/** The component that runs CronJobs' schedules (src/cluster/components/controllers/cronjob.ts). */
const CRONJOB_CONTROLLER = 'cronjob-controller';

/**
 * The CronJob whose schedule ran: the CronJob controller writes its status
 * (lastScheduleTime, active) when it creates a Job for it. Summary otherwise
 * ranks it among the Jobs written and drops it past SUMMARY_WRITTEN
 * (job-cronjob drew its Jobs, not the CronJob).
 */
function scheduledCronJobOf(e: TraceEvent): string | undefined {
  const r = e.resource;
  if (!isWrite(e) || e.from !== CRONJOB_CONTROLLER || r?.kind !== 'CronJob' || r.name === undefined) return undefined;
  return objectId(r.kind, r.namespace, r.name);
}

/** The component that creates a StatefulSet's Pods and their claims (src/cluster/components/controllers/statefulset.ts). */
const STATEFULSET_CONTROLLER = 'statefulset-controller';

/** The claim the StatefulSet controller creates for a Pod (volumeClaimTemplates). */
function statefulSetClaimOf(e: TraceEvent): string | undefined {
  const r = e.resource;
  if (e.type !== 'request' || e.from !== STATEFULSET_CONTROLLER || e.verb !== 'create' || r?.kind !== 'PersistentVolumeClaim' || r.name === undefined || r.subresource !== undefined) return undefined;
  return objectId(r.kind, r.namespace, r.name);
}

/** The Service a DNS query names: `web-0.web.default.svc.cluster.local.` → Service default/web. */
function dnsServiceOf(e: TraceEvent): string | undefined {
  const q = e.attrs?.['query'];
  if (e.type !== 'packet' || typeof q !== 'string') return undefined;
  const labels = q.replace(/\.$/, '').split('.');
  const svc = labels.indexOf('svc');
  if (svc < 2) return undefined;
  return objectId('Service', labels[svc - 1], labels[svc - 2]!);
}

/** The PodDisruptionBudget whose status decided an eviction (allowed it or refused it), in the evicted Pod's namespace: the request up the phase's causes. */
function decidingBudgetOf(e: TraceEvent, byId: ReadonlyMap<string, TraceEvent>): string | undefined {
  if (e.type !== 'phase' || e.phase !== 'validating-admission') return undefined;
  const m = /^PodDisruptionBudget (\S+):/.exec(e.summary ?? '');
  if (!m) return undefined;
  let req: TraceEvent | undefined = e;
  for (let hops = 0; req !== undefined && req.type !== 'request' && hops < 32; hops++) req = req.cause != null ? byId.get(req.cause) : undefined;
  if (req?.type !== 'request' || req.resource?.subresource !== 'eviction') return undefined;
  return objectId('PodDisruptionBudget', req.resource.namespace, m[1]!);
}

/** EndpointSlices the endpoint controller deletes are replaced by others (drawn live): a deleted one is bookkeeping, left out. */
const REPLACED_WHEN_DELETED = new Set(['EndpointSlice']);

/**
 * An object the events name but the drawn state does not list: deleted by a
 * focus step, a grey dashed ghost like a deleted Pod or Namespace (status
 * DELETED: gitops-sync's pruned ConfigMap), unless of a kind that is replaced
 * when deleted (REPLACED_WHEN_DELETED: left out); named by a focus request
 * the API server answered 404 and never created, a ghost too (status
 * NOT_FOUND: configmap-secret's `web-tls` Secret, which the kubelet needs to
 * mount a volume and never gets). Otherwise (an object the state does not
 * track, an imported trace without state) it is drawn as the events name it.
 */
function goneBox(id: string, gone: { deleted: ReadonlySet<string>; missing: ReadonlySet<string> } | undefined): ObjectBox | undefined {
  const box = fromId(id);
  if (box === undefined || gone === undefined) return box;
  if (gone.deleted.has(id)) return REPLACED_WHEN_DELETED.has(box.kind) ? undefined : { ...box, status: DELETED };
  return gone.missing.has(id) ? { ...box, status: NOT_FOUND } : box;
}

/** An object the events name but the state does not list (deleted since, or an imported trace). */
function fromId(id: string): ObjectBox | undefined {
  const m = /^object:([^/]+)\/([^/]*)\/(.+)$/.exec(id);
  if (!m) return undefined;
  return { id, kind: m[1]!, ...(m[2] ? { namespace: m[2] } : {}), name: m[3]!, terminating: false };
}
