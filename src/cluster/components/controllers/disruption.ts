/**
 * The disruption controller (pkg/controller/disruption): keeps every
 * PodDisruptionBudget's status — expectedPods, currentHealthy,
 * desiredHealthy, disruptionsAllowed, disruptedPods and the
 * DisruptionAllowed condition — from the pods its selector picks and, for
 * percentages and maxUnavailable, the replicas of their controllers
 * (getExpectedScale: ReplicationController, Deployment through its
 * ReplicaSet, ReplicaSet, StatefulSet). The eviction subresource reads that
 * status (../../apiserver/server.ts). Event: NoPods "No matching pods found".
 */
import { timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { selectorMatches } from '../../core/selector.ts';
import { countHealthy, disruptionAllowedCondition, disruptionsAllowed, expectedPods, liveDisrupted, type PdbPod } from '../../core/disruption.ts';
import { controllerOf } from '../../core/object.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodReady, keyOf, specChanged } from '../../core/object-helpers.ts';
import { asScalable, type PdbStatus } from '../../core/typed.ts';

const PDB = resourceForKind('PodDisruptionBudget')!;

/** Milliseconds of simulated time from an RFC 3339 timestamp written by timestamp(). */
export function simMs(ts: string): number {
  return Date.parse(ts) - Date.parse(timestamp(0));
}

export class DisruptionController extends Controller {
  constructor(w: World) {
    super(w, 'disruption-controller');
    this.watch({
      kinds: ['PodDisruptionBudget'],
      filter: (o, t, old) => t === 'ADDED' || (t === 'MODIFIED' && specChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => this.budgetsFor(o).length > 0 && (t !== 'MODIFIED' || podChanged(o, old)),
      handler: (e) => {
        for (const pdb of this.budgetsFor(e.object)) this.enqueue(keyOf(pdb), e.cause);
      },
    });
  }

  /** getPdbForPod: the budgets in the pod's namespace whose selector matches it. */
  private budgetsFor(pod: Obj): Obj[] {
    return this.w.api.cache
      .list('PodDisruptionBudget', pod.metadata.namespace)
      .filter((b) => selectorMatches(b.spec?.selector, pod.metadata.labels ?? {}))
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const pdb = this.w.api.cache.get('PodDisruptionBudget', key);
    if (!pdb || pdb.metadata.deletionTimestamp) return done();
    const pods = this.w.api.cache.list('Pod', pdb.metadata.namespace).filter((p) => selectorMatches(pdb.spec?.selector, p.metadata.labels ?? {}));
    const now = this.w.clock.now();
    if (pods.length === 0) this.client.event(pdb, 'Normal', 'NoPods', 'No matching pods found', this.source(), cause);
    const info: PdbPod[] = pods.map((p) => ({ name: p.metadata.name, ready: isPodReady(p), deleting: Boolean(p.metadata.deletionTimestamp) }));
    const { expectedCount, desiredHealthy } = expectedPods(pdb.spec ?? {}, pods.length, () => this.expectedScale(pods));
    const prevDisrupted: Record<string, number> = {};
    for (const [name, ts] of Object.entries((pdb.status?.disruptedPods ?? {}) as Record<string, string>)) prevDisrupted[name] = simMs(ts);
    const disrupted = liveDisrupted(prevDisrupted, info, now);
    const currentHealthy = countHealthy(info, disrupted, now);
    const allowed = disruptionsAllowed(currentHealthy, desiredHealthy, expectedCount);
    const cond = disruptionAllowedCondition(allowed);
    const prevCond = (pdb.status?.conditions ?? []).find((c) => c.type === 'DisruptionAllowed');
    const status: PdbStatus = {
      ...(Object.keys(disrupted).length > 0 ? { disruptedPods: Object.fromEntries(Object.entries(disrupted).map(([n, at]) => [n, timestamp(at)])) } : {}),
      disruptionsAllowed: allowed,
      currentHealthy,
      desiredHealthy,
      expectedPods: expectedCount,
      conditions: [
        {
          type: cond.type,
          status: cond.status,
          observedGeneration: pdb.metadata.generation ?? 1,
          lastTransitionTime: prevCond && prevCond.status === cond.status ? prevCond.lastTransitionTime : timestamp(now),
          reason: cond.reason,
          message: cond.message,
        },
      ],
      observedGeneration: pdb.metadata.generation ?? 1,
    };
    if (JSON.stringify(status) === JSON.stringify(pdb.status ?? {})) return done();
    this.client.call(
      { verb: 'update', resource: PDB, namespace: pdb.metadata.namespace, name: pdb.metadata.name, subresource: 'status', body: { ...pdb, status }, cause, note: `disruptionsAllowed=${allowed}` },
      () => done(),
    );
  }

  /** getExpectedScale: the replicas of each distinct controller of the pods (a Deployment's, for its ReplicaSets' pods). */
  private expectedScale(pods: readonly Obj[]): number {
    const seen = new Map<string, number>();
    for (const p of pods) {
      const ref = controllerOf(p);
      if (!ref) continue;
      const ns = p.metadata.namespace;
      const owner = this.w.api.cache.list(ref.kind, ns).find((o) => o.metadata.uid === ref.uid);
      if (!owner) continue;
      if (ref.kind === 'ReplicaSet') {
        const dref = controllerOf(owner);
        const dep = dref?.kind === 'Deployment' ? this.w.api.cache.list('Deployment', ns).find((o) => o.metadata.uid === dref.uid) : undefined;
        if (dep) {
          seen.set(dep.metadata.uid!, dep.spec?.replicas ?? 1);
          continue;
        }
      }
      if (['ReplicationController', 'ReplicaSet', 'StatefulSet', 'Deployment'].includes(ref.kind)) seen.set(owner.metadata.uid!, asScalable(owner).spec?.replicas ?? 1);
    }
    return [...seen.values()].reduce((a, b) => a + b, 0);
  }
}

function podChanged(o: Obj, old: Obj | undefined): boolean {
  if (!old) return true;
  return isPodReady(o) !== isPodReady(old) || Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp) || JSON.stringify(o.metadata.labels) !== JSON.stringify(old.metadata.labels);
}
