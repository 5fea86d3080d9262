/**
 * The garbage collector: when an owner is gone, its dependents go too
 * (background cascading deletion, kubectl's default); an owner deleted in
 * the foreground keeps a `foregroundDeletion` finalizer until its dependents
 * are gone; `orphan` strips the ownerReferences instead.
 */
import { clone, type Obj } from '../../core/object.ts';
import { resourceForKind } from '../../core/resources.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { keyOf } from '../../core/object-helpers.ts';

export class GarbageCollector extends Controller {
  /** Owners being deleted in the foreground/orphan mode: uid → cache key. */
  private readonly waiting = new Map<string, { kind: string; key: string }>();

  constructor(w: World) {
    super(w, 'garbage-collector');
    this.watch({
      kinds: ['*'],
      filter: (o, t, old) => this.relevant(o, t, old),
      handler: (e) => {
        const o = e.object;
        if (e.type === 'DELETED') {
          if (this.w.api.cache.ownedBy(o.metadata.uid!).length > 0) this.enqueue(`orphans|${o.metadata.uid}`, e.cause);
          for (const ref of o.metadata.ownerReferences ?? []) if (this.waiting.has(ref.uid)) this.enqueue(`owner|${ref.uid}`, e.cause);
        } else {
          this.waiting.set(o.metadata.uid!, { kind: o.kind, key: keyOf(o) });
          this.enqueue(`owner|${o.metadata.uid}`, e.cause);
        }
      },
    });
  }

  private relevant(o: Obj, t: string, old?: Obj): boolean {
    if (o.kind === 'Event') return false;
    if (t === 'DELETED') {
      return this.w.api.cache.ownedBy(o.metadata.uid ?? '').length > 0 || (o.metadata.ownerReferences ?? []).some((r) => this.waiting.has(r.uid));
    }
    const f = o.metadata.finalizers ?? [];
    const marked = Boolean(o.metadata.deletionTimestamp) && (f.includes('foregroundDeletion') || f.includes('orphan'));
    return marked && !old?.metadata.deletionTimestamp;
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const [mode, uid] = key.split('|') as [string, string];
    const dependents = this.w.api.cache.ownedBy(uid).filter((d) => !d.metadata.deletionTimestamp);
    if (mode === 'orphans') return this.deleteAll(dependents, 'Background', cause, done);
    const owner = this.waiting.get(uid);
    const live = owner ? this.w.api.cache.get(owner.kind, owner.key) : undefined;
    if (!owner || !live) {
      this.waiting.delete(uid);
      return done();
    }
    const f = live.metadata.finalizers ?? [];
    if (f.includes('orphan')) return this.orphan(dependents, uid, cause, () => this.removeFinalizer(live, 'orphan', cause, done));
    const remaining = this.w.api.cache.ownedBy(uid);
    if (remaining.length === 0) return this.removeFinalizer(live, 'foregroundDeletion', cause, done);
    this.deleteAll(dependents, 'Foreground', cause, done);
  }

  private deleteAll(objs: Obj[], policy: 'Background' | 'Foreground', cause: string, done: () => void): void {
    let left = objs.length;
    if (left === 0) return done();
    for (const d of objs) {
      this.client.call(
        { verb: 'delete', resource: resourceForKind(d.kind)!, namespace: d.metadata.namespace, name: d.metadata.name, propagationPolicy: policy, cause },
        () => {
          if (--left === 0) done();
        },
      );
    }
  }

  private orphan(objs: Obj[], uid: string, cause: string, done: () => void): void {
    let left = objs.length;
    if (left === 0) return done();
    for (const d of objs) {
      this.client.call(
        {
          verb: 'patch',
          resource: resourceForKind(d.kind)!,
          namespace: d.metadata.namespace,
          name: d.metadata.name,
          patch: (live) => {
            const refs = (live.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
            const next = clone(live);
            if (refs.length > 0) next.metadata.ownerReferences = refs;
            else delete next.metadata.ownerReferences;
            return next;
          },
          cause,
          note: '(orphan)',
        },
        () => {
          if (--left === 0) done();
        },
      );
    }
  }

  private removeFinalizer(o: Obj, finalizer: string, cause: string, done: () => void): void {
    this.waiting.delete(o.metadata.uid!);
    this.client.call(
      {
        verb: 'patch',
        resource: resourceForKind(o.kind)!,
        namespace: o.metadata.namespace,
        name: o.metadata.name,
        patch: (live) => {
          const next = clone(live);
          next.metadata.finalizers = (live.metadata.finalizers ?? []).filter((f) => f !== finalizer);
          if (next.metadata.finalizers.length === 0) delete next.metadata.finalizers;
          return next;
        },
        cause,
        note: `(remove ${finalizer} finalizer)`,
      },
      () => done(),
    );
  }
}
