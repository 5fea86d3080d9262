/**
 * The taint eviction controller (taint-eviction-controller since 1.29; the
 * node lifecycle controller's NoExecuteTaintManager before): when a node gets
 * a NoExecute taint, every pod on it that does not tolerate the taint is
 * evicted at once, and a pod that tolerates it for `tolerationSeconds` (the
 * DefaultTolerationSeconds admission plugin gives every pod 300 s for
 * not-ready and unreachable) is evicted when that time has run out — unless
 * the taint is gone by then. Eviction: a `TaintManagerEviction` event
 * ("Marking for deletion Pod default/web-…"), the DisruptionTarget condition
 * (1.26+), and a DELETE of the pod.
 */
import { timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, statusPatch, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { type PodObj, type Toleration, asNode, asPod } from '../../core/typed.ts';

const POD = resourceForKind('Pod')!;

interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

function noExecute(n: Obj | undefined): Taint[] {
  return ((n && asNode(n).spec.taints) ?? []).filter((t: Taint) => t.effect === 'NoExecute');
}

function tolerates(tol: Toleration, t: Taint): boolean {
  if (tol.effect && tol.effect !== t.effect) return false;
  if (tol.operator === 'Exists') return !tol.key || tol.key === t.key;
  return tol.key === t.key && (tol.value ?? '') === (t.value ?? '');
}

/**
 * getMinTolerationTime: ms a pod may stay on a node with these NoExecute
 * taints; 0 = evict now, Infinity = never (some taint is not tolerated → 0).
 */
export function tolerationMs(pod: PodObj, taints: Taint[]): number {
  let min = Number.POSITIVE_INFINITY;
  for (const t of taints) {
    const matching = (pod.spec?.tolerations ?? []).filter((tol) => tolerates(tol, t));
    if (matching.length === 0) return 0;
    for (const tol of matching) if (tol.tolerationSeconds !== undefined && tol.tolerationSeconds !== null) min = Math.min(min, Math.max(0, tol.tolerationSeconds) * 1000);
  }
  return min;
}

export class TaintEvictionController extends Controller {
  constructor(w: World) {
    super(w, minor(w) >= 29 ? 'taint-eviction-controller' : 'node-lifecycle-controller');
    this.watch({
      kinds: ['Node'],
      filter: (o, t, old) => t === 'MODIFIED' && JSON.stringify(noExecute(o)) !== JSON.stringify(noExecute(old)) && noExecute(o).length > 0,
      handler: (e) => this.enqueue(e.object.metadata.name, e.cause),
    });
  }

  /** A node's NoExecute taints changed: schedule (or carry out) the evictions of its pods. */
  protected reconcile(nodeName: string, cause: string, done: () => void): void {
    const node = this.w.api.cache.get('Node', `/registry/minions/${nodeName}`);
    const taints = noExecute(node);
    if (taints.length === 0) return done();
    // Since the taint was added (timeAdded), not since now.
    const added = Math.max(...taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) - Date.parse(timestamp(0)) : this.w.clock.now())));
    const pods = [...this.w.api.cache.podsOnNode(nodeName)].filter((p) => !p.metadata.deletionTimestamp).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    for (const p of pods) {
      const ms = tolerationMs(p, taints);
      if (ms === Number.POSITIVE_INFINITY) continue;
      const delay = Math.max(0, added + ms - this.w.clock.now());
      const evict = () => this.evictIfStillTainted(nodeName, p, taints, cause);
      if (delay === 0) evict();
      else backgroundAfter(this.w, delay, evict);
    }
    done();
  }

  private evictIfStillTainted(nodeName: string, pod: PodObj, taints: Taint[], cause: string): void {
    const node = this.w.api.cache.get('Node', `/registry/minions/${nodeName}`);
    const still = noExecute(node).some((t) => taints.some((x) => x.key === t.key && x.effect === t.effect));
    const live = this.w.api.cache.get('Pod', `/registry/pods/${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!still || !live || live.metadata.uid !== pod.metadata.uid || live.metadata.deletionTimestamp || live.spec?.nodeName !== nodeName) return;
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name;
    const src = { component: this.id };
    this.client.event(live, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${name}`, src, cause, () => {
      const del = (c: string) => this.client.call({ verb: 'delete', resource: POD, namespace: ns, name, cause: c, note: `${name} (NoExecute taint)` });
      if (minor(this.w) < 26) return del(cause);
      const now = timestamp(this.w.clock.now());
      this.client.call(
        statusPatch(POD, { namespace: ns, name: name }, (p) => {
            const conds = (asPod(p).status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
            conds.push({ type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' });
            p.status = { ...(p.status ?? {}), conditions: conds };
            return p;
          }, cause, `${name} DisruptionTarget`),
        (res) => del(res.eventId),
      );
    });
  }
}
