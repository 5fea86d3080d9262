/**
 * The EndpointSliceMirroring controller (kube-controller-manager's
 * `endpointslice-mirroring-controller`, 1.31): Endpoints a client wrote for a
 * Service without a selector are mirrored into EndpointSlices labelled
 * `endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io`,
 * so that kube-proxy (which reads only EndpointSlices) programs them.
 * The desired slices come from core/network/endpointslicemirroring.ts; this
 * wiring is syncEndpoints of endpointslicemirroring_controller.go:
 * - the queue key is the Endpoints' namespace/name (= the Service's);
 * - Endpoints gone, not to mirror (skip-mirror, leader-election lock), Service
 *   gone or with a selector: its mirrored slices are deleted;
 * - otherwise the reconciler's creates, updates and deletes are written, and
 *   its Warning Events recorded on the Endpoints;
 * - informers: Endpoints (to mirror, before or after the change), Services
 *   without a selector (added, deleted, or gaining/losing one), and this
 *   controller's slices when someone else changed or deleted them (the
 *   endpointSliceTracker: the controller's own writes are expected and
 *   do not queue a sync).
 * Notifications the controller would only turn into a no-op sync (Endpoints of
 * Services with a selector, Services without Endpoints) are filtered out, so
 * that clusters without hand-written Endpoints trace nothing from it.
 */
import { canonicalJson } from '../../../common/hash.ts';
import type { Obj } from '../../core/object.ts';
import { resourceForKind, etcdKey } from '../../core/resources.ts';
import type { World } from '../world.ts';
import { Controller } from './controller.ts';
import {
  isMirroredFor,
  reconcileMirror,
  shouldMirror,
  MANAGED_BY_LABEL,
  MIRRORING_CONTROLLER_NAME,
  MIRRORING_EVENT_COMPONENT,
  SERVICE_NAME_LABEL,
  type EndpointAddress,
  type EndpointsObject,
  type EndpointSubset,
  type EndpointsPort,
  type ExistingSlice,
  type MirroredSlice,
  type Protocol,
} from '../../core/network/index.ts';
import { plural } from '../../../common/text.ts';

const ENDPOINTS = resourceForKind('Endpoints')!;
const SERVICE = resourceForKind('Service')!;
const SLICE = resourceForKind('EndpointSlice')!;

export const MIRRORING_CONTROLLER = 'endpointslice-mirroring-controller';

export class EndpointSliceMirroringController extends Controller {
  /** Content of slices this controller wrote and whose notification has not come back yet (the tracker's expected versions). */
  private readonly expectedWrites = new Set<string>();
  /** namespace/name of slices this controller deleted (the tracker's ExpectDeletion). */
  private readonly expectedDeletes = new Set<string>();

  constructor(w: World) {
    super(w, MIRRORING_CONTROLLER);
    this.watch({
      kinds: ['Endpoints'],
      filter: (o, t, old) => (shouldMirror(asEndpoints(o)) || (t === 'MODIFIED' && old !== undefined && shouldMirror(asEndpoints(old)))) && this.concerns(ns(o), o.metadata.name, t !== 'DELETED'),
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['Service'],
      filter: (o, t, old) => {
        const changed = t === 'MODIFIED' ? old !== undefined && hasSelector(o) !== hasSelector(old) : !hasSelector(o);
        return changed && (this.endpointsToMirror(ns(o), o.metadata.name) || this.mirrored(ns(o), o.metadata.name).length > 0);
      },
      handler: (e) => this.enqueue(keyOf(e.object), e.cause),
    });
    this.watch({
      kinds: ['EndpointSlice'],
      filter: (o, t, old) => this.sliceNeedsSync(o, t, old),
      handler: (e) => {
        for (const k of sliceKeys(e.object, e.old)) this.enqueue(k, e.cause);
      },
    });
  }

  /** Would a sync of namespace/name do anything: Endpoints to mirror for a Service without selector, or mirrored slices to clean up. */
  private concerns(namespace: string, name: string, endpointsExist: boolean): boolean {
    if (this.mirrored(namespace, name).length > 0) return true;
    if (!endpointsExist) return false;
    const svc = this.w.api.cache.get('Service', etcdKey(SERVICE, namespace, name));
    return svc !== undefined && !hasSelector(svc);
  }

  private endpointsToMirror(namespace: string, name: string): boolean {
    const ep = this.w.api.cache.get('Endpoints', etcdKey(ENDPOINTS, namespace, name));
    return ep !== undefined && shouldMirror(asEndpoints(ep));
  }

  private mirrored(namespace: string, name: string): Obj[] {
    return this.w.api.cache.list('EndpointSlice', namespace).filter((s) => isMirroredFor(s, name));
  }

  /** onEndpointSliceAdd/Update/Delete with the tracker: only changes this controller did not make itself. */
  private sliceNeedsSync(o: Obj, t: 'ADDED' | 'MODIFIED' | 'DELETED', old: Obj | undefined): boolean {
    const mine = managedByMe(o);
    if (t === 'DELETED') {
      const k = `${ns(o)}/${o.metadata.name}`;
      if (this.expectedDeletes.delete(k)) return false;
      return mine;
    }
    if (t === 'MODIFIED' && old && old.metadata.labels?.[SERVICE_NAME_LABEL] !== o.metadata.labels?.[SERVICE_NAME_LABEL]) return mine || managedByMe(old);
    if (mine && this.expectedWrites.delete(contentKey(ns(o), o))) return false;
    return (t === 'MODIFIED' && old !== undefined && managedByMe(old) !== mine) || mine;
  }

  protected reconcile(key: string, cause: string, done: () => void): void {
    const [namespace = '', name = ''] = key.split('/');
    const ep = this.w.api.cache.get('Endpoints', etcdKey(ENDPOINTS, namespace, name));
    const svc = this.w.api.cache.get('Service', etcdKey(SERVICE, namespace, name));
    const slices = this.mirrored(namespace, name);
    if (!ep || !shouldMirror(asEndpoints(ep)) || !svc || hasSelector(svc)) {
      // deleteMirroredSlices
      const why = !ep ? 'endpoints deleted' : !shouldMirror(asEndpoints(ep)) ? 'not to be mirrored' : !svc ? 'service not found' : 'service has a selector';
      return this.run(
        slices.map((s) => (next) => this.remove(s, cause, `${s.metadata.name} (${why})`, next)),
        done,
      );
    }
    const plan = reconcileMirror(asEndpoints(ep), slices.map(asExisting));
    const byName = new Map(slices.map((s) => [s.metadata.name, s]));
    const tasks: ((next: () => void) => void)[] = [
      ...plan.events.map((e) => (next: () => void) => this.client.event(ep, e.type, e.reason, e.message, { component: MIRRORING_EVENT_COMPONENT }, cause, next)),
      ...plan.create.map((d) => (next: () => void) => {
        this.expectedWrites.add(contentKey(namespace, d));
        this.client.call({ verb: 'create', resource: SLICE, namespace, body: sliceBody(d), cause, note: `mirroring endpoints ${name} (${plural(d.endpoints.length, 'endpoint')})` }, () => next());
      }),
      ...plan.update.map((d) => (next: () => void) => {
        // The live object with what the controller owns replaced: labels, annotations (all of them:
        // ones the Endpoints no longer has go), owner, address type, endpoints, ports.
        const live = byName.get(d.metadata.name);
        const wanted = sliceBody(d);
        const metadata: Obj['metadata'] = { ...(live?.metadata ?? {}), ...wanted.metadata };
        if (wanted.metadata.annotations === undefined) delete metadata.annotations;
        const body: Obj = { ...(live ?? {}), ...wanted, metadata };
        this.expectedWrites.add(contentKey(namespace, d));
        this.client.call({ verb: 'update', resource: SLICE, namespace, name: d.metadata.name, body, cause, note: `${d.metadata.name} (${plural(d.endpoints.length, 'endpoint')})` }, () => next());
      }),
      ...plan.delete.map((s) => (next: () => void) => {
        const live = byName.get(s.metadata.name);
        if (!live) return next();
        this.remove(live, cause, s.metadata.name, next);
      }),
    ];
    this.run(tasks, done);
  }

  private remove(s: Obj, cause: string, note: string, next: () => void): void {
    const namespace = ns(s);
    this.expectedDeletes.add(`${namespace}/${s.metadata.name}`);
    this.client.call({ verb: 'delete', resource: SLICE, namespace, name: s.metadata.name, cause, note }, () => next());
  }

  private run(tasks: ((next: () => void) => void)[], done: () => void): void {
    const step = (i: number): void => (i < tasks.length ? tasks[i]!(() => step(i + 1)) : done());
    step(0);
  }
}

function ns(o: Obj): string {
  return o.metadata.namespace ?? 'default';
}

function keyOf(o: Obj): string {
  return `${ns(o)}/${o.metadata.name}`;
}

/** The Endpoints a slice belongs to (kubernetes.io/service-name), before and after a label change. */
function sliceKeys(o: Obj, old: Obj | undefined): string[] {
  const names = new Set([o.metadata.labels?.[SERVICE_NAME_LABEL], old?.metadata.labels?.[SERVICE_NAME_LABEL]].filter((n): n is string => Boolean(n)));
  return [...names].map((n) => `${ns(o)}/${n}`);
}

function managedByMe(o: Obj): boolean {
  return o.metadata.labels?.[MANAGED_BY_LABEL] === MIRRORING_CONTROLLER_NAME;
}

/** A Service with a selector is the EndpointSlice controller's (an empty selector counts as none, as there). */
function hasSelector(svc: Obj): boolean {
  const spec = svc.spec;
  if (typeof spec !== 'object' || spec === null || !('selector' in spec)) return false;
  const selector = spec.selector;
  return typeof selector === 'object' && selector !== null && Object.keys(selector).length > 0;
}

/** What the tracker compares: the content this controller writes, whatever the API server added around it. */
function contentKey(namespace: string, s: { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> }; addressType?: string; endpoints?: unknown; ports?: unknown }): string {
  return canonicalJson({ namespace, labels: s.metadata.labels ?? {}, annotations: s.metadata.annotations ?? {}, addressType: s.addressType ?? '', endpoints: s.endpoints ?? [], ports: s.ports ?? [] });
}

function sliceBody(d: MirroredSlice): Obj {
  const { annotations, ...meta } = d.metadata;
  return { ...d, metadata: { ...meta, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) } };
}

function asExisting(s: Obj): ExistingSlice & { metadata: { name: string } } {
  return {
    metadata: {
      name: s.metadata.name,
      ...(s.metadata.labels ? { labels: s.metadata.labels } : {}),
      ...(s.metadata.annotations ? { annotations: s.metadata.annotations } : {}),
      ...(s.metadata.ownerReferences ? { ownerReferences: s.metadata.ownerReferences } : {}),
    },
    ...(s.addressType !== undefined ? { addressType: s.addressType } : {}),
    endpoints: s.endpoints ?? [],
    ports: s.ports ?? [],
  };
}

function protocol(p: string | undefined): Protocol {
  return p === 'UDP' || p === 'SCTP' ? p : 'TCP';
}

/** The stored Endpoints as the reconciler reads it (a port's protocol defaults to TCP, as the API server defaults it). */
function asEndpoints(o: Obj): EndpointsObject {
  const subsets: EndpointSubset[] = (o.subsets ?? []).map((s) => {
    const address = (a: { ip: string; hostname?: string; nodeName?: string; targetRef?: EndpointAddress['targetRef'] }): EndpointAddress => ({
      ip: a.ip,
      ...(a.hostname ? { hostname: a.hostname } : {}),
      ...(a.nodeName !== undefined ? { nodeName: a.nodeName } : {}),
      ...(a.targetRef ? { targetRef: a.targetRef } : {}),
    });
    const ports: EndpointsPort[] = (s.ports ?? []).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: protocol(p.protocol), ...(p.appProtocol !== undefined ? { appProtocol: p.appProtocol } : {}) }));
    return {
      ...(s.addresses ? { addresses: s.addresses.map(address) } : {}),
      ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses.map(address) } : {}),
      ...(ports.length > 0 ? { ports } : {}),
    };
  });
  return {
    metadata: {
      name: o.metadata.name,
      namespace: ns(o),
      ...(o.metadata.uid ? { uid: o.metadata.uid } : {}),
      ...(o.metadata.labels ? { labels: o.metadata.labels } : {}),
      ...(o.metadata.annotations ? { annotations: o.metadata.annotations } : {}),
      ...(o.metadata.deletionTimestamp ? { deletionTimestamp: o.metadata.deletionTimestamp } : {}),
    },
    subsets,
  };
}
