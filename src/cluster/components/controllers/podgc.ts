/**
 * The pod garbage collector (kube-controller-manager's
 * pod-garbage-collector-controller, pkg/controller/podgc/gc_controller.go),
 * its gcOrphaned part: pods bound to a node that does not exist (the Node
 * was deleted — `kubectl delete node`, `fault: { node, action: delete }` — or
 * a pod was created with a spec.nodeName no node has) are force-deleted.
 *
 * Real timing: gc() runs every gcCheckPeriod (20 s). The first pass that sees
 * a pod's node missing from its informer puts the node name into a delaying
 * queue for quarantineTime (40 s); the pass that finds it out of quarantine
 * and still not in the informer asks the API server (checkIfNodeExists: GET
 * /api/v1/nodes/NAME); on 404 every pod bound to it is marked Failed with the
 * DisruptionTarget condition (reason DeletionByPodGC, "PodGC: node no longer
 * exists") and deleted with grace period 0
 * (markFailedAndDeletePodWithCondition). So the pods go 40–60 s after the
 * node. Its owners (ReplicaSet, StatefulSet, Job controllers) replace them
 * and the scheduler places the new ones on the remaining nodes.
 *
 * The model: the gc passes are not shown while they find nothing; a node
 * seen missing (Node DELETED, or a pod bound to a node not in the cache) gets
 * one background timer at the pass that deletes. The Failed phase and the
 * condition come with PodDisruptionConditions (beta, on by default, from
 * 1.26); before that the pod was only deleted.
 */
import { timestamp } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { series } from '../../core/async.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, statusPatch, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { asPod, type PodObj } from '../../core/typed.ts';
import { isPodPhaseTerminal } from '../../core/pod-phase.ts';

const NODE = resourceForKind('Node')!;
const POD = resourceForKind('Pod')!;

/** gcCheckPeriod: how often gc() runs. */
export const GC_CHECK_PERIOD_MS = 20_000;
/** quarantineTime: how long gcOrphaned waits for a missing node to show up before asking the API server. */
export const QUARANTINE_MS = 40_000;

/**
 * When gcOrphaned deletes the pods of a node first missing at `missingAt`:
 * the first gc pass after that (passes every 20 s since the controller
 * started, at time 0) queues the node for 40 s; the pass 40 s later finds it
 * out of quarantine (the delaying queue made it ready during that interval).
 */
export function orphanDeletionTime(missingAt: number): number {
  const firstPass = (Math.floor(missingAt / GC_CHECK_PERIOD_MS) + 1) * GC_CHECK_PERIOD_MS;
  return firstPass + QUARANTINE_MS;
}

function byNamespaceName(a: PodObj, b: PodObj): number {
  const x = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
  const y = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

export class PodGcController extends Controller {
  /** Node names in quarantine, with the time of the pass that checks them. */
  private readonly quarantined = new Map<string, number>();

  constructor(w: World) {
    super(w, 'pod-garbage-collector-controller');
    this.watch({
      kinds: ['Node'],
      filter: (_o, t) => t === 'DELETED',
      handler: (e) => this.quarantine(e.object.metadata.name, e.cause),
    });
    // A pod bound (created or scheduled) to a node that does not exist.
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => {
        if (t === 'DELETED') return false;
        const node = asPod(o).spec?.nodeName;
        return Boolean(node) && node !== (old && asPod(old).spec?.nodeName) && !this.nodeExists(node!);
      },
      handler: (e) => this.quarantine(asPod(e.object).spec.nodeName!, e.cause),
    });
  }

  /** No work queue of its own: gc() is a periodic pass (background timers above). */
  protected reconcile(_key: string, _cause: string, done: () => void): void {
    done();
  }

  private nodeExists(name: string): boolean {
    return this.w.api.cache.get('Node', `/registry/minions/${name}`) !== undefined;
  }

  /** gcOrphaned: nodeQueue.AddAfter(node, quarantineTime) at the next pass (a node already waiting keeps its time). */
  private quarantine(node: string, cause: string): void {
    if (this.quarantined.has(node)) return;
    const at = orphanDeletionTime(this.w.clock.now());
    this.quarantined.set(node, at);
    backgroundAfter(this.w, at - this.w.clock.now(), () => this.pass(node, cause));
  }

  /** The pass that finds `node` out of quarantine: discoverDeletedNodes, then delete its pods. */
  private pass(node: string, cause: string): void {
    this.quarantined.delete(node);
    // Back in the informer (re-registered): existingNodeNames has it, nothing to do.
    if (this.nodeExists(node)) return;
    const seen = this.w.rec.emit({
      type: 'action',
      from: this.id,
      to: this.id,
      action: 'gc-orphaned',
      summary: `node ${node} still missing after the ${QUARANTINE_MS / 1000}s quarantine: checking with the API server`,
      cause,
    });
    this.client.call({ verb: 'get', resource: NODE, name: node, cause: seen, note: `${node} (checkIfNodeExists)` }, (res) => {
      if (res.status !== 404) return;
      const pods = [...this.w.api.cache.podsOnNode(node)].sort(byNamespaceName);
      series(
        pods.map((p) => (next: () => void) => this.markFailedAndDelete(p, node, res.eventId, next)),
        () => {},
      );
    });
  }

  /** markFailedAndDeletePodWithCondition: PATCH pods/status (Failed + DisruptionTarget), then DELETE with grace period 0. */
  private markFailedAndDelete(pod: PodObj, node: string, cause: string, done: () => void): void {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    const del = (c: string): void =>
      this.client.call({ verb: 'delete', resource: POD, namespace: ns, name, gracePeriodSeconds: 0, cause: c, note: `${name} (orphaned: node ${node} no longer exists)` }, () => done());
    const phase = pod.status?.phase;
    if (minor(this.w) < 26 || isPodPhaseTerminal(phase)) return del(cause);
    const now = timestamp(this.w.clock.now());
    this.client.call(
      statusPatch(POD, { namespace: ns, name }, (live) => {
          const p = asPod(live);
          const status = { ...(p.status ?? {}) };
          status.phase = 'Failed';
          // apipod.UpdatePodCondition: replaces the condition of that type (transition time kept if the status is unchanged).
          const conds = status.conditions ?? [];
          const prev = conds.find((c) => c.type === 'DisruptionTarget');
          const cond = { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: prev?.status === 'True' ? prev.lastTransitionTime : now, reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' };
          status.conditions = prev ? conds.map((c) => (c.type === 'DisruptionTarget' ? cond : c)) : [...conds, cond];
          p.status = status;
          return p;
        }, cause, `${name} Failed (DeletionByPodGC)`),
      (res) => del(res.eventId),
    );
  }
}
