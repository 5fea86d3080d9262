/**
 * The boxes of the architecture view: cluster → hosts → components and pods
 * → containers, the objects the focus involves, and external actors outside
 * the cluster. Hosts, replicas and Pods are in natural name order (worker-2
 * before worker-10), and every worker shows the same kinds of component, so
 * identical nodes get the same inner layout.
 *
 * State comes from the last drawn step: nodes NotReady / cordoned / tainted
 * carry tags, API servers and etcd members that are down are crossed out,
 * Pods are coloured by their kubectl STATUS, and Pods deleted during the
 * drawn steps remain as faint dashed ghosts. At `standard` a Pod with one
 * container is one box naming its image, the Pods of one ReplicaSet in one
 * state on a node are one box with a count, and replicas of the scheduler
 * and controller managers are one box. A host with more than POD_LIMITS
 * boxes of Pods shows the first ones and a `+N more` box.
 */
import type { Component, Host, Trace } from '../../trace/types.ts';
import type { DetailLevel, Emphasis, GraphNode, IconName, NodeTag } from '../types.ts';
import { earlierNodes, incarnationId, isIncarnation } from './incarnations.ts';
import { componentOf, iconFor, labelOf, laneKey, naturalCompare, rankOf, sublabelOf } from '../common/components.ts';
import { pushTo } from '../common/collections.ts';
import { stepsPhrase } from '../common/steps.ts';
import { moreItem, withMore } from '../common/more.ts';
import { isFailedStatus, type DrawnState } from './state.ts';
import type { ObjectBox } from './objects.ts';
import { ordinalBase, ordinalLabel } from './ordinals.ts';
import { memberNames } from './subjects.ts';
import { isGhost } from './object-box.ts';
import { nameContainers } from './pod-containers.ts';
import { ownersOf, refName, workloadOf, type PodRef } from '../common/workloads.ts';

export const CLUSTER_ID = 'cluster';
export const OBJECTS_ID = 'objects';

/** Pods shown per host before the rest fold into a `+N more` box: [limit, shown when over it]. */
const POD_LIMITS: Record<DetailLevel, [number, number]> = { summary: [3, 2], standard: [4, 3], full: [6, 5] };

/** Components a summary always draws; the others only when the focus involves them. */
const SUMMARY_ALWAYS = new Set<Component['kind']>(['apiserver']);
/** Cluster add-ons a summary draws in the cluster rather than on the node their Pod runs on. */
const ADD_ONS = new Set<Component['kind']>(['dns', 'metrics-server', 'ingress-controller', 'gitops-controller']);
/** Components whose usual names say what they are: a summary leaves out their role line. */
const SELF_NAMED = new Set<Component['kind']>(['apiserver', 'scheduler', 'controller-manager', 'cloud-controller-manager', 'etcd', 'kube-proxy', 'dns']);
/** Plumbing a summary leaves out: traffic passes through it without a stop on the picture. */
const SUMMARY_HIDDEN = new Set<Component['kind']>(['cni']);

export interface NodeSet {
  nodes: GraphNode[];
  /** Component id → node id drawn for it (hidden pods map to their `+N more` box, sub-controllers at summary to their manager). */
  drawnAs: Map<string, string>;
  /** Pod id (an earlier Pod of a name's too) → its workload (views/common/workloads.ts): `web` for `web-7c5ddbdf54-x2kqp`. */
  workloads: Map<string, string>;
}

export interface NodeInput {
  trace: Trace;
  index: Map<string, Component>;
  detail: DetailLevel;
  /** Component ids the drawn interactions touch. */
  touched: Set<string>;
  drawn: DrawnState;
  objects: ObjectBox[];
  /**
   * Pods that send or receive traffic in the drawn steps: a summary draws them
   * on their node, one box per workload there (whose id is added to the set).
   */
  trafficPods: Set<string>;
}

interface Draft {
  node: GraphNode;
  rank: number;
  /** Sort key among siblings of the same rank. */
  name: string;
}

export function hostNodeId(host: string): string {
  return `host:${host}`;
}

export function buildNodes(input: NodeInput): NodeSet {
  const { trace, index, detail, touched, drawn } = input;
  const drafts: Draft[] = [];
  const drawnAs = new Map<string, string>();
  const push = (node: GraphNode, rank: number, name = node.label): void => {
    drafts.push({ node, rank, name });
    drawnAs.set(node.id, node.id);
  };
  const hosts = new Map(trace.hosts.map((h) => [h.id, h]));
  const visible = componentFilter(input);

  push(group(CLUSTER_ID, 'cluster', `Kubernetes ${trace.header.kubernetes}`, 'none', null), 5);
  const components = [...index.values(), ...extraEndpoints(touched, index)].filter((c) => c.kind !== 'pod' && c.kind !== 'container');
  const usedHosts = new Set(components.filter(visible).map((c) => c.host));
  for (const h of trace.hosts) {
    if (h.role !== 'external') push(hostNode(h, drawn), h.role === 'control-plane' ? 0 : 1, h.name);
  }
  const externalHosts = trace.hosts.filter((h) => h.role === 'external' && usedHosts.has(h.id) && components.filter((c) => c.host === h.id && visible(c)).length > 1);
  for (const h of externalHosts) push(hostNode(h, drawn), 3, h.name);
  const grouped = new Set(externalHosts.map((h) => h.id));

  const replicas = replicaSets(components.filter(visible), detail);
  // At summary the container runtime is drawn inside its node's kubelet (`node agent · containerd`):
  // one layer less per worker; what it did (pull, start) is drawn from the kubelet, which asks it over CRI.
  const runtimeOf = new Map<string, Component>();
  if (detail === 'summary') {
    for (const r of components) {
      if (r.kind !== 'container-runtime' || r.host === null) continue;
      const kubelet = components.find((k) => k.kind === 'kubelet' && k.host === r.host && visible(k));
      if (kubelet !== undefined && !runtimeOf.has(kubelet.id)) runtimeOf.set(kubelet.id, r);
    }
  }
  const inKubelet = new Map([...runtimeOf].map(([k, r]) => [r.id, k]));
  for (const c of components) {
    if (inKubelet.has(c.id)) {
      drawnAs.set(c.id, inKubelet.get(c.id)!);
      continue;
    }
    const first = replicas.get(c.id);
    if (first !== undefined && first.id !== c.id) {
      drawnAs.set(c.id, first.id);
      continue;
    }
    if (!visible(c)) {
      // A sub-controller at summary is drawn as its controller manager.
      if (detail === 'summary' && c.parent !== undefined && index.get(c.parent)?.kind === 'controller-manager') drawnAs.set(c.id, c.parent);
      continue;
    }
    const addOn = detail === 'summary' && ADD_ONS.has(c.kind) && c.host !== null && hosts.get(c.host)?.role === 'worker';
    // Listed before the workers, so the traffic of Pods goes up to it like to the control plane.
    // Except at full, the registry is listed with the other actors outside the cluster, so pulls go up to it, not below everything.
    const rank = addOn ? 0.7 : detail !== 'full' && c.kind === 'registry' ? 3 : rankOf(c.kind);
    const node = componentNode(c, addOn ? CLUSTER_ID : placeOf(c, index, hosts, grouped), drawn);
    // A summary's box is one line when its name says what it is (kube-scheduler, not `· scheduler`).
    if (detail === 'summary' && SELF_NAMED.has(c.kind) && node.sublabel === sublabelOf(c)) delete node.sublabel;
    if (first !== undefined) node.sublabel = `${[...replicas.values()].filter((r) => r === first).length} replicas · leader election`;
    if (runtimeOf.has(c.id)) node.sublabel = [node.sublabel, runtimeOf.get(c.id)!.name].filter((x) => x).join(' · ');
    push(node, rank, c.name);
  }
  if (input.objects.length > 0) {
    // `namespace default` only when every object is in it: a PersistentVolume is cluster-scoped.
    const namespaces = [...new Set(input.objects.map((o) => o.namespace))];
    push(group(OBJECTS_ID, 'objects', namespaces.length === 1 && namespaces[0] !== undefined ? `namespace ${namespaces[0]}` : undefined, 'none', CLUSTER_ID), 0.5, 'objects');
    input.objects.forEach((o, i) => push(objectNode(o), i, String(i).padStart(4, '0')));
  }
  const pods = podList(input);
  placePods(pods, hosts, detail, input.trafficPods, subjectPods(input, pods), push, drawnAs);
  if (detail !== 'summary') addContainers(input, pods, drafts, push, drawnAs);
  else {
    for (const c of index.values()) if (c.kind === 'container' && c.parent !== undefined && drawnAs.has(c.parent)) drawnAs.set(c.id, drawnAs.get(c.parent)!);
    nameContainers(drafts.map((d) => d.node), pods, drawnAs, index, touched, input.trace);
  }
  // A worker nothing ran on in the trace (no component of it acted) and with no state to show is an empty box: left out,
  // unless the scheduler is in the picture (it weighed every node, so the empty ones are part of its answer).
  const parentsOf = new Set(drafts.map((d) => d.node.parent));
  const schedulerDrawn = [...touched].some((id) => index.get(id)?.kind === 'scheduler');
  const empty = (n: GraphNode) => !schedulerDrawn && n.id.startsWith('host:') && hosts.get(n.id.slice('host:'.length))?.role === 'worker' && !parentsOf.has(n.id) && (n.tags ?? []).length === 0 && n.emphasis === 'normal';
  const kept = drafts.filter((d) => !empty(d.node));
  for (const d of drafts) if (!kept.includes(d)) drawnAs.delete(d.node.id);
  const nodes = parentsFirst(kept);
  // A component with components inside (controllers in kube-controller-manager) is drawn as a box around them.
  const parents = new Set(nodes.map((n) => n.parent));
  for (const n of nodes) if (parents.has(n.id)) n.shape = 'group';
  return { nodes, drawnAs, workloads: new Map(pods.map((p) => [p.id, p.workload])) };
}

/** Controllers that run as replicas and elect a leader: one box for all of them except at `full`. */
const ELECTED = new Set<Component['kind']>(['scheduler', 'controller-manager', 'cloud-controller-manager']);

/**
 * Replicas of the scheduler and the controller managers (an HA control plane
 * runs one per control-plane node; only the leader works) → the first by
 * name, which is drawn for all of them. Empty at `full`.
 */
function replicaSets(components: Component[], detail: DetailLevel): Map<string, Component> {
  const out = new Map<string, Component>();
  if (detail === 'full') return out;
  const byKind = new Map<string, Component[]>();
  for (const c of components) if (ELECTED.has(c.kind) && c.parent === undefined) pushTo(byKind, c.kind, c);
  for (const list of byKind.values()) {
    if (list.length < 2) continue;
    const sorted = [...list].sort((a, b) => naturalCompare(a.name, b.name) || naturalCompare(a.id, b.id));
    for (const c of sorted) out.set(c.id, sorted[0]!);
  }
  return out;
}

/** Which non-pod components get a box at this level of detail. */
function componentFilter(input: NodeInput): (c: Component) => boolean {
  const { detail, touched, index } = input;
  if (detail !== 'summary') return () => true;
  // A controller manager is involved when one of its controllers is.
  const withParents = [...touched].flatMap((id) => [id, ...(index.get(id)?.parent !== undefined ? [index.get(id)!.parent!] : [])]);
  const touchedLanes = new Set(withParents.map((id) => laneKey(componentOf(index, id))));
  return (c) => {
    if (SUMMARY_HIDDEN.has(c.kind)) return false;
    if (c.kind === 'controller-manager' && c.parent !== undefined) return false;
    return SUMMARY_ALWAYS.has(c.kind) || touchedLanes.has(laneKey(c));
  };
}

function group(id: string, label: string, sublabel: string | undefined, icon: IconName, parent: string | null): GraphNode {
  return { id, label, ...(sublabel ? { sublabel } : {}), icon, shape: 'group', parent, emphasis: 'normal', steps: [] };
}

function hostNode(h: Host, drawn: DrawnState): GraphNode {
  const sub = h.role === 'control-plane' ? 'control plane' : h.role === 'worker' ? 'worker node' : undefined;
  const icon = h.role === 'control-plane' ? 'control-plane' : h.role === 'worker' ? 'node' : 'internet';
  const node = group(hostNodeId(h.id), h.name, sub, icon, h.role === 'external' ? null : CLUSTER_ID);
  const s = drawn.state?.nodes.find((n) => n.name === h.name);
  const tags: NodeTag[] = [];
  if (s !== undefined && s.ready !== 'True') {
    node.emphasis = 'danger';
    tags.push({ text: 'NotReady', emphasis: 'danger' });
  } else if ((drawn.notReady.get(h.name) ?? []).length > 0) {
    tags.push({ text: `NotReady in ${stepsPhrase(drawn.notReady.get(h.name)!)}`, emphasis: 'warning' });
  }
  if (s?.unschedulable) tags.push({ text: 'cordoned', emphasis: 'warning' });
  if (s !== undefined && s.taints.length > 0) tags.push({ text: s.taints.length === 1 ? `taint ${shortTaint(s.taints[0]!)}` : `${s.taints.length} taints`, emphasis: 'warning' });
  if (tags.length > 0) node.tags = tags;
  return node;
}

/** `node.kubernetes.io/unreachable:NoExecute` → `unreachable:NoExecute`; `gpu=true:NoSchedule` → `gpu:NoSchedule`. */
function shortTaint(t: string): string {
  const effect = t.slice(t.lastIndexOf(':') + 1);
  const key = t.slice(0, t.lastIndexOf(':')).split('=')[0]!;
  return `${key.slice(key.lastIndexOf('/') + 1)}:${effect}`;
}

/** The parent box of a non-pod component. */
function placeOf(c: Component, index: Map<string, Component>, hosts: Map<string, Host>, grouped: Set<string>): string | null {
  const parent = c.parent !== undefined ? index.get(c.parent) : undefined;
  if (parent && parent.kind !== 'pod') return parent.id;
  if (c.host !== null && hosts.has(c.host)) {
    const h = hosts.get(c.host)!;
    if (h.role !== 'external') return hostNodeId(h.id);
    return grouped.has(h.id) ? hostNodeId(h.id) : null;
  }
  // The API load balancer sits with the clients, between them and the API servers.
  return c.group === 'client' || c.group === 'external' || c.kind === 'load-balancer' ? null : CLUSTER_ID;
}

function componentNode(c: Component, parent: string | null, drawn: DrawnState): GraphNode {
  const sub = sublabelOf(c);
  const node: GraphNode = { id: c.id, label: labelOf(c), ...(sub ? { sublabel: sub } : {}), icon: iconFor(c.kind), shape: 'component', parent, emphasis: 'normal', steps: [] };
  const cp = drawn.state?.controlPlane;
  const member = c.kind === 'apiserver' ? cp?.apiServers.find((a) => a.name === c.name) : c.kind === 'etcd' ? cp?.etcd.find((m) => m.name === c.name) : undefined;
  if (member !== undefined && !member.up) {
    node.emphasis = 'danger';
    node.crossed = true;
    node.sublabel = `${sub ?? c.kind} · down`;
  }
  return node;
}

const OBJECT_ICONS: Record<string, IconName> = {
  Ingress: 'ingress',
  Service: 'service',
  EndpointSlice: 'endpoints',
  NetworkPolicy: 'policy',
  HorizontalPodAutoscaler: 'hpa',
  Deployment: 'deployment',
  ReplicaSet: 'replicaset',
  StatefulSet: 'statefulset',
  DaemonSet: 'daemonset',
  PodDisruptionBudget: 'budget',
  CronJob: 'cronjob',
  Job: 'job',
  PersistentVolumeClaim: 'volume',
  PersistentVolume: 'volume',
  ConfigMap: 'config',
  Secret: 'config',
  Namespace: 'namespace',
  ServiceAccount: 'serviceaccount',
  Role: 'role',
  ClusterRole: 'role',
  RoleBinding: 'binding',
  ClusterRoleBinding: 'binding',
};
const SHORT_KIND: Record<string, string> = { HorizontalPodAutoscaler: 'HPA' };

/** The icon of an object box of this kind (objects.ts OBJECT_KINDS): every kind has one, in one family. */
export function objectIcon(kind: string): IconName {
  return OBJECT_ICONS[kind] ?? 'none';
}

/** An object's box; several folded into one (a StatefulSet's claims at summary) are named together and counted: `www-web-0..2`, `3 PersistentVolumeClaims · Bound`. */
function objectNode(o: ObjectBox): GraphNode {
  const many = o.members !== undefined && o.members.length > 1 ? o.members : undefined;
  const kind = many ? `${many.length} ${SHORT_KIND[o.kind] ?? o.kind}s` : (SHORT_KIND[o.kind] ?? o.kind);
  const status = o.terminating ? 'Terminating' : o.status === 'present' ? undefined : o.status;
  return {
    id: o.id,
    label: many ? (ordinalLabel(ordinalBase(many[0]!), many) ?? memberNames(o.kind, many)) : o.name,
    sublabel: status ? `${kind} · ${status}` : kind,
    icon: objectIcon(o.kind),
    shape: 'component',
    parent: OBJECTS_ID,
    // Deleted, or named by a focus request and never there (`web-tls · Secret · not found`): a grey dashed ghost.
    emphasis: o.terminating || isGhost(o) ? 'faint' : 'normal',
    steps: [],
  };
}

function containerNode(id: string, label: string, image: string | undefined, parent: string, emphasis: Emphasis): GraphNode {
  return { id, label, ...(image ? { sublabel: image } : {}), icon: 'container', shape: 'component', parent, emphasis, steps: [] };
}

/** Ids mentioned by events but missing from `components` still need a box (not an earlier Pod of a name: podList draws it). */
function extraEndpoints(touched: Set<string>, index: Map<string, Component>): Component[] {
  return [...touched].filter((id) => !index.has(id) && !id.startsWith('object:') && !isIncarnation(id)).sort().map((id) => componentOf(index, id));
}

interface PodEntry {
  id: string;
  name: string;
  host: string | null;
  /** kubectl STATUS, or `deleted` for a ghost. */
  status: string;
  ready: boolean;
  ip: string | null;
  ghost: boolean;
  /** `Kind/name` of the controller owner; null for a Pod without one, undefined when not known. */
  owner?: string | null;
  /** Its Deployment, StatefulSet, CronJob … or itself (views/common/workloads.ts). */
  workload: string;
  /** The failure states it was in on its node during the drawn focus, other than its status: `CreateContainerConfigError in steps 4–8`. */
  history?: string;
}

/** Pods of the drawn state (outcome for traces without state), then ghosts of Pods deleted on the way. */
function podList(input: NodeInput): PodEntry[] {
  const { trace, index, touched, drawn } = input;
  const owners = ownersOf(drawn.state?.objects ?? trace.outcome.objects);
  type Seen = Omit<PodEntry, 'owner' | 'workload'>;
  // A Pod of the state or the outcome has its owner recorded (none: null); one only seen in events has none known.
  const entry = (e: Seen, p: { namespace: string; name: string; owner?: string } | undefined): PodEntry => {
    const ref: PodRef = p === undefined ? { namespace: '', name: e.name } : { namespace: p.namespace, name: p.name, owner: p.owner ?? null };
    return { ...e, ...(ref.owner !== undefined ? { owner: ref.owner } : {}), workload: workloadOf(ref, owners) };
  };
  const list: PodEntry[] = drawn.state
    ? drawn.state.pods.map((p) => entry({ id: `pod:${p.namespace}/${p.name}`, name: p.name, host: p.node, status: withReadiness(p.status, p.ready, `pod:${p.namespace}/${p.name}`, index), ready: p.ready, ip: p.ip ?? null, ghost: false }, p))
    : trace.outcome.pods.map((p) => entry({ id: `pod:${p.namespace}/${p.name}`, name: p.name, host: p.node, status: withReadiness(outcomeStatus(p), p.ready, `pod:${p.namespace}/${p.name}`, index), ready: p.ready, ip: p.ip, ghost: false }, p));
  const seen = new Set(list.map((p) => p.id));
  const ghosts: PodEntry[] = [];
  for (const [key, p] of drawn.seenPods) {
    const id = `pod:${key}`;
    if (!seen.has(id)) ghosts.push(entry({ id, name: p.name, host: p.node, status: 'deleted', ready: false, ip: null, ghost: true }, p));
    seen.add(id);
  }
  // Earlier Pods of the same name on other nodes (deleted, recreated elsewhere): ghosts where they ran.
  for (const [key, nodes] of earlierNodes(drawn)) {
    const p = drawn.seenPods.get(key)!;
    for (const node of nodes) ghosts.push(entry({ id: incarnationId(`pod:${key}`, node), name: p.name, host: node, status: 'deleted', ready: false, ip: null, ghost: true }, p));
  }
  for (const c of index.values()) {
    if (c.kind === 'pod' && !seen.has(c.id) && touched.has(c.id)) ghosts.push(entry({ id: c.id, name: c.name, host: c.host, status: 'deleted', ready: false, ip: null, ghost: true }, undefined));
  }
  const byName = (a: PodEntry, b: PodEntry) => naturalCompare(a.id, b.id);
  return [...list.sort(byName), ...ghosts.sort(byName)].map((p) => withHistory(p, drawn));
}

/**
 * The Pod with the failure states it went through on its node in the drawn focus steps and is no longer in
 * (gallery review D49: configmap-secret's `needs-config` was CreateContainerConfigError in steps 4–8, the
 * scenario's subject, and Running at the end; a Pod deleted after CrashLoopBackOff says so on its ghost).
 */
function withHistory(p: PodEntry, drawn: DrawnState): PodEntry {
  const key = p.id.slice('pod:'.length, isIncarnation(p.id) ? p.id.lastIndexOf('@') : undefined);
  const earlier = (drawn.podFailures.get(key) ?? []).filter((f) => f.node === p.host && f.status !== p.status);
  return earlier.length === 0 ? p : { ...p, history: earlier.map((f) => `${f.status} in ${stepsPhrase(f.steps)}`).join(', ') };
}

/**
 * What a box says of a Pod's state: its status (`deleted` for a ghost), after the failures it went through, which
 * come first (`CreateContainerConfigError in steps 4–8, then Running`: the long status word stands on a line of its
 * own in a box of the usual width, and a failure is never the part a narrow box leaves out).
 */
function stateOf(p: PodEntry): string {
  const status = p.ghost ? 'deleted' : p.status;
  return p.history === undefined ? status : `${p.history}, then ${status}`;
}

/**
 * A Running Pod that is not Ready says so, as kubectl's READY column does (`Running (0/1 ready)`; `Running (not ready)`
 * when it has several containers, of which some may be ready): a readiness probe refusing it takes it out of its
 * Service's endpoints, which `Running` alone hides (gallery review D114).
 */
function withReadiness(status: string, ready: boolean, podId: string, index: Map<string, Component>): string {
  if (status !== 'Running' || ready) return status;
  const containers = [...index.values()].filter((c) => c.kind === 'container' && c.parent === podId).length;
  return containers === 1 ? `${status} (0/1 ready)` : `${status} (not ready)`;
}

function outcomeStatus(p: Trace['outcome']['pods'][number]): string {
  if (p.phase === 'Running' && p.containers.some((c) => c.restarts > 0 && c.state !== 'running')) return 'CrashLoopBackOff';
  return p.phase;
}

/**
 * In a picture of one step (a frame), the failed Pods that step's interactions reach: the step is about them, so a
 * summary draws each in a box of its own, where the kubelet's edge ends (gallery review D103: configmap-secret step 4's
 * `create sandbox` went into a box of two Pods and `needs-config`, refused its ConfigMap, stood dimmed).
 */
function subjectPods(input: NodeInput, pods: readonly PodEntry[]): Set<string> {
  if (!input.drawn.oneStep) return new Set();
  const reached = new Set([...input.touched].map((id) => (input.index.get(id)?.kind === 'container' ? input.index.get(id)!.parent ?? id : id)));
  return new Set(pods.filter((p) => !p.ghost && reached.has(p.id) && isFailedStatus(p.status)).map((p) => p.id));
}

function placePods(pods: PodEntry[], hosts: Map<string, Host>, detail: DetailLevel, traffic: Set<string>, subjects: Set<string>, push: (n: GraphNode, rank: number, name?: string) => void, drawnAs: Map<string, string>): void {
  const [limit, shownCount] = POD_LIMITS[detail];
  const byHost = new Map<string, PodEntry[]>();
  for (const p of pods) {
    const parent = p.host !== null && hosts.has(p.host) ? hostNodeId(p.host) : CLUSTER_ID;
    pushTo(byHost, parent, p);
  }
  for (const [parent, list] of byHost) {
    if (detail === 'summary') {
      // Components, not every Pod: the Pods that are neither a traffic end nor went through a failure fold into
      // one box per node. A traffic end stays on its node, the Pods of one workload there one box (`web-0..2`,
      // `web-canary ×2`) whose status pairs each state with its Pods (gallery review D45: `web-0 · Running;
      // web-1 · deleted`, not `1 Running, 1 deleted`); a Pod that went through a failure has a box of its own,
      // with the Pods of its workload that went through the same.
      const own = (p: PodEntry) => traffic.has(p.id) || p.history !== undefined || subjects.has(p.id);
      const key = (p: PodEntry) => (traffic.has(p.id) ? p.workload : `${p.workload}\u0000${stateOf(p)}`);
      const byWorkload = new Map<string, PodEntry[]>();
      for (const p of list) if (own(p)) pushTo(byWorkload, key(p), p);
      [...byWorkload].forEach(([k, same], i) => {
        const name = String(i).padStart(4, '0');
                // A traffic end is the Pod a packet was delivered to, with its IP: who it is, its name, is the subject.
        if (same.length === 1) return push(podNode(same[0]!, parent, traffic.has(same[0]!.id) ? same[0]!.name : summaryName(same[0]!)), rankOf('pod'), name);
        const workload = same[0]!.workload;
        const id = `pods:${parent}:${workload}${k === workload ? '' : `:${stateOf(same[0]!)}`}`;
        push(workloadNode(id, workload, same, parent), rankOf('pod'), name);
        if (same.some((p) => traffic.has(p.id))) traffic.add(id);
        for (const p of same) drawnAs.set(p.id, id);
      });
      const boxed = new Set([...byWorkload.values()].flat());
      const folded = list.filter((p) => !boxed.has(p));
      if (folded.length > 0) {
        const id = `pods:${parent}`;
        push(foldNode(id, folded, parent), rankOf('pod') + 0.5);
        for (const p of folded) drawnAs.set(p.id, id);
      }
      continue;
    }
    // At standard, Pods of one ReplicaSet in one state on a node (the old ReplicaSet's deleted Pods
    // of a rollout) are one box with a count; traffic ends stay single.
    const boxes: (PodEntry | PodEntry[])[] = [];
    const sets = new Map<string, PodEntry[]>();
    for (const p of list) {
      if (detail !== 'standard' || traffic.has(p.id)) {
        boxes.push(p);
        continue;
      }
      const key = `${p.owner ?? p.name}\u0000${stateOf(p)}`;
      if (!sets.has(key)) {
        sets.set(key, []);
        boxes.push(sets.get(key)!);
      }
      sets.get(key)!.push(p);
    }
    const entries = boxes.map((b) => (Array.isArray(b) && b.length === 1 ? b[0]! : b));
    const shown = entries.length > limit ? entries.slice(0, shownCount) : entries;
    shown.forEach((b, i) => {
      if (!Array.isArray(b)) return push(podNode(b, parent), rankOf('pod'), String(i).padStart(4, '0'));
      const id = `pods:${parent}:${b[0]!.id}`;
      push(setNode(id, b, parent), rankOf('pod'), String(i).padStart(4, '0'));
      for (const p of b) drawnAs.set(p.id, id);
    });
    if (shown.length === entries.length) continue;
    const list2 = entries.slice(shown.length).flatMap((b) => (Array.isArray(b) ? b : [b]));
    const moreId = `more:${parent}`;
    push({ id: moreId, label: moreItem(list2.length), sublabel: 'pods', icon: 'pod', shape: 'component', parent, emphasis: 'normal', steps: [] }, rankOf('pod') + 0.5);
    for (const p of list2) drawnAs.set(p.id, moreId);
  }
}

/**
 * A Pod at summary, where boxes say workloads (`web ×2`, `2 Pods` · `web · Running`): its workload (`web`, not
 * `web-766486c5b6-jxl9j`, a name made up for it), or its own name where that name is who it is: a StatefulSet's
 * ordinal (`web-0`) or a bare Pod (its workload is itself). A traffic end keeps its name (placePods).
 */
function summaryName(p: PodEntry): string {
  return ordinalLabel(p.workload, [p.name]) ?? p.workload;
}

/** `label`: what the box is called (the Pod's name, or at summary summaryName). */
function podNode(p: PodEntry, parent: string, label = p.name): GraphNode {
  const sub = [stateOf(p), ...(p.ghost ? [] : [p.host === null ? 'unscheduled' : p.ip])].filter((s): s is string => Boolean(s)).join(' · ');
  // A Pod with containers drawn inside becomes a group (buildNodes); one with a single container is one box.
  // A box too narrow for the failures a Pod went through leaves out its IP, not them (`Running … in steps 4–8`).
  const shorter = p.history !== undefined && sub !== stateOf(p) ? { shorter: [stateOf(p)] } : {};
  return { id: p.id, label, sublabel: sub, ...shorter, icon: 'pod', shape: 'component', parent, emphasis: podEmphasis(p), steps: [] };
}

/**
 * One box for several Pods of a node: how many, of which workloads, in which states. Pods on no node (Pending, the
 * scheduler found none) are one box in the cluster that says so: `2 Pods not scheduled` (gallery review D23: a loose
 * `2 Pods` box beside the workers read as if they ran somewhere).
 *
 * Its names and states pair up (gallery review D50): the Pods of one workload count their states (`web · 1 Running,
 * 3 deleted`); Pods of several workloads in one state list the workloads (`db, node-agent · Running`); Pods of
 * several workloads in several states name the workloads of each state (`db, node-agent · 2 Running; web · 1
 * deleted`), never `db, node-agent, web · 2 Running, 1 deleted`, which does not say which was deleted.
 */
function foldNode(id: string, pods: PodEntry[], parent: string): GraphNode {
  const workloads = uniqueWorkloads(pods);
  const groups = stateGroups(pods);
  const unscheduled = parent === CLUSTER_ID;
  const label = pods.length === 1 ? summaryName(pods[0]!) : `${pods.length} Pods${unscheduled ? ' not scheduled' : ''}`;
  const [sub, shorter] =
    pods.length === 1
      ? [unscheduled ? `${groups[0]!.state} · not scheduled` : groups[0]!.state, []]
      : groups.length === 1
        ? oneState(workloads, groups[0]!.state)
        : workloads.length === 1
          ? [`${workloads[0]} · ${groups.map(countPhrase).join(', ')}`, shorterStates(workloads[0]!, groups)]
          : pairedStates(groups);
  return { id, label, sublabel: sub, ...(shorter.length > 0 ? { shorter } : {}), icon: 'pod', shape: 'component', parent, emphasis: foldEmphasis(pods), steps: [] };
}

/** The workloads of these Pods, in the order first seen. */
function uniqueWorkloads(pods: readonly PodEntry[]): string[] {
  return [...new Set(pods.map((p) => p.workload))];
}

interface StateGroup {
  state: string;
  emphasis: Emphasis;
  pods: PodEntry[];
}

const EMPHASIS_ORDER: readonly Emphasis[] = ['danger', 'warning', 'normal', 'faint'];

/** The Pods by state: the failed first, then the waiting (what went wrong must survive a shortened box), then most first, deleted last. */
function stateGroups(pods: PodEntry[]): StateGroup[] {
  const byState = new Map<string, StateGroup>();
  for (const p of pods) {
    const state = stateOf(p);
    const g = byState.get(state) ?? { state, emphasis: podEmphasis(p), pods: [] };
    g.pods.push(p);
    byState.set(state, g);
  }
  const rank = (g: StateGroup) => EMPHASIS_ORDER.indexOf(g.emphasis);
  return [...byState.values()].sort((a, b) => rank(a) - rank(b) || b.pods.length - a.pods.length || naturalCompare(a.state, b.state));
}

const countPhrase = (g: StateGroup): string => `${g.pods.length} ${g.state}`;

/** `db, node-agent · Running`, and shorter: workloads left out from the end (`db, +1 more · Running`), never the state. */
function oneState(workloads: readonly string[], state: string): [string, string[]] {
  const ks = workloads.map((_, i) => workloads.length - 1 - i).filter((k) => k > 0);
  return [`${workloads.join(', ')} · ${state}`, ks.map((k) => `${withMore(workloads.slice(0, k), workloads.length - k)} · ${state}`)];
}

/**
 * `flaky · 2 Error; batch, hello · 2 Completed; hello · 1 deleted`: each state's count after the workloads in it, the
 * failed first; shorter, the workloads of the last states left out (`flaky · 2 Error; 2 Completed, 1 deleted`), then
 * whole states (`flaky · 2 Error; +3 more`), so a failure and its workloads are never the part left out.
 */
function pairedStates(groups: readonly StateGroup[]): [string, string[]] {
  const pair = (g: StateGroup) => `${uniqueWorkloads(g.pods).join(', ')} · ${countPhrase(g)}`;
  const named = (k: number): string => [...groups.slice(0, k).map(pair), ...(k < groups.length ? [groups.slice(k).map(countPhrase).join(', ')] : [])].join('; ');
  const ks = groups.map((_, i) => groups.length - 1 - i).filter((k) => k > 0);
  const rest = groups.slice(1).reduce((sum, g) => sum + g.pods.length, 0);
  return [named(groups.length), [...ks.map(named), `${pair(groups[0]!)}; ${moreItem(rest)}`]];
}

/**
 * Shorter sublabels for a box of one workload too narrow for every state count, whole counts dropped from the end
 * (`2 Running, +1 more`), then without the workload: the layout takes the first that fits its lines (views/types.ts
 * GraphNode `shorter`), so a count never loses its word (gallery review D31: `2 … 1 ContainerCreating`).
 */
function shorterStates(workload: string, groups: StateGroup[]): string[] {
  const kept = (k: number): string => {
    const rest = groups.slice(k).reduce((sum, g) => sum + g.pods.length, 0);
    return withMore(groups.slice(0, k).map(countPhrase), rest);
  };
  const ks = groups.map((_, i) => groups.length - i);
  return [...ks.slice(1).map((k) => `${workload} · ${kept(k)}`), ...ks.map(kept)];
}

/**
 * A box of several Pods is red only when all of them failed: `5 Pods` · `hello · 2 Error, 2 Completed, 1 deleted` is
 * not a failure as a whole, and its text says what failed (issue 9, "red only for what failed"; gallery review D24:
 * each job-cronjob worker's box was red though most of its Pods had succeeded). Else the most urgent of the rest.
 */
function foldEmphasis(pods: PodEntry[]): Emphasis {
  const each = pods.map(podEmphasis);
  if (each.every((e) => e === 'danger')) return 'danger';
  return EMPHASIS_ORDER.find((e) => e !== 'danger' && each.includes(e)) ?? 'normal';
}

/**
 * Several Pods of one workload on a node, at summary: `web-0..2` (StatefulSet ordinals) or `web-canary ×2`, and
 * their state, or each state with its Pods, the failed first (`web-0 · Running; web-1 · deleted`).
 */
function workloadNode(id: string, workload: string, pods: PodEntry[], parent: string): GraphNode {
  const names = (group: readonly PodEntry[]) => ordinalLabel(workload, group.map((p) => p.name)) ?? group.map((p) => p.name).join(', ');
  const label = ordinalLabel(workload, pods.map((p) => p.name)) ?? `${workload} ×${pods.length}`;
  const groups = stateGroups(pods);
  const sub = groups.length === 1 ? groups[0]!.state : groups.map((g) => `${names(g.pods)} · ${g.state}`).join('; ');
  return { id, label, sublabel: sub, icon: 'pod', shape: 'component', parent, emphasis: foldEmphasis(pods), steps: [] };
}

/** Several Pods of one ReplicaSet in one state on a node: `3 Pods` · `web-7c5ddbdf54 · deleted`. */
function setNode(id: string, pods: PodEntry[], parent: string): GraphNode {
  const owner = pods[0]!.owner ? refName(pods[0]!.owner) : pods[0]!.workload;
  return { id, label: `${pods.length} Pods`, sublabel: `${owner} · ${stateOf(pods[0]!)}`, icon: 'pod', shape: 'component', parent, emphasis: podEmphasis(pods[0]!), steps: [] };
}

function podEmphasis(p: PodEntry): Emphasis {
  if (p.ghost || p.status === 'Terminating') return 'faint';
  if (isFailedStatus(p.status)) return 'danger';
  if (p.status === 'Completed' || p.status === 'Succeeded') return 'normal';
  if (p.status !== 'Running' || !p.ready) return 'warning';
  return 'normal';
}

/**
 * Containers inside their (shown) Pod: from the outcome where it knows the
 * Pod, else from the components. At `standard` a Pod with one container is
 * one box that names the container's image; at `full` every container has a box.
 */
function addContainers(input: NodeInput, pods: PodEntry[], drafts: Draft[], push: (n: GraphNode, rank: number, name?: string) => void, drawnAs: Map<string, string>): void {
  const outcome = new Map(input.trace.outcome.pods.map((p) => [`pod:${p.namespace}/${p.name}`, p]));
  const pod = new Map(pods.map((p) => [p.id, p]));
  const found = new Map<string, Map<string, { name: string; image?: string; emphasis: Emphasis }>>();
  const add = (podId: string, id: string, c: { name: string; image?: string; emphasis: Emphasis }): void => {
    if (drawnAs.get(podId) !== podId) {
      drawnAs.set(id, drawnAs.get(podId) ?? podId);
      return;
    }
    if (!found.has(podId)) found.set(podId, new Map());
    found.get(podId)!.set(id, c);
  };
  for (const c of input.index.values()) {
    if (c.kind !== 'container' || c.parent === undefined || !pod.has(c.parent)) continue;
    add(c.parent, c.id, { name: c.name, emphasis: pod.get(c.parent)!.ghost ? 'faint' : 'normal' });
  }
  for (const p of pods) {
    const o = outcome.get(p.id);
    if (o === undefined || p.ghost) continue;
    for (const c of o.containers) {
      const emphasis: Emphasis = p.status === 'Terminating' ? 'faint' : c.state === 'running' ? 'normal' : c.state === 'terminated' ? 'danger' : 'warning';
      add(p.id, `container:${o.namespace}/${o.name}/${c.name}`, { name: c.name, image: c.image, emphasis });
    }
  }
  for (const [podId, containers] of found) {
    if (input.detail === 'standard' && containers.size === 1) {
      const [id, c] = [...containers][0]!; // containers.size === 1 (checked above)
      drawnAs.set(id, podId);
      const node = drafts.find((d) => d.node.id === podId)!.node;
      const withImage = (text: string | undefined): string => [text, c.image ?? c.name].filter((x) => x).join(' · ');
      if (node.shorter !== undefined) node.shorter = [...node.shorter.map(withImage), ...node.shorter];
      node.sublabel = withImage(node.sublabel);
      continue;
    }
    for (const [id, c] of containers) push(containerNode(id, c.name, c.image, podId, c.emphasis), rankOf('container'), c.name);
  }
}

/** Pre-order walk: every parent before its children; siblings by rank, then natural name order. */
function parentsFirst(drafts: Draft[]): GraphNode[] {
  const ids = new Set(drafts.map((d) => d.node.id));
  const children = new Map<string | null, Draft[]>();
  for (const d of drafts) {
    const key = d.node.parent !== null && ids.has(d.node.parent) ? d.node.parent : null;
    if (key === null) d.node.parent = null;
    pushTo(children, key, d);
  }
  const out: GraphNode[] = [];
  const walk = (key: string | null): void => {
    const list = [...(children.get(key) ?? [])].sort((a, b) => a.rank - b.rank || naturalCompare(a.name, b.name) || naturalCompare(a.node.id, b.node.id));
    for (const d of list) {
      out.push(d.node);
      walk(d.node.id);
    }
  };
  walk(null);
  return out;
}
