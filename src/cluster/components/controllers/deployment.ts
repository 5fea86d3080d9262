/**
 * The Deployment controller: owns ReplicaSets named
 * `<deployment>-<pod-template-hash>`, rolls from old to new ones within
 * maxSurge/maxUnavailable, and reports status and conditions.
 */
import { computePodTemplateHash } from '../../core/algorithms/podTemplateHash.ts';
import { maxSurge, maxUnavailable, newRSNewReplicas, type RollingStrategy } from '../../core/algorithms/rollout.ts';
import { series, type Task } from '../../core/async.ts';
import { clone, ownerRef, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { minor, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { keyOf, ownerKey, setCondition, specChanged, statusChanged } from '../../core/object-helpers.ts';
import { cleanupOld, copiedAnnotations, planSync, podsLeft, syncRevision, watchPodsForRecreate } from './deployment-sync.ts';
import type { Condition, DeploymentObj, DeploymentStatus, ReplicaSetObj } from '../../core/typed.ts';

const RS = resourceForKind('ReplicaSet')!;
const DEPLOY = resourceForKind('Deployment')!;
const REVISION = 'deployment.kubernetes.io/revision';

/**
 * The pod-template-hash of a stored Deployment, computed once per template
 * object: stored objects are never mutated, and a status write keeps the
 * stored spec object (the API server's mergeSubresource), so the hash is not
 * recomputed on each of the thousands of syncs a large rollout causes (one per
 * ReplicaSet status change). A pure memo (same input, same output).
 */
const templateHashes = new WeakMap<object, { collisionCount: number | undefined; hash: string }>();

function templateHash(d: DeploymentObj): string {
  const template: unknown = d.spec.template;
  const collisionCount = d.status?.collisionCount;
  if (typeof template !== 'object' || template === null) return computePodTemplateHash(template, collisionCount);
  const known = templateHashes.get(template);
  if (known && known.collisionCount === collisionCount) return known.hash;
  const hash = computePodTemplateHash(template, collisionCount);
  templateHashes.set(template, { collisionCount, hash });
  return hash;
}

export class DeploymentController extends Controller {
  constructor(w: World) {
    super(w, 'deployment-controller');
    this.watch({
      kinds: ['Deployment'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['ReplicaSet'],
      filter: (o, t, old) => ownerKey(o, 'Deployment') !== undefined && (t === 'DELETED' || statusChanged(o, old)),
      handler: (e) => this.enqueue(ownerKey(e.object, 'Deployment')!, e.cause),
    });
    watchPodsForRecreate(this);
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const d = this.w.api.cache.get('Deployment', key);
    if (!d || d.metadata.deletionTimestamp) return done();
    const owned = this.w.api.cache.ownedOfKind(d.metadata.uid!, 'ReplicaSet').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const hash = templateHash(d);
    const newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const oldRSs = owned.filter((rs) => rs !== newRS);
    // Strategy, revision and history decisions: ./deployment-sync.ts.
    const plan = planSync(d, newRS, oldRSs, (rs) => podsLeft(this, rs));
    const tasks: Task[] = plan.scale.map((s) => (next: () => void) => this.scaleRS(d, s.rs, s.replicas, cause, next));
    if (plan.create) tasks.push((next) => this.createNewRS(d, hash, oldRSs, cause, next));
    else if (newRS) tasks.push((next) => syncRevision(this, d, newRS, plan.revision, cause, next));
    if (plan.cleanup.length > 0) tasks.push((next) => cleanupOld(this, plan.cleanup, cause, next));
    series(tasks, () => this.syncStatus(key, cause, done));
  }

  private createNewRS(d: DeploymentObj, hash: string, oldRSs: ReplicaSetObj[], cause: string, done: () => void): void {
    const strategy = strategyOf(d);
    const desired = d.spec.replicas as number;
    const oldTotal = oldRSs.reduce((s, r) => s + (r.spec.replicas ?? 0), 0);
    const replicas = oldTotal === 0 ? desired : newRSNewReplicas(strategy, desired, oldTotal, 0);
    const revision = 1 + Math.max(0, ...oldRSs.map((r) => Number(r.metadata.annotations?.[REVISION] ?? 0)));
    const template = clone(d.spec.template);
    template.metadata = template.metadata ?? {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), 'pod-template-hash': hash };
    const name = `${d.metadata.name}-${hash}`;
    const rs: Obj = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: d.metadata.namespace,
        labels: { ...template.metadata.labels },
        annotations: {
          ...copiedAnnotations(d),
          'deployment.kubernetes.io/desired-replicas': String(desired),
          'deployment.kubernetes.io/max-replicas': String(desired + maxSurge(strategy, desired)),
          [REVISION]: String(revision),
        },
        ownerReferences: [ownerRef(d)],
      },
      spec: {
        replicas,
        // getNewReplicaSet: the new ReplicaSet carries the Deployment's minReadySeconds (omitted when 0).
        ...(d.spec.minReadySeconds ? { minReadySeconds: d.spec.minReadySeconds } : {}),
        selector: { ...d.spec.selector, matchLabels: { ...(d.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
        template,
      },
    };
    this.client.call({ verb: 'create', resource: RS, namespace: d.metadata.namespace, body: rs, cause, note: name }, (res) => {
      if (res.status !== 201) return done();
      const tasks: Task[] = [
        // getNewReplicaSet records "Scaled up … from 0 to N" only when N > 0 (maxSurge 0 starts at 0).
        (next) => (replicas > 0 ? this.scaledEvent(d, name, 0, replicas, res.eventId, next) : next()),
        (next) => this.setRevision(d, revision, res.eventId, next),
      ];
      series(tasks, done);
    });
  }

  private scaleRS(d: DeploymentObj, rs: ReplicaSetObj, replicas: number, cause: string, done: () => void): void {
    const from = rs.spec.replicas;
    this.client.call(
      {
        verb: 'update',
        resource: RS,
        namespace: rs.metadata.namespace,
        name: rs.metadata.name,
        body: { ...clone(rs), spec: { ...clone(rs.spec), replicas }, metadata: { ...clone(rs.metadata), annotations: { ...rs.metadata.annotations, 'deployment.kubernetes.io/desired-replicas': String(d.spec.replicas) } } },
        cause,
        note: `${rs.metadata.name} replicas=${replicas}`,
      },
      (res) => (res.status === 200 ? this.scaledEvent(d, rs.metadata.name, from, replicas, res.eventId, done) : done()),
    );
  }

  private scaledEvent(d: DeploymentObj, rsName: string, from: number, to: number, cause: string, done: () => void): void {
    const dir = to >= from ? 'up' : 'down';
    // 1.26 added "from N"; older kubelets said "Scaled up replica set web-… to 3".
    const msg = minor(this.w) >= 26 ? `Scaled ${dir} replica set ${rsName} from ${from} to ${to}` : `Scaled ${dir} replica set ${rsName} to ${to}`;
    // Events are recorded asynchronously (client-go's broadcaster); the sync goes on.
    this.client.event(d, 'Normal', 'ScalingReplicaSet', msg, this.source(), cause);
    done();
  }

  private setRevision(d: DeploymentObj, revision: number, cause: string, done: () => void): void {
    this.client.call(
      {
        verb: 'patch',
        resource: DEPLOY,
        namespace: d.metadata.namespace,
        name: d.metadata.name,
        patch: (live) => {
          if (live.metadata.annotations?.[REVISION] === String(revision)) return null;
          live.metadata.annotations = { ...(live.metadata.annotations ?? {}), [REVISION]: String(revision) };
          return live;
        },
        cause,
        note: `revision=${revision}`,
      },
      () => done(),
    );
  }

  private syncStatus(key: string, cause: string, done: () => void): void {
    const d = this.w.api.cache.get('Deployment', key);
    if (!d) return done();
    const status = this.computeStatus(d);
    if (JSON.stringify(status) === JSON.stringify(d.status ?? {})) return done();
    this.client.call(
      { verb: 'update', resource: DEPLOY, namespace: d.metadata.namespace, name: d.metadata.name, subresource: 'status', body: { ...d, status }, cause },
      () => done(),
    );
  }

  private computeStatus(d: DeploymentObj): DeploymentStatus {
    const owned = this.w.api.cache.ownedOfKind(d.metadata.uid!, 'ReplicaSet').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const hash = templateHash(d);
    const newRS = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const sum = (f: (r: ReplicaSetObj) => number) => owned.reduce((s, r) => s + f(r), 0);
    const desired = d.spec.replicas as number;
    const replicas = sum((r) => r.status?.replicas ?? 0);
    const ready = sum((r) => r.status?.readyReplicas ?? 0);
    const available = sum((r) => r.status?.availableReplicas ?? 0);
    const updated = newRS?.status?.replicas ?? 0;
    const now = timestamp(this.w.clock.now());
    const minAvailable = desired - maxUnavailable(strategyOf(d), desired);
    let conds: Condition[] = clone(d.status?.conditions ?? []);
    conds = setCondition(
      conds,
      available >= minAvailable
        ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
        : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
      now,
      true,
    );
    if (newRS) {
      const complete = updated === desired && replicas === desired && available === desired && (newRS.status?.availableReplicas ?? 0) === desired;
      const prev = conds.find((c) => c.type === 'Progressing');
      const progressing = complete
        ? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` }
        : prev
          ? { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${newRS.metadata.name}" is progressing.` }
          : { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${newRS.metadata.name}"` };
      conds = setCondition(conds, progressing, now, true);
    }
    // Kubernetes lists Available before Progressing.
    conds.sort((a, b) => (a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));
    return {
      observedGeneration: d.metadata.generation,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: available,
      ...(desired - available > 0 ? { unavailableReplicas: desired - available } : {}),
      conditions: conds,
    };
  }
}

function strategyOf(d: DeploymentObj): RollingStrategy {
  const s = d.spec.strategy ?? {};
  return { type: s.type ?? 'RollingUpdate', maxSurge: s.rollingUpdate?.maxSurge, maxUnavailable: s.rollingUpdate?.maxUnavailable };
}

