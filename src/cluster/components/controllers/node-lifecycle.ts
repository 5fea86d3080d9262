/**
 * The node lifecycle controller (kube-controller-manager, node-controller):
 * every node's kubelet renews its Lease in kube-node-lease every 10 s; the
 * controller checks every 5 s (node-monitor-period) and, when a Lease has not
 * been renewed for node-monitor-grace-period (40 s; 50 s from 1.32), it sets
 * the node's conditions to Unknown ("Kubelet stopped posting node status."),
 * marks its pods not ready, and taints the node
 * `node.kubernetes.io/unreachable` with NoSchedule (the scheduler stops using
 * it) and NoExecute (the taint eviction controller evicts pods whose
 * toleration runs out: ./taint-eviction.ts). When the kubelet posts Ready
 * again the controller removes the taints.
 *
 * A node fault is a partition of the kubelet from the control plane: its
 * containers keep running, they are just no longer seen.
 */
import { clone, timestamp, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import { series, type Task } from '../../core/async.ts';
import { backgroundAfter } from '../timers.ts';
import { minor, type World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodReady } from '../../core/object-helpers.ts';
import { type Taint, asNode } from '../../core/typed.ts';

const NODE = resourceForKind('Node')!;
const POD = resourceForKind('Pod')!;
export const UNREACHABLE = 'node.kubernetes.io/unreachable';
export const NOT_READY = 'node.kubernetes.io/not-ready';
/** The kubelet renews its node Lease every 10 s (nodeLeaseDurationSeconds 40 × 0.25). */
export const LEASE_RENEW_MS = 10_000;
/** node-monitor-period. */
export const MONITOR_PERIOD_MS = 5_000;

/** node-monitor-grace-period: 40 s up to 1.31, 50 s from 1.32 (kubernetes#126287). */
export function nodeMonitorGracePeriodMs(w: World): number {
  return minor(w) >= 32 ? 50_000 : 40_000;
}

/** When the controller first sees a Lease last renewed at `lastRenew` as expired: its first 5 s tick past the grace period. */
export function detectionTime(lastRenew: number, graceMs: number): number {
  return (Math.floor((lastRenew + graceMs) / MONITOR_PERIOD_MS) + 1) * MONITOR_PERIOD_MS;
}

export function isNodeReady(n: Obj | undefined): boolean {
  return ((n && asNode(n).status?.conditions) ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function hasTaint(n: Obj | undefined, key: string): boolean {
  return ((n && asNode(n).spec.taints) ?? []).some((t) => t.key === key);
}

const controllers = new WeakMap<World, NodeLifecycleController>();

export function nodeLifecycleOf(w: World): NodeLifecycleController | undefined {
  return controllers.get(w);
}

export class NodeLifecycleController extends Controller {
  /** Nodes whose kubelet is down, with the time of its last Lease renewal. */
  private readonly silent = new Map<string, number>();
  /** knownNodeSet, for the nodes added or deleted during the scenario: whether its last pass saw them. */
  private readonly known = new Map<string, boolean>();

  constructor(w: World) {
    super(w, 'node-lifecycle-controller');
    controllers.set(w, this);
    // A node whose kubelet posts Ready again loses the taints this controller put on it.
    this.watch({
      kinds: ['Node'],
      filter: (o, t, old) => t === 'MODIFIED' && isNodeReady(o) && !isNodeReady(old) && (hasTaint(o, UNREACHABLE) || hasTaint(o, NOT_READY)),
      handler: (e) => this.enqueue(e.object.metadata.name, e.cause),
    });
    // A Node registered or deleted: monitorNodeHealth notices at its next 5 s
    // pass (its node list against knownNodeSet) and records `RegisteredNode`
    // ("Node X event: Registered Node X in Controller") or `RemovingNode`
    // ("Node X event: Removing Node X from Controller"); a deleted node is forgotten, and a missed-heartbeat
    // check still pending for it dropped. (The nodes present at boot were
    // registered before the scenario starts.)
    this.watch({
      kinds: ['Node'],
      filter: (_o, t) => t !== 'MODIFIED',
      handler: (e) => {
        const node = e.object;
        const name = node.metadata.name;
        const added = e.type === 'ADDED';
        if (!added) this.silent.delete(name);
        // What the last pass knew (knownNodeSet): a node added was not known, one deleted was.
        if (!this.known.has(name)) this.known.set(name, !added);
        const now = this.w.clock.now();
        const tick = (Math.floor(now / MONITOR_PERIOD_MS) + 1) * MONITOR_PERIOD_MS;
        this.w.clock.after(tick - now, () => {
          const exists = this.w.api.cache.get('Node', `/registry/minions/${name}`) !== undefined;
          // Deleted and registered again (or the reverse) between two passes: nothing changed for the controller.
          if (this.known.get(name) === exists) return;
          this.known.set(name, exists);
          const [reason, what] = exists ? ['RegisteredNode', `Registered Node ${name} in Controller`] : ['RemovingNode', `Removing Node ${name} from Controller`];
          // RecordNodeEvent: "Node %s event: %s".
          this.client.event(node, 'Normal', reason, `Node ${name} event: ${what}`, { component: 'node-controller' }, e.cause);
        });
      },
    });
  }

  /**
   * The kubelet of `node` stopped at `now`: its last Lease renewal was the
   * last 10 s tick; the controller notices at its first check past the grace
   * period (a background timer: the scenario must let time pass).
   */
  kubeletStopped(node: string, cause: string): void {
    const lastRenew = Math.floor(this.w.clock.now() / LEASE_RENEW_MS) * LEASE_RENEW_MS;
    this.silent.set(node, lastRenew);
    const grace = nodeMonitorGracePeriodMs(this.w);
    const at = detectionTime(lastRenew, grace);
    backgroundAfter(this.w, at - this.w.clock.now(), () => {
      if (this.silent.get(node) !== lastRenew) return;
      const seen = this.w.rec.emit({
        type: 'action',
        from: this.id,
        to: this.id,
        action: 'node-monitor',
        summary: `Lease kube-node-lease/${node} not renewed for ${(this.w.clock.now() - lastRenew) / 1000}s (grace period ${grace / 1000}s)`,
        cause,
      });
      this.markUnknown(node, seen);
    });
  }

  kubeletStarted(node: string): void {
    this.silent.delete(node);
  }

  /** tryUpdateNodeHealth → MarkPodsNotReady → taint NoSchedule and NoExecute. */
  private markUnknown(name: string, cause: string): void {
    const node = this.w.api.cache.get('Node', `/registry/minions/${name}`);
    if (!node) return;
    const now = timestamp(this.w.clock.now());
    const status = clone(node.status ?? {});
    status.conditions = (status.conditions ?? []).map((c) => ({
      ...c,
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: now,
    }));
    let last = cause;
    const tasks: Task[] = [
      (next) =>
        this.client.call({ verb: 'update', resource: NODE, name, subresource: 'status', body: { ...clone(node), status }, cause: last, note: `${name} Ready=Unknown` }, (res) => {
          last = res.eventId;
          this.client.event(res.object ?? node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, { component: 'node-controller' }, last, next);
        }),
      (next) => this.markPodsNotReady(name, last, next),
      (next) => this.taint(name, { key: UNREACHABLE, effect: 'NoSchedule' }, last, (id) => ((last = id), next())),
      (next) => this.taint(name, { key: UNREACHABLE, effect: 'NoExecute', timeAdded: timestamp(this.w.clock.now()) }, last, () => next()),
    ];
    series(tasks, () => {});
  }

  private markPodsNotReady(node: string, cause: string, done: () => void): void {
    const pods = [...this.w.api.cache.podsOnNode(node)].filter((p) => isPodReady(p)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    series(
      pods.map((p) => (next: () => void) => {
        const now = timestamp(this.w.clock.now());
        const status = clone(p.status)!;
        status.conditions = status.conditions!.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: now } : c));
        this.client.call({ verb: 'update', resource: POD, namespace: p.metadata.namespace, name: p.metadata.name, subresource: 'status', body: { ...clone(p), status }, cause, note: `${p.metadata.name} Ready=False` }, (res) => {
          if (res.status !== 200) return next();
          this.client.event(p, 'Warning', 'NodeNotReady', 'Node is not ready', { component: 'node-controller' }, res.eventId, next);
        });
      }),
      done,
    );
  }

  private taint(name: string, taint: Taint, cause: string, done: (id: string) => void): void {
    this.client.call(
      {
        verb: 'patch',
        resource: NODE,
        name,
        cause,
        note: `${name} taint ${taint.key}:${taint.effect}`,
        patch: (live) => {
          const node = asNode(live);
          const taints = node.spec?.taints ?? [];
          if (taints.some((t) => t.key === taint.key && t.effect === taint.effect)) return null;
          node.spec = { ...(node.spec ?? {}), taints: [...taints, taint] };
          return node;
        },
      },
      (res) => done(res.eventId),
    );
  }

  /** The node is Ready again: remove the unreachable / not-ready taints. */
  protected reconcile(name: string, cause: string, done: () => void): void {
    const node = this.w.api.cache.get('Node', `/registry/minions/${name}`);
    if (!node || !isNodeReady(node)) return done();
    this.client.call(
      {
        verb: 'patch',
        resource: NODE,
        name,
        cause,
        note: `${name} remove taints ${UNREACHABLE}`,
        patch: (live) => {
          const node = asNode(live);
          const taints = node.spec?.taints ?? [];
          const keep = taints.filter((t) => t.key !== UNREACHABLE && t.key !== NOT_READY);
          if (keep.length === taints.length) return null;
          node.spec = { ...node.spec, taints: keep };
          if (keep.length === 0) delete node.spec.taints;
          return node;
        },
      },
      () => done(),
    );
  }
}
