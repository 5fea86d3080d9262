/**
 * What one sync of the Deployment controller does, decided from the informer
 * cache (pkg/controller/deployment: sync.go, rolling.go, recreate.go):
 *
 * - RollingUpdate (rolloutRolling): create the new ReplicaSet if missing;
 *   otherwise scale it up within maxSurge — and if it scaled up, stop there
 *   (the next sync comes with the ReplicaSet's status); otherwise scale old
 *   ReplicaSets down within maxUnavailable.
 * - Recreate (rolloutRecreate): scale every old ReplicaSet to 0, wait until
 *   none of their pods is left, and only then create / scale up the new one.
 * - Revision bookkeeping (getNewReplicaSet): a ReplicaSet that becomes new
 *   again (rollout undo) gets revision max(old)+1 and remembers its previous
 *   numbers in `deployment.kubernetes.io/revision-history`.
 * - cleanupDeployment: once the rollout is complete, old ReplicaSets with no
 *   replicas beyond `revisionHistoryLimit` (default 10) are deleted, oldest
 *   revision first.
 */
import { newRSNewReplicas, reconcileOldReplicaSets, type RollingStrategy, type RsCounts } from '../../core/algorithms/rollout.ts';
import { series, type Task } from '../../core/async.ts';
import { clone, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import type { Controller } from './controller.ts';
import type { DeploymentObj, ReplicaSetObj } from '../../core/typed.ts';
import { isPodPhaseTerminal } from '../../core/pod-phase.ts';

export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const RS = resourceForKind('ReplicaSet')!;
const DEPLOY = resourceForKind('Deployment')!;

/** Deployment annotations the controller does not copy onto its ReplicaSets (skipCopyAnnotation). */
const SKIP_COPY = new Set([REVISION, REVISION_HISTORY, 'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'kubectl.kubernetes.io/last-applied-configuration']);

export interface SyncPlan {
  /** Scale steps, in order. */
  scale: { rs: ReplicaSetObj; replicas: number }[];
  /** Create the new ReplicaSet (with the replicas the strategy allows). */
  create: boolean;
  /** The new ReplicaSet's revision must become this (rollout undo, or a new ReplicaSet). */
  revision: number;
  /** Old ReplicaSets to delete (revisionHistoryLimit). */
  cleanup: ReplicaSetObj[];
}

export function strategyOf(d: DeploymentObj): RollingStrategy {
  const s = d.spec.strategy ?? {};
  return { type: s.type ?? 'RollingUpdate', maxSurge: s.rollingUpdate?.maxSurge, maxUnavailable: s.rollingUpdate?.maxUnavailable };
}

export function revisionOf(rs: ReplicaSetObj): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

/**
 * Plans one sync. `activePods(rs)` counts the ReplicaSet's pods that still
 * exist (Recreate waits for them to be gone).
 */
export function planSync(d: DeploymentObj, newRS: ReplicaSetObj | undefined, oldRSs: ReplicaSetObj[], activePods: (rs: ReplicaSetObj) => number): SyncPlan {
  const strategy = strategyOf(d);
  const desired = d.spec.replicas as number;
  const revision = 1 + Math.max(0, ...oldRSs.map(revisionOf));
  const plan: SyncPlan = { scale: [], create: false, revision, cleanup: [] };
  const activeOld = oldRSs.filter((r) => (r.spec.replicas ?? 0) > 0);
  if (d.spec.paused) return plan;
  if (strategy.type === 'Recreate') {
    if (activeOld.length > 0) {
      plan.scale = activeOld.map((rs) => ({ rs, replicas: 0 }));
      return plan;
    }
    // oldPodsRunning: wait until the old pods are really gone.
    if (oldRSs.some((rs) => activePods(rs) > 0)) return plan;
    if (!newRS) plan.create = true;
    else if (newRS.spec.replicas !== desired) plan.scale = [{ rs: newRS, replicas: desired }];
  } else if (!newRS) {
    plan.create = true;
  } else if (activeOld.length === 0) {
    if (newRS.spec.replicas !== desired) plan.scale = [{ rs: newRS, replicas: desired }];
  } else {
    const total = activeOld.reduce((s, r) => s + r.spec.replicas, 0) + newRS.spec.replicas;
    const up = newRSNewReplicas(strategy, desired, total, newRS.spec.replicas);
    if (up !== newRS.spec.replicas) {
      // reconcileNewReplicaSet scaled up: this sync ends here.
      plan.scale = [{ rs: newRS, replicas: up }];
    } else {
      const down = reconcileOldReplicaSets({ strategy, deploymentReplicas: desired, newRS: counts(newRS), oldRSs: activeOld.map(counts) });
      plan.scale = down.steps.map((s) => ({ rs: activeOld.find((r) => r.metadata.name === s.name)!, replicas: s.replicas }));
    }
  }
  if (newRS && plan.scale.length === 0 && !plan.create && complete(d, newRS, oldRSs)) plan.cleanup = cleanable(d, oldRSs);
  return plan;
}

function complete(d: DeploymentObj, newRS: ReplicaSetObj, oldRSs: ReplicaSetObj[]): boolean {
  const desired = d.spec.replicas as number;
  return newRS.spec.replicas === desired && (newRS.status?.availableReplicas ?? 0) === desired && oldRSs.every((r) => (r.spec.replicas ?? 0) === 0 && (r.status?.replicas ?? 0) === 0);
}

function cleanable(d: DeploymentObj, oldRSs: ReplicaSetObj[]): ReplicaSetObj[] {
  const limit = (d.spec.revisionHistoryLimit as number | undefined) ?? 10;
  const idle = oldRSs.filter((r) => (r.spec.replicas ?? 0) === 0 && (r.status?.replicas ?? 0) === 0 && !r.metadata.deletionTimestamp);
  const diff = idle.length - limit;
  if (diff <= 0) return [];
  return [...idle].sort((a, b) => revisionOf(a) - revisionOf(b) || (a.metadata.name < b.metadata.name ? -1 : 1)).slice(0, diff);
}

function counts(rs: ReplicaSetObj): RsCounts {
  return { name: rs.metadata.name, replicas: rs.spec.replicas ?? 0, available: rs.status?.availableReplicas ?? 0, created: Date.parse(rs.metadata.creationTimestamp ?? '') || 0 };
}

/** The deployment annotations a new ReplicaSet carries (change-cause and user annotations). */
export function copiedAnnotations(d: DeploymentObj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) if (!SKIP_COPY.has(k)) out[k] = v;
  return out;
}

/**
 * SetNewReplicaSetAnnotations + SetDeploymentRevision for a ReplicaSet that
 * is new again: bump its revision (recording the old one in
 * revision-history), copy the deployment's annotations, then the
 * Deployment's own revision annotation.
 */
export function syncRevision(c: Controller, d: DeploymentObj, newRS: ReplicaSetObj, revision: number, cause: string, done: () => void): void {
  const tasks: Task[] = [];
  const old = revisionOf(newRS);
  // getNewReplicaSet: the existing new ReplicaSet is updated when its annotations or its minReadySeconds (the Deployment's) change.
  const minReady = d.spec.minReadySeconds ?? 0;
  const minReadyDiffers = (newRS.spec.minReadySeconds ?? 0) !== minReady;
  if (old < revision || minReadyDiffers) {
    tasks.push((next) =>
      c.client.call(
        {
          verb: 'update',
          resource: RS,
          namespace: newRS.metadata.namespace,
          name: newRS.metadata.name,
          body: (() => {
            const rs = clone(newRS);
            if (old < revision) {
              const history = [rs.metadata.annotations?.[REVISION_HISTORY], String(old)].filter(Boolean).join(',');
              rs.metadata.annotations = { ...(rs.metadata.annotations ?? {}), ...copiedAnnotations(d), [REVISION]: String(revision), ...(old > 0 ? { [REVISION_HISTORY]: history } : {}) };
            }
            if (minReady > 0) rs.spec.minReadySeconds = minReady;
            else delete rs.spec.minReadySeconds;
            return rs;
          })(),
          cause,
          note: old < revision ? `${newRS.metadata.name} revision=${revision}` : `${newRS.metadata.name} minReadySeconds=${minReady}`,
        },
        () => next(),
      ),
    );
  }
  const target = String(Math.max(revision, old));
  if (d.metadata.annotations?.[REVISION] !== target) {
    tasks.push((next) =>
      c.client.call(
        {
          verb: 'patch',
          resource: DEPLOY,
          namespace: d.metadata.namespace,
          name: d.metadata.name,
          patch: (live) => {
            if (live.metadata.annotations?.[REVISION] === target) return null;
            live.metadata.annotations = { ...(live.metadata.annotations ?? {}), [REVISION]: target };
            return live;
          },
          cause,
          note: `revision=${target}`,
        },
        () => next(),
      ),
    );
  }
  series(tasks, done);
}

/** Deletes old ReplicaSets beyond revisionHistoryLimit (their pods are already gone). */
export function cleanupOld(c: Controller, rss: ReplicaSetObj[], cause: string, done: () => void): void {
  series(
    rss.map((rs) => (next: () => void) => c.client.call({ verb: 'delete', resource: RS, namespace: rs.metadata.namespace, name: rs.metadata.name, cause, note: `${rs.metadata.name} (revisionHistoryLimit)` }, () => next())),
    done,
  );
}

/**
 * The Deployment controller's pod informer (deletePod): a Recreate rollout
 * waits for the old pods to be gone, so their deletion queues the Deployment.
 */
export function watchPodsForRecreate(c: Controller): void {
  c.w.api.watch({
    component: c.id,
    kinds: ['Pod'],
    filter: (o, t) => t === 'DELETED' && recreateOwner(c, o) !== undefined,
    handler: (e) => {
      const d = recreateOwner(c, e.object);
      if (d) c.enqueue(`/registry/deployments/${d.metadata.namespace}/${d.metadata.name}`, e.cause);
    },
  });
}

function recreateOwner(c: Controller, pod: Obj): Obj | undefined {
  const rsRef = pod.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'ReplicaSet');
  if (!rsRef) return undefined;
  const rs = c.w.api.cache.get('ReplicaSet', `/registry/replicasets/${pod.metadata.namespace}/${rsRef.name}`);
  const dRef = rs?.metadata.ownerReferences?.find((r) => r.controller && r.kind === 'Deployment');
  if (!dRef) return undefined;
  const d = c.w.api.cache.get('Deployment', `/registry/deployments/${pod.metadata.namespace}/${dRef.name}`);
  return d && strategyOf(d).type === 'Recreate' ? d : undefined;
}

/** Pods of a ReplicaSet that still exist and have not finished (oldPodsRunning counts terminating ones too). */
export function podsLeft(c: Controller, rs: ReplicaSetObj): number {
  return c.w.api.cache.ownedOfKind(rs.metadata.uid ?? '', 'Pod').filter((p) => !isPodPhaseTerminal(p.status?.phase)).length;
}
