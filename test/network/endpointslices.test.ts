/**
 * Cases after staging/src/k8s.io/endpointslice/utils_test.go (TestPodToEndpoint,
 * TestGetEndpointPorts), reconciler_test.go (placeholder slice, max endpoints
 * per slice) and pkg/api/v1/pod/util_test.go (TestFindPort).
 */
import { describe, expect, it } from 'vitest';
import { backendsFor, computeEndpointSlices, diffEndpointSlices, findPort } from '../../src/cluster/core/network/endpointslices.ts';
import type { Pod, Service } from '../../src/cluster/core/network/types.ts';
import { pod, suffixes } from './fixtures.ts';
import { at } from '../helpers/at.ts';

const web: Service = { metadata: { name: 'web', namespace: 'default', uid: 'svc-uid' }, spec: { clusterIP: '10.96.100.50', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } };

describe('findPort', () => {
  const p = pod('p', '10.244.1.2', 'worker-1', {}, { ports: [{ name: 'http', containerPort: 8080 }, { name: 'dns', containerPort: 53, protocol: 'UDP' }] });
  it.each([
    ['number', { port: 80, targetPort: 9376 }, 9376],
    ['defaults to port', { port: 80 }, 80],
    ['numeric string', { port: 80, targetPort: '8000' }, 8000],
    ['named', { port: 80, targetPort: 'http' }, 8080],
    ['named, protocol must match', { port: 53, targetPort: 'dns', protocol: 'TCP' as const }, undefined],
    ['named UDP', { port: 53, targetPort: 'dns', protocol: 'UDP' as const }, 53],
    ['unknown name', { port: 80, targetPort: 'nope' }, undefined],
  ])('%s', (_n, sp, want) => expect(findPort(p, sp)).toBe(want));
});

describe('computeEndpointSlices', () => {
  it('conditions: ready, not ready, terminating, publishNotReadyAddresses', () => {
    const pods: Pod[] = [
      pod('a', '10.244.1.2', 'worker-1', { app: 'web' }),
      pod('b', '10.244.1.3', 'worker-1', { app: 'web' }, { ready: false }),
      pod('c', '10.244.2.2', 'worker-2', { app: 'web' }, { terminating: true }),
      pod('d', '10.244.2.3', 'worker-2', { app: 'web' }, { terminating: true, ready: false }),
    ];
    const s = at(computeEndpointSlices(web, pods, { suffix: suffixes() }), 0);
    expect(s.endpoints.map((e) => [e.targetRef?.name, e.conditions])).toEqual([
      ['a', { ready: true, serving: true, terminating: false }],
      ['b', { ready: false, serving: false, terminating: false }],
      ['c', { ready: false, serving: true, terminating: true }],
      ['d', { ready: false, serving: false, terminating: true }],
    ]);
    const pub = { ...web, spec: { ...web.spec, publishNotReadyAddresses: true } };
    const s2 = at(computeEndpointSlices(pub, pods, { suffix: suffixes() }), 0);
    expect(s2.endpoints.map((e) => e.conditions.ready)).toEqual([true, true, true, true]);
  });

  it('the whole slice object', () => {
    const [s] = computeEndpointSlices(web, [pod('a', '10.244.1.2', 'worker-1', { app: 'web' })], { suffix: () => 'x7k2p', nodeZones: { 'worker-1': 'zone-a' } });
    expect(s).toEqual({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'web-x7k2p',
        generateName: 'web-',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: 'svc-uid', controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints: [{
        addresses: ['10.244.1.2'],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: 'worker-1',
        zone: 'zone-a',
        targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
      }],
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    });
  });

  it('leaves out terminal pods, pods without IP, other namespaces and non-matching labels', () => {
    const done = pod('done', '10.244.1.9', 'worker-1', { app: 'web' });
    done.status!.phase = 'Succeeded';
    const noIP = pod('pending', '', 'worker-1', { app: 'web' });
    const pods = [done, noIP, pod('other-ns', '10.244.1.5', 'worker-1', { app: 'web' }, { ns: 'prod' }), pod('db', '10.244.1.6', 'worker-1', { app: 'db' }), pod('ok', '10.244.1.7', 'worker-1', { app: 'web', extra: 'x' })];
    const s = at(computeEndpointSlices(web, pods, { suffix: suffixes() }), 0);
    expect(s.endpoints.map((e) => e.targetRef?.name)).toEqual(['ok']);
  });

  it('pods whose ports resolve differently go to different slices', () => {
    const pods = [
      pod('a', '10.244.1.2', 'worker-1', { app: 'web' }),
      pod('b', '10.244.1.3', 'worker-1', { app: 'web' }, { ports: [{ name: 'http', containerPort: 9090 }] }),
      pod('c', '10.244.1.4', 'worker-1', { app: 'web' }, { ports: [] }),
    ];
    const slices = computeEndpointSlices(web, pods, { suffix: suffixes() });
    expect(slices.map((s) => [s.metadata.name, s.ports.map((p) => p.port), s.endpoints.map((e) => e.targetRef?.name)])).toEqual([
      ['web-abcde', [8080], ['a']],
      ['web-fghij', [9090], ['b']],
      ['web-klmno', [], ['c']],
    ]);
  });

  it('at most 100 endpoints per slice', () => {
    const pods = Array.from({ length: 250 }, (_, i) => pod(`p${i}`, `10.244.${1 + Math.floor(i / 200)}.${(i % 200) + 2}`, 'worker-1', { app: 'web' }));
    const slices = computeEndpointSlices(web, pods, { suffix: suffixes() });
    expect(slices.map((s) => s.endpoints.length)).toEqual([100, 100, 50]);
    expect(computeEndpointSlices(web, pods, { suffix: suffixes(), maxEndpointsPerSlice: 1000 }).length).toBe(1);
  });

  it('a placeholder when nothing matches; none without a selector or for ExternalName', () => {
    const p = at(computeEndpointSlices(web, [], { suffix: suffixes() }), 0);
    expect([p.metadata.name, p.endpoints, p.ports]).toEqual(['web-abcde', [], []]);
    expect(computeEndpointSlices({ ...web, spec: { ...web.spec, selector: undefined } }, [], { suffix: suffixes() })).toEqual([]);
    expect(computeEndpointSlices({ ...web, spec: { ...web.spec, type: 'ExternalName', externalName: 'x.example.com' } }, [], { suffix: suffixes() })).toEqual([]);
  });

  it('headless: label and hostnames for pods of its subdomain', () => {
    const db: Service = { metadata: { name: 'db', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } };
    const p0 = pod('db-0', '10.244.1.2', 'worker-1', { app: 'db' });
    p0.spec.hostname = 'db-0';
    p0.spec.subdomain = 'db';
    const p1 = pod('db-1', '10.244.1.3', 'worker-1', { app: 'db' });
    p1.spec.hostname = 'db-1';
    p1.spec.subdomain = 'other';
    const s = at(computeEndpointSlices(db, [p0, p1], { suffix: suffixes() }), 0);
    expect(s.metadata.labels?.['service.kubernetes.io/headless']).toBe('');
    expect(s.endpoints.map((e) => e.hostname)).toEqual(['db-0', undefined]);
  });

  it('re-sync reuses names and reports only real changes', () => {
    const pods = [pod('a', '10.244.1.2', 'worker-1', { app: 'web' })];
    const first = computeEndpointSlices(web, pods, { suffix: suffixes() });
    const again = computeEndpointSlices(web, pods, { suffix: () => 'zzzzz' }, first);
    expect(at(again, 0).metadata.name).toBe(at(first, 0).metadata.name);
    expect(diffEndpointSlices(first, again)).toEqual({ create: [], update: [], delete: [] });
    const more = computeEndpointSlices(web, [...pods, pod('b', '10.244.2.2', 'worker-2', { app: 'web' })], { suffix: () => 'zzzzz' }, first);
    const d = diffEndpointSlices(first, more);
    expect([d.create.length, d.update.map((s) => s.metadata.name), d.delete.length]).toEqual([0, ['web-abcde'], 0]);
    const gone = computeEndpointSlices({ ...web, spec: { ...web.spec, ports: [{ name: 'http', port: 80, targetPort: 9999 }] } }, pods, { suffix: () => 'qqqqq' }, first);
    const d2 = diffEndpointSlices(first, gone);
    expect([d2.create.map((s) => s.metadata.name), d2.delete.map((s) => s.metadata.name)]).toEqual([['web-qqqqq'], ['web-abcde']]);
  });

  it('canary: two Deployments behind one Service share the ready endpoints', () => {
    const svc: Service = { metadata: { name: 'app', namespace: 'default' }, spec: { clusterIP: '10.96.5.5', selector: { app: 'app' }, ports: [{ port: 80, targetPort: 8080 }] } };
    const pods = [
      pod('stable-1', '10.244.1.2', 'worker-1', { app: 'app', track: 'stable' }),
      pod('stable-2', '10.244.2.2', 'worker-2', { app: 'app', track: 'stable' }),
      pod('stable-3', '10.244.3.2', 'worker-3', { app: 'app', track: 'stable' }),
      pod('canary-1', '10.244.1.3', 'worker-1', { app: 'app', track: 'canary' }),
      pod('canary-2', '10.244.2.3', 'worker-2', { app: 'app', track: 'canary' }, { ready: false }),
    ];
    const backends = backendsFor(computeEndpointSlices(svc, pods, { suffix: suffixes() }), '');
    const ready = backends.filter((b) => b.ready).map((b) => b.podName);
    expect(ready).toEqual(['stable-1', 'stable-2', 'stable-3', 'canary-1']);
  });
});
