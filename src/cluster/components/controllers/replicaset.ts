/**
 * The ReplicaSet controller (and, with a plain map selector, the
 * ReplicationController manager): keeps `spec.replicas` pods alive, creating
 * them with generateName `<rs>-` in slow-start batches (1, 2, 4, 8 … as
 * controller.slowStartBatch does, at most 500 per sync) and deleting the
 * least valuable ones first; reports readiness in status.
 */
import { parallel, series, type Task } from '../../core/async.ts';
import { clone, EPOCH_MS, ownerRef, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import type { World } from '../world.ts';
import { backgroundAfter } from '../timers.ts';
import { Controller } from './controller.ts';
import { isPodActive, isPodAvailable, isPodReady, keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
import { asPod, type PodObj, type ReplicaSetObj, type ReplicaSetStatus } from '../../core/typed.ts';

const POD = resourceForKind('Pod')!;
const BURST_REPLICAS = 500;
const SLOW_START_INITIAL_BATCH = 1;

export class ReplicaSetController extends Controller {
  /** Failed syncs in a row per key (the work queue's rate limiter). */
  private readonly failures = new Map<string, number>();
  constructor(
    w: World,
    private readonly kind: 'ReplicaSet' | 'ReplicationController' = 'ReplicaSet',
  ) {
    // The Events' source component, as upstream's recorders: NewReplicaSetController
    // records as `replicaset-controller`, NewReplicationManager
    // (pkg/controller/replication/replication_controller.go) as `replication-controller`.
    super(w, kind === 'ReplicaSet' ? 'replicaset-controller' : 'replication-controller');
    this.watch({
      kinds: [kind],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => ownerKey(o, kind) !== undefined && (t !== 'MODIFIED' || podStateChanged(o, old)),
      handler: (e) => this.enqueue(ownerKey(e.object, kind)!, e.cause),
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const rs = this.w.api.cache.get(this.kind, key) as ReplicaSetObj | undefined;
    if (!rs || rs.metadata.deletionTimestamp) return done();
    const diff = this.w.api.cache.ownedPodStats(rs.metadata.uid!).active - (rs.spec.replicas ?? 1);
    const work: Task[] = [];
    /** manageReplicas' error (the first failed create's API error), for the ReplicaFailure condition. */
    let manageErr: string | undefined;
    if (diff < 0) work.push((next) => this.createPods(rs, Math.min(-diff, BURST_REPLICAS), cause, (failedCreate) => {
      manageErr = failedCreate;
      // syncReplicaSet returned an error: the key is requeued with the work queue's rate limit; a clean sync forgets it.
      if (failedCreate !== undefined) this.requeueRateLimited(key, cause);
      else this.failures.delete(key);
      next();
    }));
    if (diff > 0) {
      const pods = this.w.api.cache.ownedOfKind(rs.metadata.uid!, 'Pod').filter((p) => isPodActive(p));
      work.push((next) => this.deletePods(rs, rankForDeletion(pods).slice(0, Math.min(diff, BURST_REPLICAS)), cause, next));
    }
    series(work, () => this.syncStatus(key, cause, manageErr, done));
  }

  /**
   * Creates `count` pods in slow-start batches; a batch with a failed create
   * ends the sync (the rest are not attempted). `done(message)` with the
   * first failed create's API error (slowStartBatch returns the first error).
   */
  private createPods(rs: ReplicaSetObj, count: number, cause: string, done: (failedCreate: string | undefined) => void): void {
    const batches: number[] = [];
    for (let left = count, size = SLOW_START_INITIAL_BATCH; left > 0; size *= 2) {
      batches.push(Math.min(size, left));
      left -= Math.min(size, left);
    }
    let failedCreate: string | undefined;
    series(
      batches.map((n) => (next: () => void) => {
        if (failedCreate !== undefined) return next();
        parallel(Array.from({ length: n }, () => (one: () => void) => this.createPod(rs, cause, (err) => {
          if (err !== undefined && failedCreate === undefined) failedCreate = err;
          one();
        })), next);
      }),
      () => done(failedCreate),
    );
  }

  /** `done(undefined)` on success, `done(the API error's message)` on failure. */
  private createPod(rs: ReplicaSetObj, cause: string, done: (err: string | undefined) => void): void {
    const t = rs.spec.template ?? {};
    const pod: Obj = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: '',
        generateName: `${rs.metadata.name}-`,
        namespace: rs.metadata.namespace,
        labels: { ...(t.metadata?.labels ?? {}) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
        ownerReferences: [ownerRef(rs)],
      },
      spec: clone(t.spec),
    };
    this.client.call({ verb: 'create', resource: POD, namespace: rs.metadata.namespace, body: pod, cause }, (res) => {
      if (res.status !== 201 || !res.object) {
        // RealPodControl.createPods: Warning FailedCreate "Error creating: <the API error>".
        const err = `${res.message ?? res.reason ?? res.status}`;
        this.client.event(rs, 'Warning', 'FailedCreate', `Error creating: ${err}`, this.source(), res.eventId);
        return done(err);
      }
      // client-go's event recorder is asynchronous: the batch does not wait for the Event POST.
      this.client.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${res.object.metadata.name}`, this.source(), res.eventId);
      done(undefined);
    });
  }

  /**
   * workqueue.DefaultControllerRateLimiter's per-item back-off: 5 ms doubling
   * up to 1000 s. The quick retries (under 1 s) run while the cluster settles,
   * so that a ServiceAccount applied right after its Deployment is found; the
   * later ones need time to pass.
   */
  private requeueRateLimited(key: string, cause: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    const delay = Math.min(5 * 2 ** n, 1_000_000);
    if (delay < 1000) this.w.clock.after(delay, () => this.enqueue(key, cause));
    else backgroundAfter(this.w, delay, () => this.enqueue(key, cause));
  }

  /**
   * syncReplicaSet: "Resync the ReplicaSet after MinReadySeconds" when every
   * replica is Ready but not all are available yet (queue.AddAfter).
   */
  private resyncForMinReady(rs: ReplicaSetObj, key: string, ready: number, available: number, cause: string): void {
    const minReady = rs.spec.minReadySeconds ?? 0;
    const replicas = rs.spec.replicas ?? 1;
    if (minReady <= 0 || ready !== replicas || available === replicas) return;
    this.requeueAfterMinReady(this.kind, key, rs.metadata.name, minReady, cause);
  }

  private deletePods(rs: ReplicaSetObj, pods: PodObj[], cause: string, done: () => void): void {
    parallel(
      pods.map((p) => (next: () => void) =>
        this.client.call({ verb: 'delete', resource: POD, namespace: p.metadata.namespace, name: p.metadata.name, cause }, (res) => {
          if (res.status !== 200) return next();
          this.client.event(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, this.source(), res.eventId);
          next();
        }),
      ),
      done,
    );
  }

  private syncStatus(key: string, cause: string, manageErr: string | undefined, done: () => void): void {
    const rs = this.w.api.cache.get(this.kind, key) as ReplicaSetObj | undefined;
    if (!rs) return done();
    const { active, ready } = this.w.api.cache.ownedPodStats(rs.metadata.uid!);
    // calculateStatus: a Ready pod counts as available once it has been Ready for minReadySeconds (podutil.IsPodAvailable).
    const minReady = rs.spec.minReadySeconds ?? 0;
    const now = EPOCH_MS + this.w.clock.now();
    const available = minReady > 0 ? this.w.api.cache.ownedOfKind(rs.metadata.uid!, 'Pod').filter((p) => isPodActive(p) && isPodAvailable(p, minReady, now)).length : ready;
    if (manageErr === undefined) this.resyncForMinReady(rs, key, ready, available, cause);
    const conditions = replicaFailureConditions(rs.status?.conditions, manageErr, timestamp(this.w.clock.now()));
    const status: ReplicaSetStatus = {
      replicas: active,
      fullyLabeledReplicas: active,
      ...(ready > 0 ? { readyReplicas: ready } : {}),
      ...(available > 0 ? { availableReplicas: available } : {}),
      observedGeneration: rs.metadata.generation,
      ...(conditions.length > 0 ? { conditions } : {}),
    };
    if (JSON.stringify(status) === JSON.stringify(rs.status ?? {})) return done();
    this.client.call(
      { verb: 'update', resource: resourceForKind(this.kind)!, namespace: rs.metadata.namespace, name: rs.metadata.name, subresource: 'status', body: { ...rs, status }, cause },
      () => done(),
    );
  }
}

type RsCondition = NonNullable<ReplicaSetStatus['conditions']>[number];

/**
 * replica_set_utils.go calculateStatus: a manageReplicas error with no
 * ReplicaFailure condition yet sets one (True, reason FailedCreate — the model
 * only reports create failures — message the error); a clean sync removes it.
 * An existing condition is kept as it is while errors go on.
 */
export function replicaFailureConditions(prev: readonly RsCondition[] | undefined, manageErr: string | undefined, now: string): RsCondition[] {
  const conds = [...(prev ?? [])];
  const has = conds.some((c) => c.type === 'ReplicaFailure');
  if (manageErr !== undefined && !has) return [...conds, { type: 'ReplicaFailure', status: 'True', lastTransitionTime: now, reason: 'FailedCreate', message: manageErr }];
  if (manageErr === undefined && has) return conds.filter((c) => c.type !== 'ReplicaFailure');
  return conds;
}

/** What makes a pod notification worth a sync: it became ready/unready, changed phase, or started terminating. */
function podStateChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  return isPodReady(o) !== isPodReady(old) || asPod(o).status?.phase !== asPod(old).status?.phase || Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp);
}

/** controller.ActivePods order: unassigned < assigned, pending < running, not ready < ready, newer < older. */
function rankForDeletion(pods: PodObj[]): PodObj[] {
  const phaseRank = (p: PodObj) => (p.status?.phase === 'Pending' ? 0 : p.status?.phase === 'Unknown' ? 1 : 2);
  return [...pods].sort(
    (a, b) =>
      Number(Boolean(a.spec?.nodeName)) - Number(Boolean(b.spec?.nodeName)) ||
      phaseRank(a) - phaseRank(b) ||
      Number(isPodReady(a)) - Number(isPodReady(b)) ||
      (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') ||
      (a.metadata.name < b.metadata.name ? -1 : 1),
  );
}
