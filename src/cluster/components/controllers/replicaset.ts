/**
 * The ReplicaSet controller (and, with a plain map selector, the
 * ReplicationController manager): keeps `spec.replicas` pods alive, creating
 * them with generateName `<rs>-` in slow-start batches (1, 2, 4, 8 … as
 * controller.slowStartBatch does, at most 500 per sync) and deleting the
 * least valuable ones first; reports readiness in status.
 */
import { parallel, series, type Task } from '../../core/async.ts';
import { clone, ownerRef, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import type { World } from '../world.ts';
import { backgroundAfter } from '../timers.ts';
import { Controller } from './controller.ts';
import { isPodActive, isPodReady, keyOf, ownerKey, specChanged } from '../../core/object-helpers.ts';
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
    super(w, kind === 'ReplicaSet' ? 'replicaset-controller' : 'replicationcontroller-manager');
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
    if (diff < 0) work.push((next) => this.createPods(rs, Math.min(-diff, BURST_REPLICAS), cause, (failedCreate) => {
      // syncReplicaSet returned an error: the key is requeued with the work queue's rate limit; a clean sync forgets it.
      if (failedCreate) this.requeueRateLimited(key, cause);
      else this.failures.delete(key);
      next();
    }));
    if (diff > 0) {
      const pods = this.w.api.cache.ownedOfKind(rs.metadata.uid!, 'Pod').filter((p) => isPodActive(p));
      work.push((next) => this.deletePods(rs, rankForDeletion(pods).slice(0, Math.min(diff, BURST_REPLICAS)), cause, next));
    }
    series(work, () => this.syncStatus(key, cause, done));
  }

  /**
   * Creates `count` pods in slow-start batches; a batch with a failed create
   * ends the sync (the rest are not attempted). `done(true)` when one failed.
   */
  private createPods(rs: ReplicaSetObj, count: number, cause: string, done: (failedCreate: boolean) => void): void {
    const batches: number[] = [];
    for (let left = count, size = SLOW_START_INITIAL_BATCH; left > 0; size *= 2) {
      batches.push(Math.min(size, left));
      left -= Math.min(size, left);
    }
    let failedCreate = false;
    series(
      batches.map((n) => (next: () => void) => {
        if (failedCreate) return next();
        parallel(Array.from({ length: n }, () => (one: () => void) => this.createPod(rs, cause, (ok) => {
          if (!ok) failedCreate = true;
          one();
        })), next);
      }),
      () => done(failedCreate),
    );
  }

  private createPod(rs: ReplicaSetObj, cause: string, done: (ok: boolean) => void): void {
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
        this.client.event(rs, 'Warning', 'FailedCreate', `Error creating: ${res.message ?? res.reason ?? res.status}`, this.source(), res.eventId);
        return done(false);
      }
      // client-go's event recorder is asynchronous: the batch does not wait for the Event POST.
      this.client.event(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${res.object.metadata.name}`, this.source(), res.eventId);
      done(true);
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

  private syncStatus(key: string, cause: string, done: () => void): void {
    const rs = this.w.api.cache.get(this.kind, key) as ReplicaSetObj | undefined;
    if (!rs) return done();
    const { active, ready } = this.w.api.cache.ownedPodStats(rs.metadata.uid!);
    const status: ReplicaSetStatus = {
      replicas: active,
      fullyLabeledReplicas: active,
      ...(ready > 0 ? { readyReplicas: ready, availableReplicas: ready } : {}),
      observedGeneration: rs.metadata.generation,
    };
    if (JSON.stringify(status) === JSON.stringify(rs.status ?? {})) return done();
    this.client.call(
      { verb: 'update', resource: resourceForKind(this.kind)!, namespace: rs.metadata.namespace, name: rs.metadata.name, subresource: 'status', body: { ...rs, status }, cause },
      () => done(),
    );
  }
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
