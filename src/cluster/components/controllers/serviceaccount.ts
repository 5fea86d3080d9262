/** The ServiceAccount controller: every namespace gets a `default` ServiceAccount. */
import { resourceForKind } from '../../core/resources.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';

export class ServiceAccountController extends Controller {
  constructor(w: World) {
    super(w, 'serviceaccount-controller');
    this.watch({
      kinds: ['Namespace'],
      filter: (_o, t) => t === 'ADDED',
      handler: (e) => this.enqueue(e.object.metadata.name, e.cause),
    });
  }

  protected reconcile(ns: string, cause: string, done: () => void): void {
    const live = this.w.api.cache.get('Namespace', `/registry/namespaces/${ns}`);
    if (!live || live.metadata.deletionTimestamp) return done();
    if (this.w.api.cache.get('ServiceAccount', `/registry/serviceaccounts/${ns}/default`)) return done();
    this.client.call(
      { verb: 'create', resource: resourceForKind('ServiceAccount')!, namespace: ns, body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns } }, cause, note: 'default' },
      () => done(),
    );
  }
}
