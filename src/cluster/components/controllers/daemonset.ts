/**
 * The DaemonSet controller (pkg/controller/daemon): one pod per eligible node.
 * For each node it decides with NodeShouldRunDaemonPod (../../core/daemonset.ts)
 * whether a daemon pod should run there, creates the missing ones (generateName
 * `<ds>-`, pinned to the node by a required node affinity on metadata.name that
 * the default scheduler honours, with the daemon tolerations added), deletes
 * the ones on nodes that stopped matching and the surplus, snapshots the
 * template into a ControllerRevision `<ds>-<hash>` (label
 * controller-revision-hash on every pod), replaces old pods with RollingUpdate
 * (maxUnavailable / maxSurge) or leaves them to the user with OnDelete, and
 * writes status (desired/current/ready/updated/available numbers).
 * Events as the controller records them: SuccessfulCreate "Created pod: …",
 * SuccessfulDelete "Deleted pod: …", FailedDaemonPod "Found failed daemon pod
 * <ns>/<pod> on node <node>, will try to kill it". A failed daemon pod is
 * deleted (and re-created at the next sync) under the controller's
 * failedPodsBackoff (flowcontrol.NewBackOff(1s, 15min), see FailedPodsBackoff).
 */
import { parallel, series, type Task } from '../../core/async.ts';
import { clone, EPOCH_MS, ownerRef, type Obj } from '../../core/object.ts';
import { backgroundAfter } from '../timers.ts';
import { resourceForKind } from '../../core/resources.ts';
import { computePodTemplateHash } from '../../core/algorithms/podTemplateHash.ts';
import { daemonSetHistoryToDelete } from '../../core/algorithms/history.ts';
import { daemonPodSpec, nodeShouldRunDaemonPod, rollingUpdateBudget, rollingUpdatePlan, type NodePods } from '../../core/daemonset.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodAvailable, isPodReady, keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
import { asNode, asPod, type DaemonSetObj, type DaemonSetStatus, type NodeObj, type PodObj } from '../../core/typed.ts';
import { isPodPhaseTerminal } from '../../core/pod-phase.ts';

const POD = resourceForKind('Pod')!;
const DS = resourceForKind('DaemonSet')!;
const REVISION = resourceForKind('ControllerRevision')!;
export const DS_HASH_LABEL = 'controller-revision-hash';
const TEMPLATE_GENERATION_LABEL = 'pod-template-generation';

/** util.GetTargetNodeName: the node a daemon pod is bound to, or pinned to by its node affinity. */
export function targetNode(p: PodObj): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName;
  const terms = p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  return undefined;
}

/**
 * client-go util/flowcontrol.Backoff without jitter, as the DaemonSet
 * controller builds it (NewDaemonSetsController: failedPodsBackoff =
 * flowcontrol.NewBackOff(1*time.Second, 15*time.Minute)). Times in simulated
 * milliseconds. Next starts an entry at 1 s, or doubles it up to 15 min; an
 * entry not updated for more than 2 × 15 min has expired (hasExpired), so the
 * next failure starts again at 1 s (what the controller's once-a-minute
 * failedPodsBackoff.GC also achieves).
 */
export class FailedPodsBackoff {
  static readonly INITIAL_MS = 1_000;
  static readonly MAX_MS = 15 * 60_000;
  private readonly entries = new Map<string, { backoff: number; lastUpdate: number }>();

  private expired(e: { lastUpdate: number }, now: number): boolean {
    return now - e.lastUpdate > 2 * FailedPodsBackoff.MAX_MS;
  }

  /** Backoff.Get: the current delay of `id` (0 without an entry). */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  /** Backoff.Next: records a failure of `id` at `now`. */
  next(id: string, now: number): void {
    const e = this.entries.get(id);
    const backoff = !e || this.expired(e, now) ? FailedPodsBackoff.INITIAL_MS : Math.min(e.backoff * 2, FailedPodsBackoff.MAX_MS);
    this.entries.set(id, { backoff, lastUpdate: now });
  }

  /** Backoff.IsInBackOffSinceUpdate: `now` is less than the current delay after the last update. */
  isInBackOffSinceUpdate(id: string, now: number): boolean {
    const e = this.entries.get(id);
    if (!e || this.expired(e, now)) return false;
    return now - e.lastUpdate < e.backoff;
  }
}

/** failedPodsBackoffKey: `<ds uid>/<status.observedGeneration>/<node>` (a new generation starts afresh). */
export function failedPodsBackoffKey(ds: DaemonSetObj, node: string): string {
  return `${ds.metadata.uid ?? ''}/${ds.status?.observedGeneration ?? 0}/${node}`;
}

const byAge = (a: Obj, b: Obj): number => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name);

export class DaemonSetController extends Controller {
  constructor(w: World) {
    super(w, 'daemonset-controller');
    this.watch({
      kinds: ['DaemonSet'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => ownerKey(o, 'DaemonSet') !== undefined && (t !== 'MODIFIED' || podChanged(o, old)),
      handler: (e) => this.enqueue(ownerKey(e.object, 'DaemonSet')!, e.cause),
    });
    // A node added, relabelled, tainted or cordoned: every DaemonSet looks again (nodeShouldRunDaemonPod may have changed).
    this.watch({
      kinds: ['Node'],
      filter: (o, t, old) => this.w.api.cache.list('DaemonSet').length > 0 && (t !== 'MODIFIED' || nodeChanged(o, old)),
      handler: (e) => {
        for (const ds of this.w.api.cache.list('DaemonSet').sort((a, b) => keyOf(a).localeCompare(keyOf(b)))) this.enqueue(keyOf(ds), e.cause);
      },
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const ds = this.w.api.cache.get('DaemonSet', key);
    if (!ds || ds.metadata.deletionTimestamp) return done();
    const hash = computePodTemplateHash(ds.spec.template ?? {}, ds.status?.collisionCount);
    this.ensureRevision(ds, hash, cause, () => {
      const live = this.w.api.cache.get('DaemonSet', key);
      if (!live) return done();
      const plan = this.manage(live, key, hash, cause);
      const work: Task[] = [];
      // podsShouldBeOnNode: Warning FailedDaemonPod for each failed pod it is about to delete.
      for (const f of plan.failed) this.client.event(live, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${f.metadata.namespace}/${f.metadata.name} on node ${targetNode(f) ?? ''}, will try to kill it`, this.source(), cause);
      if (plan.create.length > 0) work.push((next) => this.createPods(live, plan.create, hash, cause, next));
      if (plan.delete.length > 0) work.push((next) => this.deletePods(live, plan.delete, cause, next));
      // The rolling update runs once the manage loop's own creations and deletions are observed (expectations).
      if (work.length === 0 && (live.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
        const nodes = this.nodePods(live, hash);
        const budget = rollingUpdateBudget(live.spec.updateStrategy?.rollingUpdate, nodes.filter((n) => n.run).length);
        const r = rollingUpdatePlan(nodes, budget);
        const pods = this.pods(live);
        if (r.surgeNodes.length > 0) work.push((next) => this.createPods(live, r.surgeNodes, hash, cause, next));
        if (r.deletePods.length > 0) work.push((next) => this.deletePods(live, r.deletePods.map((n) => pods.find((p) => p.metadata.name === n)!).filter(Boolean), cause, next));
      }
      // updateDaemonSet: manage, rollingUpdate, then cleanupHistory; then the status.
      work.push((next) => this.cleanupHistory(live, hash, cause, next));
      series(work, () => this.syncStatus(key, hash, cause, done));
    });
  }

  /** cleanupHistory: old ControllerRevisions beyond spec.revisionHistoryLimit (default 10) that no daemon pod (terminal ones included) still uses. */
  private cleanupHistory(ds: DaemonSetObj, hash: string, cause: string, done: () => void): void {
    const old = this.w.api.cache
      .ownedOfKind(ds.metadata.uid!, 'ControllerRevision')
      .filter((r) => r.metadata.labels?.[DS_HASH_LABEL] !== hash)
      .map((r) => ({ name: r.metadata.name, revision: Number(r['revision'] ?? 0), hash: r.metadata.labels?.[DS_HASH_LABEL] }));
    const liveHashes = new Set(this.w.api.cache.ownedOfKind(ds.metadata.uid!, 'Pod').map((p) => p.metadata.labels?.[DS_HASH_LABEL] ?? '').filter((h) => h !== ''));
    const doomed = daemonSetHistoryToDelete(old, liveHashes, ds.spec.revisionHistoryLimit ?? 10);
    const tasks: Task[] = doomed.map((name) => (next) => this.client.call({ verb: 'delete', resource: REVISION, namespace: ds.metadata.namespace, name, cause, note: `${name} (revisionHistoryLimit)` }, () => next()));
    series(tasks, done);
  }

  /** The DaemonSet's pods that are not being deleted. */
  private pods(ds: DaemonSetObj): PodObj[] {
    return this.w.api.cache.ownedOfKind(ds.metadata.uid!, 'Pod').filter((p) => !p.metadata.deletionTimestamp);
  }

  private nodes(): NodeObj[] {
    return this.w.api.cache.list('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  private shouldRun(ds: DaemonSetObj, node: NodeObj): { run: boolean; keep: boolean } {
    return nodeShouldRunDaemonPod({ name: node.metadata.name, labels: node.metadata.labels ?? {}, taints: node.spec?.taints ?? [] }, ds.spec.template?.spec);
  }

  private nodePods(ds: DaemonSetObj, hash: string): NodePods[] {
    const pods = this.pods(ds);
    return this.nodes().map((n) => ({
      node: n.metadata.name,
      run: this.shouldRun(ds, n).run,
      pods: pods
        .filter((p) => targetNode(p) === n.metadata.name)
        .sort(byAge)
        // rollingUpdate: podutil.IsPodAvailable(pod, ds.Spec.MinReadySeconds, now).
        .map((p) => ({ name: p.metadata.name, updated: p.metadata.labels?.[DS_HASH_LABEL] === hash, available: isPodAvailable(p, ds.spec.minReadySeconds ?? 0, EPOCH_MS + this.w.clock.now()) })),
    }));
  }

  private readonly failedPodsBackoff = new FailedPodsBackoff();

  /**
   * manage + podsShouldBeOnNode: nodes that need a pod, and pods to delete
   * (node no longer eligible, failed, or surplus). A failed pod is deleted
   * only when its node's failedPodsBackoff is not running (then Next doubles
   * it); while it runs, the pod stays (no replacement is created, the node
   * still has a daemon pod) and the set is queued again after the current
   * delay (enqueueDaemonSetAfter(ds, failedPodsBackoff.Get(key))).
   */
  private manage(ds: DaemonSetObj, key: string, hash: string, cause: string): { create: string[]; delete: PodObj[]; failed: PodObj[] } {
    const pods = this.pods(ds);
    const surge = (ds.spec.updateStrategy?.type ?? 'RollingUpdate') === 'RollingUpdate' && rollingUpdateBudget(ds.spec.updateStrategy?.rollingUpdate, 1).maxSurge > 0;
    const create: string[] = [];
    const del: PodObj[] = [];
    const failedToKill: PodObj[] = [];
    const nodeNames = new Set<string>();
    for (const node of this.nodes()) {
      const name = node.metadata.name;
      nodeNames.add(name);
      const { run, keep } = this.shouldRun(ds, node);
      const here = pods.filter((p) => targetNode(p) === name).sort(byAge);
      const failed = here.filter((p) => p.status?.phase === 'Failed');
      const running = here.filter((p) => p.status?.phase !== 'Failed');
      if (run && here.length === 0) create.push(name);
      else if (keep) {
        for (const p of failed) {
          const backoffKey = failedPodsBackoffKey(ds, name);
          const now = this.w.clock.now();
          if (this.failedPodsBackoff.isInBackOffSinceUpdate(backoffKey, now)) {
            this.enqueueAfter(ds, key, this.failedPodsBackoff.get(backoffKey), cause);
            continue;
          }
          this.failedPodsBackoff.next(backoffKey, now);
          failedToKill.push(p);
          del.push(p);
        }
        if (running.length === 0 && run && failed.length > 0) continue; // re-created after the failed one is gone
        if (!surge) del.push(...running.slice(1));
        else {
          // While surging, the oldest updated pod and the oldest old pod may both stay.
          const updated = running.filter((p) => p.metadata.labels?.[DS_HASH_LABEL] === hash);
          const old = running.filter((p) => p.metadata.labels?.[DS_HASH_LABEL] !== hash);
          del.push(...updated.slice(1), ...(updated.length > 0 && old.length > 0 ? old.slice(1) : old.slice(1)));
        }
      } else del.push(...here);
    }
    // getUnscheduledPodsWithoutNode: pods pinned to a node that is gone and never
    // bound. A bound pod on a deleted node is the pod garbage collector's
    // (gcOrphaned, ./podgc.ts), not this controller's.
    for (const p of pods) {
      const n = targetNode(p);
      if (n !== undefined && !nodeNames.has(n) && !p.spec?.nodeName) del.push(p);
    }
    return { create, delete: del, failed: failedToKill };
  }

  /** Due times of the pending back-off re-syncs, per key (the delaying queue keeps the earliest). */
  private readonly backoffDue = new Map<string, number>();

  /** enqueueDaemonSetAfter: queue the set again after `delay` ms (a background timer: it fires when time is let pass). */
  private enqueueAfter(ds: DaemonSetObj, key: string, delay: number, cause: string): void {
    const due = this.w.clock.now() + delay;
    const pending = this.backoffDue.get(key);
    if (pending !== undefined && pending <= due) return;
    this.backoffDue.set(key, due);
    backgroundAfter(this.w, delay, () => {
      if (this.backoffDue.get(key) !== due) return;
      this.backoffDue.delete(key);
      if (!this.w.api.cache.get('DaemonSet', key)) return;
      const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: 'daemonset-failed-pod-backoff', summary: `failed-pod back-off (${delay / 1000}s) of daemonset/${ds.metadata.name} over: sync again`, cause });
      this.enqueue(key, t);
    });
  }

  /** constructHistory/snapshot: the ControllerRevision `<ds>-<hash>` of the current template. */
  private ensureRevision(ds: DaemonSetObj, hash: string, cause: string, done: () => void): void {
    const revs = this.w.api.cache.ownedOfKind(ds.metadata.uid!, 'ControllerRevision');
    if (revs.some((r) => r.metadata.labels?.[DS_HASH_LABEL] === hash)) return done();
    const revision = revs.reduce((m, r) => Math.max(m, Number(r.revision ?? 0)), 0) + 1;
    // ControllerRevision.data is a RawExtension (the template patch), not the ConfigMap string map Obj types `data` as: it goes in as an untyped member.
    const payload: Record<string, unknown> = { data: { spec: { template: { ...clone(ds.spec.template ?? {}), $patch: 'replace' } } }, revision };
    const body: Obj = {
      ...payload,
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name: `${ds.metadata.name}-${hash}`,
        namespace: ds.metadata.namespace,
        labels: { ...(ds.spec.template?.metadata?.labels ?? {}), [DS_HASH_LABEL]: hash },
        ownerReferences: [ownerRef(ds)],
      },
    };
    this.client.call({ verb: 'create', resource: REVISION, namespace: ds.metadata.namespace, body, cause }, () => done());
  }

  private createPods(ds: DaemonSetObj, nodes: string[], hash: string, cause: string, done: () => void): void {
    // controller.slowStartBatch: 1, 2, 4 … pods at a time.
    const batches: string[][] = [];
    for (let i = 0, size = 1; i < nodes.length; i += size, size *= 2) batches.push(nodes.slice(i, i + size));
    series(batches.map((b) => (next: () => void) => parallel(b.map((n) => (one: () => void) => this.createPod(ds, n, hash, cause, one)), next)), done);
  }

  private createPod(ds: DaemonSetObj, node: string, hash: string, cause: string, done: () => void): void {
    const t = ds.spec.template ?? {};
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `${ds.metadata.name}-`,
        namespace: ds.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}), [DS_HASH_LABEL]: hash, [TEMPLATE_GENERATION_LABEL]: String(ds.metadata.generation ?? 1) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(ds)],
      },
      spec: daemonPodSpec(t.spec, node),
    };
    this.client.call({ verb: 'create', resource: POD, namespace: ds.metadata.namespace, body: pod, cause, note: `for ${node}` }, (res) => {
      if (res.status === 201 && res.object) this.client.event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${res.object.metadata.name}`, this.source(), res.eventId);
      // RealPodControl.createPods: Warning FailedCreate "Error creating: <the API error>".
      else this.client.event(ds, 'Warning', 'FailedCreate', `Error creating: ${res.message ?? res.reason ?? res.status}`, this.source(), res.eventId);
      done();
    });
  }

  private deletePods(ds: DaemonSetObj, pods: PodObj[], cause: string, done: () => void): void {
    parallel(
      pods.map((p) => (next: () => void) =>
        this.client.call({ verb: 'delete', resource: POD, namespace: p.metadata.namespace, name: p.metadata.name, cause }, (res) => {
          if (res.status === 200) this.client.event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, this.source(), res.eventId);
          next();
        }),
      ),
      done,
    );
  }

  /** updateDaemonSetStatus: `if ds.Spec.MinReadySeconds > 0 && numberReady != numberAvailable` the set is queued again after minReadySeconds. */
  private requeueForMinReady(ds: DaemonSetObj, key: string, status: DaemonSetStatus, cause: string): void {
    const minReady = ds.spec.minReadySeconds ?? 0;
    if (minReady <= 0 || status.numberReady === (status.numberAvailable ?? 0)) return;
    this.requeueAfterMinReady('DaemonSet', key, ds.metadata.name, minReady, cause);
  }

  private syncStatus(key: string, hash: string, cause: string, done: () => void): void {
    const ds = this.w.api.cache.get('DaemonSet', key);
    if (!ds) return done();
    const status = daemonSetStatus(
      this.nodes().map((n) => ({ run: this.shouldRun(ds, n).run, pods: this.w.api.cache.ownedOfKind(ds.metadata.uid!, 'Pod').filter((p) => targetNode(p) === n.metadata.name && !(p.metadata.deletionTimestamp && terminal(p))).sort(byAge) })),
      hash,
      ds.spec.minReadySeconds ?? 0,
      EPOCH_MS + this.w.clock.now(),
    );
    this.requeueForMinReady(ds, key, status, cause);
    const next: DaemonSetStatus = { ...status, observedGeneration: ds.metadata.generation };
    if (ds.status?.collisionCount !== undefined) next.collisionCount = ds.status.collisionCount;
    if (JSON.stringify(next) === JSON.stringify(ds.status ?? {})) return done();
    this.client.call({ verb: 'update', resource: DS, namespace: ds.metadata.namespace, name: ds.metadata.name, subresource: 'status', body: { ...ds, status: next }, cause }, () => done());
  }
}

function terminal(p: PodObj): boolean {
  return isPodPhaseTerminal(p.status?.phase);
}

/**
 * updateDaemonSetStatus: the numbers, from each node's eligibility and its
 * oldest daemon pod (zero fields of the optional ones omitted, as the API
 * does); a Ready pod is available once Ready for minReadySeconds
 * (podutil.IsPodAvailable at `nowMs`, wall-clock milliseconds).
 */
export function daemonSetStatus(nodes: readonly { run: boolean; pods: readonly PodObj[] }[], hash: string, minReadySeconds = 0, nowMs = 0): DaemonSetStatus {
  let desired = 0;
  let current = 0;
  let misscheduled = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  for (const n of nodes) {
    const scheduled = n.pods.length > 0;
    if (!n.run) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const pod = n.pods[0]!;
    if (isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReadySeconds, nowMs)) available++;
    }
    if (pod.metadata.labels?.[DS_HASH_LABEL] === hash) updated++;
  }
  return {
    currentNumberScheduled: current,
    desiredNumberScheduled: desired,
    ...(available > 0 ? { numberAvailable: available } : {}),
    numberMisscheduled: misscheduled,
    numberReady: ready,
    ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
    ...(updated > 0 ? { updatedNumberScheduled: updated } : {}),
  };
}

function podChanged(obj: Obj, prev: Obj | undefined): boolean {
  if (!prev) return true;
  const o = asPod(obj);
  const old = asPod(prev);
  return isPodReady(o) !== isPodReady(old) || o.status?.phase !== old.status?.phase || o.spec?.nodeName !== old.spec?.nodeName || Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp);
}

function nodeChanged(obj: Obj, prev: Obj | undefined): boolean {
  if (!prev) return true;
  const o = asNode(obj);
  const old = asNode(prev);
  return JSON.stringify(o.metadata.labels) !== JSON.stringify(old.metadata.labels) || JSON.stringify(o.spec?.taints ?? []) !== JSON.stringify(old.spec?.taints ?? []);
}
