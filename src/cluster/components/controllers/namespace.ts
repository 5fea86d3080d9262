/**
 * The namespace controller: when a namespace is being deleted, it deletes
 * everything in it, and once it is empty, finalizes the namespace (which
 * removes it).
 */
import { resourceForKind, RESOURCES } from '../../core/resources.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { keyOf } from '../../core/object-helpers.ts';

const RECHECK_MS = 1000;

export class NamespaceController extends Controller {
  constructor(w: World) {
    super(w, 'namespace-controller');
    this.watch({
      kinds: ['Namespace'],
      filter: (o, t, old) => t === 'MODIFIED' && Boolean(o.metadata.deletionTimestamp) && !old?.metadata.deletionTimestamp,
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const ns = this.w.api.cache.get('Namespace', key);
    if (!ns) return done();
    const name = ns.metadata.name;
    const contents = [...RESOURCES, ...this.w.api.customResources()].filter((r) => r.namespaced).flatMap((r) => this.w.api.cache.list(r.kind, name));
    if (contents.length === 0) {
      return this.client.call({ verb: 'delete', resource: resourceForKind('Namespace')!, name, gracePeriodSeconds: 0, cause, note: `${name} (finalize)` }, () => done());
    }
    let left = contents.length;
    for (const o of contents) {
      if (o.metadata.deletionTimestamp) {
        if (--left === 0) this.recheck(key, cause, done);
        continue;
      }
      this.client.call({ verb: 'delete', resource: this.w.api.resourceOf(o.kind), namespace: name, name: o.metadata.name, cause }, () => {
        if (--left === 0) this.recheck(key, cause, done);
      });
    }
  }

  private recheck(key: string, cause: string, done: () => void): void {
    done();
    this.enqueue(key, cause, RECHECK_MS);
  }
}
