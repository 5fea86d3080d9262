/**
 * The EndpointSliceMirroring controller wired into the cluster
 * (components/controllers/endpointslicemirroring.ts): what it writes through
 * the API server for hand-written Endpoints, in the situations of
 * endpointslicemirroring_controller_test.go (TestSyncEndpoints: Service
 * without selector, with a selector, skip-mirror, deleted Endpoints, a
 * mirrored slice deleted by someone else) and next to the EndpointSlice
 * controller, which keeps to its own slices.
 */
import { describe, expect, it } from 'vitest';
import type { Obj } from '../../src/cluster/core/object.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import type { Cluster } from '../../src/cluster/boot/cluster.ts';
import { call, cluster, trace } from './helpers.ts';

const SVC = resourceForKind('Service')!;
const EP = resourceForKind('Endpoints')!;
const SLICE = resourceForKind('EndpointSlice')!;
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const MIRRORING = 'endpointslicemirroring-controller.k8s.io';

const service = (selector?: Record<string, string>): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'ext', namespace: 'default' },
  spec: { ports: [{ name: 'https', port: 443, targetPort: 8443 }], ...(selector ? { selector } : {}) },
});

const endpoints = (ips: string[], extra: Partial<Obj['metadata']> = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Endpoints',
  metadata: { name: 'ext', namespace: 'default', ...extra },
  subsets: [{ addresses: ips.map((ip) => ({ ip })), ports: [{ name: 'https', port: 8443, protocol: 'TCP' }] }],
});

function mirrored(c: Cluster): Obj[] {
  return c.w.api.cache.list('EndpointSlice', 'default').filter((s) => s.metadata.labels?.[MANAGED_BY] === MIRRORING);
}

function setup(selector?: Record<string, string>, ips = ['203.0.113.10'], extra: Partial<Obj['metadata']> = {}): Cluster {
  const c = cluster(1);
  expect(call(c, { verb: 'create', resource: SVC, namespace: 'default', body: service(selector) }).status).toBe(201);
  expect(call(c, { verb: 'create', resource: EP, namespace: 'default', body: endpoints(ips, extra) }).status).toBe(201);
  return c;
}

describe('EndpointSliceMirroring controller', () => {
  it('mirrors the Endpoints of a Service without selector into one labelled slice owned by the Endpoints', () => {
    const c = setup();
    const ep = c.w.api.cache.list('Endpoints', 'default').find((e) => e.metadata.name === 'ext');
    const slices = mirrored(c);
    expect(slices).toHaveLength(1);
    const s = slices[0]!;
    expect(s.metadata.name).toMatch(/^ext-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toEqual({ 'kubernetes.io/service-name': 'ext', [MANAGED_BY]: MIRRORING });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Endpoints', name: 'ext', uid: ep?.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect({ addressType: s.addressType, endpoints: s.endpoints, ports: s.ports }).toEqual({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['203.0.113.10'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 8443, protocol: 'TCP' }],
    });
  });

  it('updates the slice in place when the Endpoints change, and deletes it with the Endpoints', () => {
    const c = setup();
    const name = mirrored(c)[0]?.metadata.name;
    const live = c.w.api.cache.list('Endpoints', 'default').find((e) => e.metadata.name === 'ext')!;
    expect(call(c, { verb: 'update', resource: EP, namespace: 'default', name: 'ext', body: { ...endpoints(['203.0.113.10', '203.0.113.11']), metadata: live.metadata } }).status).toBe(200);
    expect(mirrored(c).map((s) => [s.metadata.name, s.endpoints?.map((e) => e.addresses[0])])).toEqual([[name, ['203.0.113.10', '203.0.113.11']]]);
    expect(call(c, { verb: 'delete', resource: EP, namespace: 'default', name: 'ext' }).status).toBe(200);
    expect(mirrored(c)).toEqual([]);
  });

  it('does not mirror Endpoints labelled skip-mirror, and cleans up when the label is added', () => {
    const skipped = setup(undefined, ['203.0.113.10'], { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } });
    expect(mirrored(skipped)).toEqual([]);
    const c = setup();
    expect(mirrored(c)).toHaveLength(1);
    const live = c.w.api.cache.list('Endpoints', 'default').find((e) => e.metadata.name === 'ext')!;
    const body = { ...live, metadata: { ...live.metadata, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } };
    expect(call(c, { verb: 'update', resource: EP, namespace: 'default', name: 'ext', body }).status).toBe(200);
    expect(mirrored(c)).toEqual([]);
  });

  it('does not mirror the Endpoints of a Service with a selector; a selector added later removes the mirrored slice', () => {
    // The Endpoints controller writes this Service's Endpoints; a client overwrites them with an address.
    const withSelector = cluster(1);
    expect(call(withSelector, { verb: 'create', resource: SVC, namespace: 'default', body: service({ app: 'ext' }) }).status).toBe(201);
    const own = withSelector.w.api.cache.list('Endpoints', 'default').find((e) => e.metadata.name === 'ext')!;
    expect(call(withSelector, { verb: 'update', resource: EP, namespace: 'default', name: 'ext', body: { ...endpoints(['203.0.113.10']), metadata: own.metadata } }).status).toBe(200);
    expect(mirrored(withSelector)).toEqual([]);
    const c = setup();
    expect(mirrored(c)).toHaveLength(1);
    const svc = c.w.api.cache.list('Service', 'default').find((s) => s.metadata.name === 'ext')!;
    const body: Obj = { ...svc, spec: { ...(svc.spec as object), selector: { app: 'ext' } } };
    expect(call(c, { verb: 'update', resource: SVC, namespace: 'default', name: 'ext', body }).status).toBe(200);
    expect(mirrored(c)).toEqual([]);
    // The EndpointSlice controller's own (placeholder) slice for the Service now with a selector.
    expect(c.w.api.cache.list('EndpointSlice', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'ext').map((s) => s.metadata.labels?.[MANAGED_BY])).toEqual(['endpointslice-controller.k8s.io']);
  });

  it('recreates a mirrored slice someone else deleted', () => {
    const c = setup();
    const first = mirrored(c)[0]!.metadata.name;
    expect(call(c, { verb: 'delete', resource: SLICE, namespace: 'default', name: first }).status).toBe(200);
    const again = mirrored(c);
    expect(again).toHaveLength(1);
    expect(again[0]?.metadata.name).not.toBe(first);
    expect(again[0]?.endpoints?.[0]?.addresses).toEqual(['203.0.113.10']);
  });

  it('puts back what someone else changed in a mirrored slice: its endpoints, and annotations the Endpoints does not have', () => {
    const c = setup();
    const live = mirrored(c)[0]!;
    const edited: Obj = { ...live, metadata: { ...live.metadata, annotations: { note: 'edited by hand' } }, endpoints: [{ addresses: ['198.51.100.7'], conditions: { ready: true } }] };
    expect(call(c, { verb: 'update', resource: SLICE, namespace: 'default', name: live.metadata.name, body: edited }).status).toBe(200);
    const after = mirrored(c);
    expect(after.map((s) => [s.metadata.name, s.metadata.annotations, s.endpoints?.map((e) => e.addresses[0])])).toEqual([[live.metadata.name, undefined, ['203.0.113.10']]]);
    // Settled: no write loop (the clock ran until the cluster was quiet in call()).
    const writes = c.w.rec.events.filter((e) => e.from === 'endpointslice-mirroring-controller' && e.type === 'request');
    expect(writes.map((e) => e.verb)).toEqual(['create', 'update']);
  });

  it('skips an address that is not an IP and records a Warning Event on the Endpoints', () => {
    const c = setup(undefined, ['203.0.113.10', 'db.example.com']);
    expect(mirrored(c).flatMap((s) => s.endpoints ?? []).map((e) => e.addresses[0])).toEqual(['203.0.113.10']);
    const events = c.w.api.cache.list('Event', 'default').filter((e) => e.reason === 'InvalidIPAddress');
    expect(events.map((e) => [e.type, e.message, e.involvedObject?.kind, e.involvedObject?.name, e.source?.component])).toEqual([
      ['Warning', 'Skipped 1 invalid IP addresses when mirroring to EndpointSlices', 'Endpoints', 'ext', 'endpoint-slice-mirroring-controller'],
    ]);
  });

  it('the EndpointSlice controller leaves mirrored and hand-written slices of its Services alone', () => {
    const c = cluster(1);
    const handWritten: Obj = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-manual', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'] }],
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    };
    expect(call(c, { verb: 'create', resource: SLICE, namespace: 'default', body: handWritten }).status).toBe(201);
    const web: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80 }] } };
    expect(call(c, { verb: 'create', resource: SVC, namespace: 'default', body: web }).status).toBe(201);
    const names = c.w.api.cache.list('EndpointSlice', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'web').map((s) => s.metadata.name);
    expect(names).toContain('web-manual');
    expect(names).toHaveLength(2);
  });

  it('traces nothing in a cluster without hand-written Endpoints', () => {
    const t = trace(`
kubescene: v1
name: no-mirroring
cluster:
  kubernetes: "1.31"
  nodes: [{ name: worker-1 }]
files:
  web.yaml:
    - apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { selector: { app: web }, ports: [{ port: 80 }] }
    - apiVersion: v1
      kind: Service
      metadata: { name: db }
      spec: { type: ExternalName, externalName: db.example.com }
steps:
  - kubectl: apply -f web.yaml
    expect: { exit: 0 }
`);
    expect(t.events.filter((e) => e.from === 'endpointslice-mirroring-controller' || e.to === 'endpointslice-mirroring-controller')).toEqual([]);
  });
});
