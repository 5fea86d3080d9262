/**
 * The shape every controller in kube-controller-manager shares: informers
 * (watches through the API server) feed a de-duplicating work queue; a
 * worker reconciles one key at a time from the informer cache and writes
 * back through the API server like any client.
 */
import { CONTROLLER_MANAGER } from '../../apiserver/identity.ts';
import type { WatchSpec } from '../../apiserver/types.ts';
import { LATENCY } from '../../kernel/clock.ts';
import { Client, type World } from '../world.ts';
import { backgroundAfter } from '../timers.ts';

export const KCM = 'kube-controller-manager';

export abstract class Controller {
  readonly client: Client;
  private readonly queued = new Map<string, string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Map<string, string>();
  /** Per key: when its minReadySeconds resync is due (requeueAfterMinReady). */
  private readonly minReadyDue = new Map<string, number>();

  constructor(
    readonly w: World,
    /** Component id, e.g. `deployment-controller`. */
    readonly id: string,
  ) {
    this.client = new Client(w, id, CONTROLLER_MANAGER);
    w.rec.addComponent({ id, kind: 'controller-manager', name: id, host: 'control-plane', group: 'control-plane', parent: KCM });
  }

  protected watch(spec: Omit<WatchSpec, 'component'>): void {
    this.w.api.watch({ ...spec, component: this.id });
  }

  /**
   * Queues a key. As client-go's work queue: a key waiting is not queued twice
   * (the newest cause wins), and a key being reconciled is reconciled again
   * after the current pass is done.
   */
  enqueue(key: string, cause: string, delay: number = LATENCY.controllerQueue): void {
    if (this.processing.has(key)) {
      this.dirty.set(key, cause);
      return;
    }
    const waiting = this.queued.has(key);
    this.queued.set(key, cause);
    if (waiting) return;
    this.w.clock.after(delay, () => {
      const c = this.queued.get(key)!;
      this.queued.delete(key);
      this.processing.add(key);
      this.reconcile(key, c, () => {
        this.processing.delete(key);
        const again = this.dirty.get(key);
        if (again !== undefined) {
          this.dirty.delete(key);
          this.enqueue(key, again);
        }
      });
    });
  }

  /** Brings the world towards the desired state of `key`; `cause` is the notification that queued it; `done` when all writes are answered. */
  protected abstract reconcile(key: string, cause: string, done: () => void): void;

  /**
   * queue.AddAfter(key, minReadySeconds) of the ReplicaSet, StatefulSet and
   * DaemonSet controllers: the object `kind`/`key` is synced again once the
   * pods Ready now have been Ready for `minReadySeconds` (one wake-up per key;
   * an earlier one already pending is kept), unless it is gone by then.
   */
  protected requeueAfterMinReady(kind: string, key: string, name: string, minReadySeconds: number, cause: string): void {
    const due = this.w.clock.now() + minReadySeconds * 1000;
    const pending = this.minReadyDue.get(key);
    if (pending !== undefined && pending <= due) return;
    this.minReadyDue.set(key, due);
    backgroundAfter(this.w, minReadySeconds * 1000, () => {
      if (this.minReadyDue.get(key) !== due) return;
      this.minReadyDue.delete(key);
      if (!this.w.api.cache.get(kind, key)) return;
      const lower = kind.toLowerCase();
      const t = this.w.rec.emit({ type: 'action', from: this.id, to: this.id, action: `${lower}-min-ready`, summary: `minReadySeconds ${minReadySeconds}s of ${lower}/${name} passed: sync again`, cause });
      this.enqueue(key, t);
    });
  }

  protected source(): { component: string } {
    return { component: this.id };
  }
}
