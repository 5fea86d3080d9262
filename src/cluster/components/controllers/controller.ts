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

export const KCM = 'kube-controller-manager';

export abstract class Controller {
  readonly client: Client;
  private readonly queued = new Map<string, string>();
  private readonly processing = new Set<string>();
  private readonly dirty = new Map<string, string>();

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

  protected source(): { component: string } {
    return { component: this.id };
  }
}
