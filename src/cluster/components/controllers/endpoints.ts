/**
 * The v1 Endpoints controller (kube-controller-manager's `endpoint`
 * controller, still on by default in 1.31): for every Service with a
 * selector, keeps an Endpoints object of the same name listing the selected
 * pods as ready or not-ready addresses with the Service's resolved ports.
 * The desired object comes from core/network/endpoints.ts; this wiring reads
 * the informer cache and writes the difference (create, update, or delete
 * when the Service is gone). Endpoints carry no owner reference: the
 * controller deletes them itself.
 */
import type { Obj } from '../../core/object.ts';
import { asPod, asService } from '../../core/typed.ts';
import { resourceForKind, etcdKey } from '../../core/resources.ts';
import { mapSelectorMatches } from '../../core/selector.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodReady, keyOf, specChanged } from '../../core/object-helpers.ts';
import { computeEndpoints, endpointsUpToDate, managesEndpoints } from '../../core/network/index.ts';

const ENDPOINTS = resourceForKind('Endpoints')!;
const SERVICE = resourceForKind('Service')!;

export const ENDPOINTS_CONTROLLER = 'endpoints-controller';

export class EndpointsController extends Controller {
  constructor(w: World) {
    super(w, ENDPOINTS_CONTROLLER);
    this.watch({
      kinds: ['Service'],
      filter: (o, t, old) => (managesEndpoints(asService(o)) || t === 'DELETED') && o.metadata.name !== 'kubernetes' && (t !== 'MODIFIED' || specChanged(o, old) || labelsChanged(o, old)),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Pod'],
      filter: (o, t, old) => this.servicesFor(o, old).length > 0 && (t !== 'MODIFIED' || endpointChanged(o, old)),
      handler: (e) => {
        for (const s of this.servicesFor(e.object, e.old)) this.enqueue(keyOf(s), e.cause);
      },
    });
  }

  private servicesFor(pod: Obj, old?: Obj): Obj[] {
    return this.w.api.cache
      .list('Service', pod.metadata.namespace)
      .filter((s) => managesEndpoints(s) && (mapSelectorMatches(s.spec.selector, pod.metadata.labels) || (old !== undefined && mapSelectorMatches(s.spec.selector, old.metadata.labels))));
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const [ns, name] = key.slice(SERVICE.etcdPrefix.length + 1).split('/') as [string, string];
    const svc = this.w.api.cache.get('Service', key);
    const current = this.w.api.cache.get('Endpoints', etcdKey(ENDPOINTS, ns, name));
    if (!svc) {
      // The Service is gone: delete its Endpoints (not found is fine).
      if (!current) return done();
      return this.client.call({ verb: 'delete', resource: ENDPOINTS, namespace: ns, name, cause, note: `${name} (service deleted)` }, () => done());
    }
    const desired = computeEndpoints(svc, this.w.api.cache.list('Pod', ns));
    if (!desired) return done();
    const note = `${name} (${desired.ready} ready, ${desired.notReady} not ready)`;
    if (current && endpointsUpToDate(current, desired)) return done();
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    delete annotations['endpoints.kubernetes.io/over-capacity'];
    Object.assign(annotations, desired.annotations);
    const metadata: Obj['metadata'] = {
      ...(current ? current.metadata : { name, namespace: ns }),
      ...(Object.keys(desired.labels).length > 0 ? { labels: desired.labels } : {}),
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
    if (Object.keys(desired.labels).length === 0) delete metadata.labels;
    const body: Obj = { apiVersion: 'v1', kind: 'Endpoints', metadata, ...(desired.subsets.length > 0 ? { subsets: desired.subsets } : {}) };
    if (!current) return this.client.call({ verb: 'create', resource: ENDPOINTS, namespace: ns, body, cause, note }, () => done());
    this.client.call({ verb: 'update', resource: ENDPOINTS, namespace: ns, name, body, cause, note }, () => done());
  }
}

function labelsChanged(o: Obj, old: Obj | undefined): boolean {
  return JSON.stringify(o.metadata.labels ?? {}) !== JSON.stringify(old?.metadata.labels ?? {});
}

function endpointChanged(obj: Obj, prev: Obj | undefined): boolean {
  if (!prev) return true;
  const o = asPod(obj);
  const old = asPod(prev);
  return (
    o.status?.podIP !== old.status?.podIP ||
    o.status?.phase !== old.status?.phase ||
    isPodReady(o) !== isPodReady(old) ||
    Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp) ||
    o.spec?.nodeName !== old.spec?.nodeName ||
    JSON.stringify(o.metadata.labels) !== JSON.stringify(old.metadata.labels)
  );
}
