/**
 * The EndpointSlice controller: for every Service with a selector, keeps an
 * EndpointSlice (`<service>-<5 chars>`, label kubernetes.io/service-name)
 * listing the selected pods' IPs with their ready/serving/terminating
 * conditions and the Service's target ports.
 */
import { clone, ownerRef, type Obj } from '../../core/object.ts';
import { asPod, asService } from '../../core/typed.ts';
import { resourceForKind } from '../../core/resources.ts';
import { mapSelectorMatches } from '../../core/selector.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import { isPodReady, keyOf, specChanged } from '../../core/object-helpers.ts';
import { computeEndpointSlices, diffEndpointSlices, ENDPOINTSLICE_CONTROLLER_NAME, MANAGED_BY_LABEL } from '../../core/network/index.ts';
import { plural } from '../../../common/text.ts';

const SLICE = resourceForKind('EndpointSlice')!;
const SERVICE_NAME = 'kubernetes.io/service-name';

export class EndpointSliceController extends Controller {
  constructor(w: World) {
    super(w, 'endpointslice-controller');
    this.watch({
      kinds: ['Service'],
      filter: (o, t, old) => hasSelector(o) && (t !== 'MODIFIED' || specChanged(o, old)),
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
      .filter((s) => hasSelector(s) && (mapSelectorMatches(s.spec.selector, pod.metadata.labels) || (old && mapSelectorMatches(s.spec.selector, old.metadata.labels))));
  }

  /**
   * The desired slices come from the pure networking module
   * (network/endpointslices.ts, after the real reconciler); this method only
   * writes the difference through the API server. New slices are created with
   * generateName, so the API server picks their `<service>-<5 chars>` names.
   */
  protected reconcile(key: string, cause: string, done: () => void): void {
    const svc = this.w.api.cache.get('Service', key);
    if (!svc || !hasSelector(svc)) return done();
    const ns = svc.metadata.namespace!;
    // Only this controller's slices (service-name + managed-by, as its lister's selector): mirrored and
    // hand-written slices for the same Service are someone else's.
    const existing = this.w.api.cache.list('EndpointSlice', ns).filter((s) => s.metadata.labels?.[SERVICE_NAME] === svc.metadata.name && s.metadata.labels?.[MANAGED_BY_LABEL] === ENDPOINTSLICE_CONTROLLER_NAME);
    const desired = computeEndpointSlices(
      svc,
      this.w.api.cache.list('Pod', ns),
      { suffix: () => '', nodeZones: this.nodeZones() },
      existing,
    );
    const changes = diffEndpointSlices(existing, desired);
    const writes: ((next: () => void) => void)[] = [
      ...changes.create.map((d) => (next: () => void) => {
        const body: Obj = { ...d, metadata: { ...d.metadata, name: '', ownerReferences: [ownerRef(svc)] } };
        this.client.call({ verb: 'create', resource: SLICE, namespace: ns, body, cause, note: `for service ${svc.metadata.name}` }, () => next());
      }),
      ...changes.update.map((d) => (next: () => void) => {
        const live = existing.find((e) => e.metadata.name === d.metadata.name)!;
        const body: Obj = { ...clone(live), metadata: { ...clone(live).metadata, labels: d.metadata.labels }, endpoints: d.endpoints, ports: d.ports };
        this.client.call({ verb: 'update', resource: SLICE, namespace: ns, name: live.metadata.name, body, cause, note: `${live.metadata.name} (${plural(d.endpoints.length, 'endpoint')})` }, () => next());
      }),
      ...changes.delete.map((d) => (next: () => void) => {
        this.client.call({ verb: 'delete', resource: SLICE, namespace: ns, name: d.metadata.name, cause }, () => next());
      }),
    ];
    const run = (i: number): void => (i < writes.length ? writes[i]!(() => run(i + 1)) : done());
    run(0);
  }

  /** topology.kubernetes.io/zone of every node that has one (the slices' endpoint zones). */
  private nodeZones(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const n of this.w.api.cache.list('Node')) {
      const z = n.metadata.labels?.['topology.kubernetes.io/zone'];
      if (z) out[n.metadata.name] = z;
    }
    return out;
  }
}

function hasSelector(s: Obj): boolean {
  const selector = asService(s).spec?.selector;
  return Boolean(selector) && Object.keys(selector ?? {}).length > 0;
}

function endpointChanged(obj: Obj, prev: Obj | undefined): boolean {
  if (!prev) return true;
  const o = asPod(obj);
  const old = asPod(prev);
  return (
    o.status?.podIP !== old.status?.podIP ||
    isPodReady(o) !== isPodReady(old) ||
    Boolean(o.metadata.deletionTimestamp) !== Boolean(old.metadata.deletionTimestamp) ||
    JSON.stringify(o.metadata.labels) !== JSON.stringify(old.metadata.labels)
  );
}

