/**
 * The v1 Endpoints controller's desired state (src/cluster/core/network/endpoints.ts),
 * with cases ported from pkg/controller/endpoint/endpoints_controller_test.go
 * (TestSyncServiceAddresses, TestSyncEndpointsItemsPreserveNoSelector,
 * TestSyncEndpointsItemsEmptySelectorSelectsAll*, TestSyncEndpointsItems,
 * TestSyncEndpointsHeadlessService, TestSyncEndpointsHeadlessWithoutPort,
 * TestTruncateEndpoints).
 */
import { describe, expect, it } from 'vitest';
import { computeEndpoints, type Pod, type Service } from '../../src/cluster/core/network/index.ts';

type Phase = 'Running' | 'Pending' | 'Unknown' | 'Failed' | 'Succeeded';

function pod(opts: { name?: string; ip?: string; phase?: Phase; ready?: boolean; terminating?: boolean; labels?: Record<string, string>; ns?: string; ports?: { name?: string; containerPort: number }[] } = {}): Pod {
  return {
    metadata: {
      name: opts.name ?? 'fakepod',
      namespace: opts.ns ?? 'ns',
      uid: `uid-${opts.name ?? 'fakepod'}`,
      labels: opts.labels ?? { foo: 'bar' },
      ...(opts.terminating ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: { nodeName: 'node-1', containers: [{ name: 'c', ports: opts.ports ?? [{ name: 'port1', containerPort: 8080 }] }] },
    status: { phase: opts.phase ?? 'Running', ...(opts.ip !== '' ? { podIP: opts.ip ?? '10.1.1.1' } : {}), conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
  };
}

function service(opts: { tolerate?: boolean; selector?: Record<string, string> | null; ports?: Service['spec']['ports']; clusterIP?: string; labels?: Record<string, string> } = {}): Service {
  return {
    metadata: { name: 'foo', namespace: 'ns', ...(opts.labels ? { labels: opts.labels } : {}) },
    spec: {
      ...(opts.selector === null ? {} : { selector: opts.selector ?? { foo: 'bar' } }),
      publishNotReadyAddresses: opts.tolerate ?? false,
      type: 'ClusterIP',
      clusterIP: opts.clusterIP ?? '1.1.1.1',
      ports: opts.ports ?? [{ port: 80, targetPort: 8080 }],
    },
  };
}

function counts(svc: Service, pods: Pod[]): [number, number] {
  const d = computeEndpoints(svc, pods)!;
  let r = 0;
  let n = 0;
  for (const s of d.subsets) {
    r += (s.addresses ?? []).length;
    n += (s.notReadyAddresses ?? []).length;
  }
  return [r, n];
}

describe('TestSyncServiceAddresses', () => {
  const cases: [string, Pod, Service, number, number][] = [
    ['pod running phase', pod({ phase: 'Running' }), service(), 1, 0],
    ['pod running phase being deleted', pod({ phase: 'Running', terminating: true }), service(), 0, 0],
    ['pod unknown phase container ready', pod({ phase: 'Unknown' }), service(), 1, 0],
    ['pod unknown phase container ready being deleted', pod({ phase: 'Unknown', terminating: true }), service(), 0, 0],
    ['pod pending phase container ready', pod({ phase: 'Pending' }), service(), 1, 0],
    ['pod pending phase container ready being deleted', pod({ phase: 'Pending', terminating: true }), service(), 0, 0],
    ['pod unknown phase container not ready', pod({ phase: 'Unknown', ready: false }), service(), 0, 1],
    ['pod pending phase container not ready', pod({ phase: 'Pending', ready: false }), service(), 0, 1],
    ['pod failed phase', pod({ phase: 'Failed', ready: false }), service(), 0, 0],
    ['pod succeeded phase', pod({ phase: 'Succeeded', ready: false }), service(), 0, 0],
    ['pod running phase and tolerate unready', pod({ ready: false }), service({ tolerate: true }), 1, 0],
    ['pod running phase and tolerate unready being deleted', pod({ ready: false, terminating: true }), service({ tolerate: true }), 1, 0],
    ['pod unknown phase and tolerate unready', pod({ phase: 'Unknown', ready: false }), service({ tolerate: true }), 1, 0],
    ['pod unknown phase and tolerate unready being deleted', pod({ phase: 'Unknown', ready: false, terminating: true }), service({ tolerate: true }), 1, 0],
    ['pod pending phase and tolerate unready', pod({ phase: 'Pending', ready: false }), service({ tolerate: true }), 1, 0],
    ['pod pending phase and tolerate unready being deleted', pod({ phase: 'Pending', ready: false, terminating: true }), service({ tolerate: true }), 1, 0],
    ['pod failed phase and tolerate unready', pod({ phase: 'Failed', ready: false }), service({ tolerate: true }), 0, 0],
    ['pod succeeded phase and tolerate unready endpoints', pod({ phase: 'Succeeded', ready: false }), service({ tolerate: true }), 0, 0],
  ];
  it.each(cases)('%s', (_name, p, svc, ready, notReady) => {
    expect(counts(svc, [p])).toEqual([ready, notReady]);
  });
});

describe('syncService', () => {
  it('a Service without a selector gets nothing from the controller (TestSyncEndpointsItemsPreserveNoSelector)', () => {
    expect(computeEndpoints(service({ selector: null }), [pod()])).toBeNull();
  });

  it('an empty selector selects every pod of the namespace (TestSyncEndpointsItemsEmptySelectorSelectsAll)', () => {
    const d = computeEndpoints(service({ selector: {} }), [pod({ name: 'pod0', ip: '1.2.3.4' }), pod({ name: 'other', ns: 'other', ip: '1.2.3.5' })])!;
    expect(d.subsets).toEqual([
      { addresses: [{ ip: '1.2.3.4', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'pod0', uid: 'uid-pod0' } }], ports: [{ port: 8080, protocol: 'TCP' }] },
    ]);
  });

  it('ready and not-ready pods share one subset (TestSyncEndpointsItemsEmptySelectorSelectsAllMixed)', () => {
    const d = computeEndpoints(service({ selector: {} }), [pod({ name: 'pod0', ip: '1.2.3.4' }), pod({ name: 'pod1', ip: '1.2.3.5', ready: false })])!;
    expect(d.subsets).toHaveLength(1);
    expect(d.subsets[0]!.addresses!.map((a) => a.ip)).toEqual(['1.2.3.4']);
    expect(d.subsets[0]!.notReadyAddresses!.map((a) => a.ip)).toEqual(['1.2.3.5']);
  });

  it('a pod without an IP is left out', () => {
    expect(counts(service(), [pod({ ip: '' })])).toEqual([0, 0]);
  });

  it('named ports resolve per pod; pods with the same ports are packed into one subset, sorted by IP (TestSyncEndpointsItems)', () => {
    const svc = service({ ports: [{ name: 'port0', port: 80, targetPort: 'port1' }, { name: 'port1', port: 88, targetPort: 8088 }] });
    const pods = [pod({ name: 'pod1', ip: '1.2.3.5' }), pod({ name: 'pod0', ip: '1.2.3.4' })];
    const d = computeEndpoints(svc, pods)!;
    expect(d.subsets).toHaveLength(1);
    expect(d.subsets[0]!.addresses!.map((a) => a.ip)).toEqual(['1.2.3.4', '1.2.3.5']);
    expect(d.subsets[0]!.ports).toEqual([
      { name: 'port0', port: 8080, protocol: 'TCP' },
      { name: 'port1', port: 8088, protocol: 'TCP' },
    ]);
  });

  it('a named port a pod does not declare leaves that pod out for that port', () => {
    const svc = service({ ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
    const d = computeEndpoints(svc, [pod({ name: 'a', ip: '1.2.3.4', ports: [{ name: 'http', containerPort: 80 }] }), pod({ name: 'b', ip: '1.2.3.5', ports: [{ name: 'web', containerPort: 80 }] })])!;
    expect(d.subsets.flatMap((s) => s.addresses ?? []).map((a) => a.ip)).toEqual(['1.2.3.4']);
  });

  it('copies the Service labels; a headless Service adds service.kubernetes.io/headless (TestSyncEndpointsItemsWithLabels, TestSyncEndpointsHeadlessService)', () => {
    expect(computeEndpoints(service({ labels: { foo: 'bar' } }), [pod()])!.labels).toEqual({ foo: 'bar' });
    expect(computeEndpoints(service({ labels: { a: 'b' }, clusterIP: 'None' }), [pod()])!.labels).toEqual({ a: 'b', 'service.kubernetes.io/headless': '' });
  });

  it('a headless Service without ports lists addresses without ports (TestSyncEndpointsHeadlessWithoutPort)', () => {
    const d = computeEndpoints(service({ clusterIP: 'None', ports: [] }), [pod({ ip: '1.2.3.4' })])!;
    expect(d.subsets).toEqual([{ addresses: [{ ip: '1.2.3.4', nodeName: 'node-1', targetRef: { kind: 'Pod', namespace: 'ns', name: 'fakepod', uid: 'uid-fakepod' } }] }]);
  });

  it('a non-headless Service without ports gets an empty Endpoints', () => {
    expect(computeEndpoints(service({ ports: [] }), [pod()])!.subsets).toEqual([]);
  });

  it('more than 1000 addresses are truncated, ready ones kept first (TestTruncateEndpoints)', () => {
    const pods = Array.from({ length: 1001 }, (_, i) => pod({ name: `p${i}`, ip: `10.0.${i >> 8}.${i & 255}` }));
    const d = computeEndpoints(service(), pods)!;
    expect(d.annotations).toEqual({ 'endpoints.kubernetes.io/over-capacity': 'truncated' });
    expect(counts(service(), pods)).toEqual([1000, 0]);
    const mixed = [...Array.from({ length: 600 }, (_, i) => pod({ name: `r${i}`, ip: `10.1.${i >> 8}.${i & 255}` })), ...Array.from({ length: 600 }, (_, i) => pod({ name: `n${i}`, ip: `10.2.${i >> 8}.${i & 255}`, ready: false }))];
    expect(counts(service(), mixed)).toEqual([600, 400]);
  });
});
