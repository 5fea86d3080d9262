/**
 * kube-scheduler's queue and cycle: unscheduled pods arrive through its pod
 * watch, wait in the active queue, are scheduled one per cycle against the
 * scheduler's cache of nodes (the default plugins in ./scheduler/), bound with
 * a `pods/binding` POST, and — when nothing fits — reported with a
 * FailedScheduling event and parked until the cluster changes (then retried
 * with exponential backoff, 1 s doubling to 10 s).
 */
import { SCHEDULER } from '../apiserver/identity.ts';
import type { WatchEvent } from '../apiserver/types.ts';
import { LATENCY } from '../kernel/clock.ts';
import { clone, controllerOf, timestamp, type Obj } from '../core/object.ts';
import { resourceForKind } from '../core/resources.ts';
import { Client, minor, statusPatch, type World } from './world.ts';
import {
  ERR_PREFILTER_NO_NODE, NodeColumns, findPodVolumes, nodeInfoFor, podClaimNames, podClaims, podInfoFromSpec, podVolumeCheck, preFilterFailureMessage, schedulePod, volumeBindingPreFilter, withPod,
  type ClaimState, type NodeInfo, type PodInfo, type PodVolumeClaims, type StorageCapacity,
} from '../core/scheduler/index.ts';
import { BOUND_BY_CONTROLLER_ANNOTATION, SELECTED_NODE_ANNOTATION, claimOf, isVolumeBoundToClaim, volumeOf, type VolumeLike } from '../core/volumes.ts';
import { cpuMillis, memoryBytes } from '../core/algorithms/quantity.ts';
import { imageSize } from '../core/images.ts';
import { setCondition } from '../core/object-helpers.ts';
import { failedSchedulingForProfile } from '../core/profiles.ts';
import { type NodeObj, type PodStatus, asCSIDriver, asCSIStorageCapacity, asNode, asPod, asPv, asPvc, asStorageClass } from '../core/typed.ts';

export const SCHEDULER_ID = 'kube-scheduler';
const POD = resourceForKind('Pod')!;
const PVC = resourceForKind('PersistentVolumeClaim')!;
const PV = resourceForKind('PersistentVolume')!;
const BACKOFF_INITIAL = 1000;
const BACKOFF_MAX = 10_000;

interface Queued {
  key: string;
  cause: string;
  attempts: number;
}

export class KubeScheduler {
  private readonly client: Client;
  /** The active queue, FIFO: items before `activeHead` are taken (no Array.shift, which is O(n) on a long queue). */
  private active: Queued[] = [];
  private activeHead = 0;
  private readonly unschedulable = new Map<string, Queued>();
  private readonly nodes: NodeInfo[] = [];
  /** The nodes' figures in typed arrays, kept in step with `nodes` by each cycle (../core/scheduler/node-columns.ts). */
  private readonly columns = new NodeColumns();
  private readonly nodeIndex = new Map<string, number>();
  /** Pods the scheduler has placed (assumed or seen bound): pod key → node and requests. */
  private readonly placed = new Map<string, { node: string; info: PodInfo }>();
  /** The same, by node (rebuilding one node's info must not scan every pod). */
  private readonly placedOnNode = new Map<string, Map<string, PodInfo>>();
  /** Pods waiting in PreBind for their WaitForFirstConsumer claims to bind: pod key → what to do then. */
  private readonly waitingForVolumes = new Map<string, { claims: string[]; then: () => void }>();
  /** The volume binder's assume cache: volumes pre-bound in a cycle whose PV update has not come back yet → the claim (ns/name). */
  private readonly assumedVolumes = new Map<string, string>();
  private busy = false;
  private startIndex = 0;
  /** The Snapshot's summaries, kept up to date as nodes change (a cycle then does not walk every node for them). */
  private readonly imageNodes = new Map<string, number>();
  private readonly antiAffinityNodes = new Set<string>();

  constructor(private readonly w: World) {
    this.client = new Client(w, SCHEDULER_ID, SCHEDULER);
    w.rec.addComponent({ id: SCHEDULER_ID, kind: 'scheduler', name: 'kube-scheduler', host: 'control-plane', group: 'control-plane' });
    w.api.watch({
      component: SCHEDULER_ID,
      kinds: ['Pod'],
      filter: (o, t) => this.wants(o, t),
      handler: (e) => this.onPod(e),
    });
    w.api.watch({ component: SCHEDULER_ID, kinds: ['Node'], handler: (e) => this.onNode(e) });
    // The volume binder's PVC/PV informers: a claim that binds may unblock a pod (Pending or waiting in PreBind).
    w.api.watch({
      component: SCHEDULER_ID,
      kinds: ['PersistentVolumeClaim'],
      filter: (o, t, old) => t === 'MODIFIED' && asPvc(o).status?.phase === 'Bound' && (old && asPvc(old))?.status?.phase !== 'Bound' && (this.unschedulable.size > 0 || this.waitingForVolumes.size > 0),
      handler: (e) => this.onClaimBound(e),
    });
    // A claim created may fit a pod VolumeBinding rejected for its absence (EventsToRegister: PersistentVolumeClaim Add),
    // e.g. a generic ephemeral volume's claim, created by the ephemeral volume controller after the pod.
    w.api.watch({
      component: SCHEDULER_ID,
      kinds: ['PersistentVolumeClaim'],
      filter: (o, t) => t === 'ADDED' && this.waitsForClaim(o),
      handler: (e) => this.retryUnschedulable(e.cause),
    });
    // Storage capacity reported, or a driver opting in or out, may fit a pod VolumeBinding rejected (EventsToRegister: CSIStorageCapacity, CSIDriver Add|Update).
    w.api.watch({
      component: SCHEDULER_ID,
      kinds: ['CSIStorageCapacity', 'CSIDriver'],
      filter: (_o, t) => (t === 'ADDED' || t === 'MODIFIED') && this.unschedulable.size > 0,
      handler: (e) => this.retryUnschedulable(e.cause),
    });
    // A volume added or changed may fit a pod VolumeBinding rejected (EventsToRegister: PersistentVolume Add|Update).
    w.api.watch({
      component: SCHEDULER_ID,
      kinds: ['PersistentVolume'],
      filter: (_o, t) => (t === 'ADDED' || t === 'MODIFIED') && this.unschedulable.size > 0,
      handler: (e) => this.retryUnschedulable(e.cause),
    });
  }

  /** Builds the node cache from the nodes already registered (before the scenario starts). */
  primeNodes(nodes: Obj[]): void {
    for (const n of nodes) this.upsertNode(asNode(n));
  }

  private wants(obj: Obj, t: string): boolean {
    const o = asPod(obj);
    const key = podKey(o);
    if (t === 'DELETED') return this.placed.has(key) || this.unschedulable.has(key);
    if (o.spec?.schedulerName && o.spec.schedulerName !== 'default-scheduler') return false;
    if (o.metadata.deletionTimestamp) return false;
    if (o.spec?.nodeName) return !this.placed.has(key);
    return t === 'ADDED';
  }

  private onPod(e: WatchEvent): void {
    const o = asPod(e.object);
    const key = podKey(o);
    if (e.type === 'DELETED') {
      this.unschedulable.delete(key);
      if (this.forget(key)) this.retryUnschedulable(e.cause);
      return;
    }
    if (o.spec?.nodeName) {
      this.account(key, o.spec.nodeName, this.podInfo(o));
      return;
    }
    this.active.push({ key, cause: e.cause, attempts: 0 });
    this.kick();
  }

  private onNode(e: WatchEvent): void {
    if (e.type === 'DELETED') return this.removeNode(e.object.metadata.name);
    this.upsertNode(asNode(e.object));
    this.retryUnschedulable(e.cause);
  }

  private onClaimBound(e: WatchEvent): void {
    for (const [key, w] of [...this.waitingForVolumes]) {
      const ns = key.split('/')[0]!;
      if (w.claims.every((c) => this.claimState(ns, c).bound)) {
        this.waitingForVolumes.delete(key);
        w.then();
      }
    }
    this.retryUnschedulable(e.cause);
  }

  /** An unschedulable pod of the claim's namespace names it (the trace draws only deliveries that can change something). */
  private waitsForClaim(claim: Obj): boolean {
    const ns = claim.metadata.namespace ?? 'default';
    for (const key of this.unschedulable.keys()) {
      const [pns, pname] = key.split('/') as [string, string];
      if (pns !== ns) continue;
      const pod = this.w.api.cache.get('Pod', `/registry/pods/${pns}/${pname}`);
      if (pod && podClaimNames(pod).includes(claim.metadata.name)) return true;
    }
    return false;
  }

  private claimState(ns: string, name: string): ClaimState {
    const c = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${name}`);
    if (!c) return { exists: false, deleting: false, bound: false, delayed: false };
    const klass = c.spec?.storageClassName ? this.w.api.cache.get('StorageClass', `/registry/storageclasses/${c.spec.storageClassName}`) : undefined;
    // A claim that names its volume is bound like an Immediate one, whatever its class (GetPodVolumeClaims).
    const controller = controllerOf(c)?.uid;
    return {
      exists: true,
      deleting: Boolean(c.metadata.deletionTimestamp),
      bound: c.status?.phase === 'Bound' && Boolean(c.spec?.volumeName),
      delayed: klass?.volumeBindingMode === 'WaitForFirstConsumer' && !c.spec?.volumeName,
      ...(controller ? { controllerUid: controller } : {}),
    };
  }

  /** GetPodVolumeClaims from the informers' caches: bound claims with their volumes, delayed claims with their class's volumes. */
  private podVolumeClaims(ns: string, names: readonly string[]): PodVolumeClaims {
    const cache = this.w.api.cache;
    const out: PodVolumeClaims = { bound: [], delayed: [], volumesByClass: new Map() };
    const byClass = out.volumesByClass as Map<string, VolumeLike[]>;
    for (const name of names) {
      const c = cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${name}`);
      if (!c) continue;
      const st = this.claimState(ns, name);
      if (st.bound) {
        const pv = cache.get('PersistentVolume', `/registry/persistentvolumes/${c.spec?.volumeName}`);
        out.bound.push({ claim: name, ...(pv ? { volume: volumeOf(pv) } : {}) });
        continue;
      }
      if (!st.delayed) continue;
      const claim = claimOf(c);
      const klass = cache.get('StorageClass', `/registry/storageclasses/${claim.storageClassName}`);
      const selected = c.metadata.annotations?.[SELECTED_NODE_ANNOTATION];
      const topologies = klass && asStorageClass(klass).allowedTopologies;
      out.delayed.push({
        claim,
        ...(selected !== undefined ? { selectedNode: selected } : {}),
        provisioner: String(klass?.provisioner ?? ''),
        ...(topologies && topologies.length > 0 ? { allowedTopologies: topologies } : {}),
      });
      if (!byClass.has(claim.storageClassName)) {
        const vols = cache
          .list('PersistentVolume')
          .map(volumeOf)
          .filter((v) => v.storageClassName === claim.storageClassName)
          .map((v) => {
            const assumed = this.assumedVolumes.get(v.name);
            if (!assumed || v.claimRef) return v;
            const [ans, aname] = assumed.split('/') as [string, string];
            return { ...v, claimRef: { namespace: ans, name: aname } };
          })
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        byClass.set(claim.storageClassName, vols);
      }
    }
    if (out.delayed.length > 0) {
      // The capacity check's informers: CSIDrivers that opt into storage capacity, and the CSIStorageCapacity objects.
      const drivers = new Set(cache.list('CSIDriver').filter((d) => asCSIDriver(d).spec?.storageCapacity === true).map((d) => d.metadata.name));
      if (drivers.size > 0) out.capacity = { drivers, capacities: cache.list('CSIStorageCapacity').map(capacityOf) };
    }
    return out;
  }

  private upsertNode(n: NodeObj): void {
    const alloc = n.status?.allocatable ?? {};
    const images: Record<string, number> = {};
    for (const img of n.status?.images ?? []) for (const name of img.names ?? []) images[name] = img.sizeBytes ?? imageSize(name);
    const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    const taints = [...(n.spec?.taints ?? [])];
    if (!ready && !taints.some((t) => t.key === 'node.kubernetes.io/not-ready')) taints.push({ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' });
    const pods = [...(this.placedOnNode.get(n.metadata.name)?.values() ?? [])];
    const info = nodeInfoFor(
      {
        name: n.metadata.name,
        labels: n.metadata.labels ?? {},
        taints,
        unschedulable: Boolean(n.spec?.unschedulable),
        allocatable: { cpuMillis: cpuMillis(alloc.cpu ?? '0'), memoryBytes: memoryBytes(alloc.memory ?? '0'), pods: Number(alloc.pods ?? 110) },
        images,
      },
      pods,
    );
    const i = this.nodeIndex.get(n.metadata.name);
    if (i === undefined) {
      this.nodeIndex.set(n.metadata.name, this.nodes.length);
      this.nodes.push(info);
    } else {
      for (const img of Object.keys(this.nodes[i]!.images)) this.imageNodes.set(img, this.imageNodes.get(img)! - 1);
      this.nodes[i] = info;
    }
    for (const img of Object.keys(images)) this.imageNodes.set(img, (this.imageNodes.get(img) ?? 0) + 1);
    this.noteAntiAffinity(info);
  }

  /**
   * A Node deleted (cache.RemoveNode): it leaves the node tree, so no later
   * cycle considers it. The pods still bound to it stay accounted to it until
   * their deletion is seen (the pod garbage collector's).
   */
  private removeNode(name: string): void {
    const i = this.nodeIndex.get(name);
    if (i === undefined) return;
    for (const img of Object.keys(this.nodes[i]!.images)) this.imageNodes.set(img, this.imageNodes.get(img)! - 1);
    this.nodes.splice(i, 1);
    this.nodeIndex.delete(name);
    for (let j = i; j < this.nodes.length; j++) this.nodeIndex.set(this.nodes[j]!.name, j);
    this.antiAffinityNodes.delete(name);
  }

  private noteAntiAffinity(info: NodeInfo): void {
    if (info.hasRequiredAntiAffinityPods === false) this.antiAffinityNodes.delete(info.name);
    else this.antiAffinityNodes.add(info.name);
  }

  private account(key: string, node: string, info: PodInfo): void {
    this.placed.set(key, { node, info });
    let onNode = this.placedOnNode.get(node);
    if (!onNode) this.placedOnNode.set(node, (onNode = new Map()));
    onNode.set(key, info);
    const i = this.nodeIndex.get(node);
    if (i !== undefined) this.noteAntiAffinity((this.nodes[i] = withPod(this.nodes[i]!, info)));
  }

  private forget(key: string): boolean {
    const p = this.placed.get(key);
    if (!p) return false;
    this.placed.delete(key);
    this.placedOnNode.get(p.node)?.delete(key);
    const n = this.w.api.cache.get('Node', `/registry/minions/${p.node}`);
    if (n) this.upsertNode(n);
    return true;
  }

  private retryUnschedulable(cause: string): void {
    if (this.unschedulable.size === 0) return;
    const pods = [...this.unschedulable.values()];
    this.unschedulable.clear();
    for (const q of pods) {
      const delay = Math.min(BACKOFF_MAX, BACKOFF_INITIAL * 2 ** Math.max(0, q.attempts - 1));
      this.w.clock.after(delay, () => {
        this.active.push({ ...q, cause });
        this.kick();
      });
    }
  }

  private kick(): void {
    if (this.busy || this.activeHead === this.active.length) return;
    this.busy = true;
    this.w.clock.after(LATENCY.schedulingCycle, () => {
      const q = this.active[this.activeHead++]!;
      if (this.activeHead === this.active.length) {
        this.active = [];
        this.activeHead = 0;
      } else if (this.activeHead >= 1024 && this.activeHead * 2 >= this.active.length) {
        this.active = this.active.slice(this.activeHead);
        this.activeHead = 0;
      }
      this.cycle(q);
      this.busy = false;
      this.kick();
    });
  }

  /** One scheduling cycle; binding continues asynchronously (as the binding cycle does). */
  private cycle(q: Queued): void {
    const [ns, name] = q.key.split('/') as [string, string];
    const pod = this.w.api.cache.get('Pod', `/registry/pods/${ns}/${name}`);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    const info = this.podInfo(pod);
    const volumes = volumeBindingPreFilter(podClaims(pod), (c) => this.claimState(ns, c), { namespace: ns, name, ...(pod.metadata.uid ? { uid: pod.metadata.uid } : {}) });
    const rec0 = this.w.rec;
    if (!volumes.ok) {
      const message = preFilterFailureMessage(this.nodes.length, volumes.reason);
      const id = rec0.emit({ type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'filter', result: 'error', summary: `prefilter: VolumeBinding rejects ${name}`, detail: message, cause: q.cause });
      return this.fail(pod, { ...q, attempts: q.attempts + 1 }, failedSchedulingForProfile(message, this.w.kubernetes), id);
    }
    const claimNames = podClaimNames(pod);
    let podVolumes: PodVolumeClaims | undefined;
    let sched = info;
    if (claimNames.length > 0) {
      podVolumes = this.podVolumeClaims(ns, claimNames);
      let check = podVolumeCheck(podVolumes);
      // VolumeBinding returns a PreFilterResult from 1.27 (PR 109877); before, bound local volumes are only checked by its Filter.
      if (minor(this.w) < 27 && check.eligibleNodes !== undefined) check = { reasons: check.reasons };
      if (check.eligibleNodes?.size === 0) {
        // An empty PreFilterResult: the framework rejects the pod before any Filter.
        const message = preFilterFailureMessage(this.nodes.length, ERR_PREFILTER_NO_NODE);
        const id = rec0.emit({ type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'filter', result: 'error', summary: `prefilter: VolumeBinding leaves no node for ${name}`, detail: message, cause: q.cause });
        return this.fail(pod, { ...q, attempts: q.attempts + 1 }, failedSchedulingForProfile(message, this.w.kubernetes), id);
      }
      sched = { ...info, volumes: check };
    }
    const prng = this.w.prng('scheduler');
    const summaries = { imageNodes: this.imageNodes, antiAffinityNodes: [...this.antiAffinityNodes].map((n) => this.nodes[this.nodeIndex.get(n)!]!) };
    const res = schedulePod(sched, this.nodes, { startIndex: this.startIndex, rand: (n) => prng.int(n), summaries, columns: this.columns });
    this.startIndex = res.nextStartIndex;
    const rec = this.w.rec;
    if (!res.ok) {
      const id = rec.emit({
        type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'filter', result: 'error',
        summary: `filter: no node fits ${name}`, detail: res.message, cause: q.cause, attrs: failureAttrs(res.filtered),
      });
      // Before 1.24 the message has no preemption part (./profiles.ts).
      return this.fail(pod, { ...q, attempts: q.attempts + 1 }, failedSchedulingForProfile(res.message, this.w.kubernetes), id);
    }
    const filterId = rec.emit({
      type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'filter',
      summary: `filter: ${res.evaluated - new Set(res.filtered.map((f) => f.node)).size}/${this.nodes.length} nodes fit ${name}`,
      cause: q.cause, attrs: { evaluated: res.evaluated, ...failureAttrs(res.filtered) },
    });
    const best = res.top(5);
    const scoreId = rec.emit({
      type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'score',
      summary: `score: ${res.node} wins`, cause: filterId,
      attrs: Object.fromEntries(best.map((s) => [`score.${s.node}`, s.total])),
    });
    this.account(q.key, res.node, info);
    if (volumes.delayed.length > 0 && podVolumes) return this.bindVolumes(pod, res.node, volumes.delayed, podVolumes, scoreId);
    const bindId = rec.emit({ type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'bind', summary: `bind ${name} to ${res.node}`, cause: scoreId });
    this.bind(pod, res.node, bindId);
  }

  /**
   * VolumeBinding Reserve + PreBind for WaitForFirstConsumer claims: a claim
   * for which the chosen node has a matching volume gets it pre-bound (the
   * volume's claimRef, AssumePodVolumes/bindAPIUpdate; the PV controller
   * completes the binding); the others get the chosen node written on them
   * (`volume.kubernetes.io/selected-node`), so the provisioner creates the
   * volume there. The pod is bound once every claim is bound.
   */
  private bindVolumes(pod: Obj, node: string, claims: string[], podVolumes: PodVolumeClaims, cause: string): void {
    const ns = pod.metadata.namespace ?? 'default';
    const key = podKey(pod);
    const labels = this.w.api.cache.get('Node', `/registry/minions/${node}`)?.metadata.labels ?? {};
    const decided = findPodVolumes(podVolumes, { name: node, labels });
    const statics = new Map(decided.staticBindings.map((b) => [b.claim, b.volume]));
    for (const [claim, volume] of statics) this.assumedVolumes.set(volume, `${ns}/${claim}`);
    const what = statics.size > 0 ? `${statics.size} volume(s) pre-bound, ${claims.length - statics.size} claim(s) provisioned` : `${claims.length} claim(s) of ${pod.metadata.name} wait for a volume`;
    const id = this.w.rec.emit({ type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'bind', summary: `prebind: ${what} on ${node}`, cause });
    let last = id;
    const bindPod = () => {
      const bindId = this.w.rec.emit({ type: 'phase', from: SCHEDULER_ID, to: SCHEDULER_ID, phase: 'bind', summary: `bind ${pod.metadata.name} to ${node}`, cause: last });
      this.bind(pod, node, bindId);
    };
    let left = claims.length;
    const answered = (eventId: string | undefined) => {
      if (eventId) last = eventId;
      if (--left > 0) return;
      if (claims.every((n) => this.claimState(ns, n).bound)) return bindPod();
      this.waitingForVolumes.set(key, { claims, then: bindPod });
    };
    for (const c of claims) {
      const volume = statics.get(c);
      if (volume !== undefined) {
        const claimObj = this.w.api.cache.get('PersistentVolumeClaim', `/registry/persistentvolumeclaims/${ns}/${c}`);
        const claim = claimObj ? claimOf(claimObj) : undefined;
        this.client.call(
          {
            verb: 'patch', resource: PV, name: volume, cause: id, note: `claimRef ${ns}/${c}`,
            patch: (live) => {
              if (!claim || !claimObj) return null;
              // GetBindVolumeToClaim: the claim's reference, and bound-by-controller unless a user pre-bound it.
              const pv = asPv(live);
              const next = clone(pv);
              const prebound = isVolumeBoundToClaim(volumeOf(pv), claim);
              if (!prebound || pv.spec?.claimRef?.uid !== claim.uid) {
                next.spec = { ...(next.spec ?? {}), claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: c, namespace: ns, resourceVersion: claimObj.metadata.resourceVersion, uid: claim.uid } };
              }
              if (!prebound && !next.metadata.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION]) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [BOUND_BY_CONTROLLER_ANNOTATION]: 'yes' };
              return JSON.stringify(next) === JSON.stringify(live) ? null : next;
            },
          },
          (res) => {
            this.assumedVolumes.delete(volume);
            answered(res.eventId);
          },
        );
        continue;
      }
      this.client.call(
        {
          verb: 'patch', resource: PVC, namespace: ns, name: c, cause: id, note: `selected-node ${node}`,
          patch: (live) => {
            if (live.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === node) return null;
            const next = clone(live);
            next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SELECTED_NODE_ANNOTATION]: node };
            return next;
          },
        },
        (res) => answered(res.eventId),
      );
    }
  }

  private bind(pod: Obj, node: string, cause: string): void {
    const binding: Obj = {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: timestamp(this.w.clock.now()) },
      target: { apiVersion: 'v1', kind: 'Node', name: node },
    };
    this.client.call(
      { verb: 'create', resource: POD, namespace: pod.metadata.namespace, name: pod.metadata.name, subresource: 'binding', body: binding, cause, note: `${pod.metadata.name} → ${node}` },
      (res) => {
        if (res.status !== 201) {
          this.forget(podKey(pod));
          return;
        }
        this.client.event(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node}`, { component: 'default-scheduler' }, res.eventId);
      },
    );
  }

  private fail(pod: Obj, q: Queued, message: string, cause: string): void {
    this.unschedulable.set(q.key, q);
    this.client.event(pod, 'Warning', 'FailedScheduling', message, { component: 'default-scheduler' }, cause, () => {
      this.client.call(
        statusPatch(POD, pod.metadata, (live) => {
          const status: PodStatus = asPod(live).status ?? {};
          const conds = setCondition(status.conditions ?? [], { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }, timestamp(this.w.clock.now()));
          const next = { ...status, phase: status.phase ?? 'Pending', conditions: conds.map((c) => ({ ...c, lastProbeTime: null })) };
          if (JSON.stringify(next) === JSON.stringify(live.status)) return null;
          return { ...clone(live), status: next };
        }, cause),
      );
    });
  }

  private podInfo(o: Obj): PodInfo {
    return podInfoFromSpec({ namespace: o.metadata.namespace ?? 'default', name: o.metadata.name, labels: o.metadata.labels ?? {} }, o.spec ?? {});
  }
}

function podKey(o: Obj): string {
  return `${o.metadata.namespace}/${o.metadata.name}`;
}

/** Why nodes were filtered out, as scalar attrs (`filtered.worker-1: "Insufficient cpu"`), at most 10. */
function failureAttrs(filtered: { node: string; reason: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of filtered.slice(0, 10)) out[`filtered.${f.node}`] = out[`filtered.${f.node}`] ? `${out[`filtered.${f.node}`]}; ${f.reason}` : f.reason;
  return out;
}

/** A CSIStorageCapacity object as the capacity check reads it. */
function capacityOf(o: Obj): StorageCapacity {
  const c = asCSIStorageCapacity(o);
  return {
    storageClassName: c.storageClassName ?? '',
    ...(c.nodeTopology ? { nodeTopology: c.nodeTopology } : {}),
    ...(c.capacity !== undefined ? { capacityBytes: memoryBytes(c.capacity) } : {}),
    ...(c.maximumVolumeSize !== undefined ? { maximumVolumeSizeBytes: memoryBytes(c.maximumVolumeSize) } : {}),
  };
}
