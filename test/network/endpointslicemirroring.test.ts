/**
 * The EndpointSliceMirroring reconciler (core/network/endpointslicemirroring.ts),
 * with the cases of pkg/controller/endpointslicemirroring reconciler_test.go
 * (TestReconcile: number of slices, number of client actions, and the
 * checks of expectEndpointSlices / expectMatchingAddresses) and utils_test.go
 * (TestNewEndpointSlice, TestAddressToEndpoint). The fake clientset is
 * replaced by applying the plan to the existing slices: one action per slice
 * created, updated or deleted.
 */
import { describe, expect, it } from 'vitest';
import {
  addressToEndpoint,
  newMirroredSlice,
  reconcileMirror,
  shouldMirror,
  type EndpointsObject,
  type ExistingSlice,
  type MirroredPort,
  type MirroredSlice,
} from '../../src/cluster/core/network/endpointslicemirroring.ts';
import { parseIPSloppy } from '../../src/cluster/core/network/ip.ts';
import { repackSubsets, type EndpointAddress, type EndpointSubset, type EndpointsPort } from '../../src/cluster/core/network/endpoints.ts';

const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const SERVICE_NAME = 'kubernetes.io/service-name';
const MIRRORING = 'endpointslicemirroring-controller.k8s.io';
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

const http80: EndpointsPort = { name: 'http', port: 80, protocol: 'TCP' };
const https443udp: EndpointsPort = { name: 'https', port: 443, protocol: 'UDP' };
const http3000: EndpointsPort = { name: 'http', port: 3000, protocol: 'TCP' };
const https3001udp: EndpointsPort = { name: 'https', port: 3001, protocol: 'UDP' };
const addr = (ip: string, hostname: string, nodeName?: string): EndpointAddress => ({ ip, hostname, ...(nodeName ? { nodeName } : {}) });

/** The second subset most cases share: three addresses on 3000/TCP and 3001/UDP. */
const subset2 = (ips: [string, string, string] = ['10.0.1.1', '10.0.1.2', '10.0.1.3']): EndpointSubset => ({
  ports: [http3000, https3001udp],
  addresses: [addr(ips[0], 'pod-11', 'node-1'), addr(ips[1], 'pod-12', 'node-2'), addr(ips[2], 'pod-13', 'node-3')],
});
const subset1 = (ips: [string, string] = ['10.0.0.1', '10.0.0.2']): EndpointSubset => ({
  ports: [http80, https443udp],
  addresses: [addr(ips[0], 'pod-1', 'node-1'), addr(ips[1], 'pod-2', 'node-2')],
});
const existing80443 = (name: string, endpoints: ExistingSlice['endpoints'] = []): ExistingSlice => ({
  metadata: { name },
  addressType: 'IPv4',
  ports: [
    { name: 'http', port: 80, protocol: 'TCP' },
    { name: 'https', port: 443, protocol: 'UDP' },
  ],
  endpoints,
});
const existing80 = (meta: Partial<ExistingSlice['metadata']> = {}): ExistingSlice => ({
  metadata: { name: 'test-ep-1', ...meta },
  addressType: 'IPv4',
  ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
  endpoints: [{ addresses: ['10.0.0.1'], hostname: 'pod-1', conditions: { ready: true } }],
});
const one80: EndpointSubset[] = [{ ports: [http80], addresses: [{ ip: '10.0.0.1', hostname: 'pod-1' }] }];

interface Case {
  name: string;
  subsets: EndpointSubset[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  deletionPending?: boolean;
  max?: number;
  existing?: ExistingSlice[];
  slices: number;
  actions: number;
  /** expectedMetrics: endpoints added / updated / removed, addresses skipped. */
  totals?: { added: number; updated?: number; removed?: number; skipped?: number };
}

const CASES: Case[] = [
  { name: 'Endpoints with no subsets', subsets: [], slices: 0, actions: 0, totals: { added: 0 } },
  { name: 'Endpoints with no addresses', subsets: [{ ports: [http80] }], slices: 0, actions: 0, totals: { added: 0 } },
  { name: 'Endpoints with 1 subset, port, and address', subsets: [{ ports: [http80], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] }], slices: 1, actions: 1, totals: { added: 1 } },
  {
    name: 'Endpoints with 2 subset, different port and address',
    subsets: [
      { ports: [http80], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] },
      { ports: [{ name: 'https', port: 443, protocol: 'TCP' }], addresses: [addr('10.0.0.2', 'pod-2', 'node-1')] },
    ],
    slices: 2,
    actions: 2,
    totals: { added: 2 },
  },
  {
    name: 'Endpoints with 2 subset, different port and same address',
    subsets: [
      { ports: [http80], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] },
      { ports: [{ name: 'https', port: 443, protocol: 'TCP' }], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] },
    ],
    slices: 1,
    actions: 1,
    totals: { added: 1 },
  },
  {
    name: 'Endpoints with 2 subset, different address and same port',
    subsets: [
      { ports: [http80], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] },
      { ports: [http80], addresses: [addr('10.0.0.2', 'pod-2', 'node-1')] },
    ],
    slices: 1,
    actions: 1,
    totals: { added: 2 },
  },
  { name: 'Endpoints with 1 subset, port, and address, pending deletion', subsets: [{ ports: [http80], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] }], deletionPending: true, slices: 0, actions: 0 },
  {
    name: 'Endpoints with 1 subset, port, and address and existing slice with same fields',
    subsets: one80,
    uid: 'd8f2c1f6-5285-4b3c-b3c1-9b89f9e7ed7a',
    existing: [existing80({ ownerReferences: [{ uid: 'd8f2c1f6-5285-4b3c-b3c1-9b89f9e7ed7a' }] })],
    slices: 1,
    actions: 0,
  },
  {
    name: 'Endpoints with 1 subset, port, and address and existing slice with same fields but different OwnerReferences',
    subsets: one80,
    uid: 'd8f2c1f6-5285-4b3c-b3c1-9b89f9e7ed7a',
    existing: [existing80({ ownerReferences: [{ uid: 'fb91e798-1875-4857-b5eb-e2c878157b4d' }] })],
    slices: 1,
    actions: 1,
  },
  { name: 'Endpoints with 1 subset, port, and address and existing slice with an additional annotation', subsets: one80, existing: [existing80({ annotations: { foo: 'bar' } })], slices: 1, actions: 1 },
  {
    name: 'Endpoints with 1 subset, port, label and address and existing slice with same fields but the label',
    subsets: one80,
    labels: { foo: 'bar' },
    existing: [existing80({ annotations: { foo: 'bar' } })],
    slices: 1,
    actions: 1,
  },
  { name: 'Endpoints with 1 subset, 2 ports, and 2 addresses', subsets: [subset1()], slices: 1, actions: 1, totals: { added: 2 } },
  {
    name: 'Endpoints with 1 subset, 2 ports, and 2 not ready addresses',
    subsets: [{ ports: [http80, https443udp], notReadyAddresses: [addr('10.0.0.1', 'pod-1', 'node-1'), addr('10.0.0.2', 'pod-2', 'node-2')] }],
    slices: 1,
    actions: 1,
    totals: { added: 2 },
  },
  {
    name: 'Endpoints with 1 subset, 2 ports, and 2 ready and 2 not ready addresses',
    subsets: [
      {
        ports: [http80, https443udp],
        addresses: [addr('10.1.1.1', 'pod-11', 'node-1'), addr('10.1.1.2', 'pod-12', 'node-2')],
        notReadyAddresses: [addr('10.0.0.1', 'pod-1', 'node-1'), addr('10.0.0.2', 'pod-2', 'node-2')],
      },
    ],
    slices: 1,
    actions: 1,
    totals: { added: 4 },
  },
  { name: 'Endpoints with 2 subsets, multiple ports and addresses', subsets: [subset1(), subset2()], slices: 2, actions: 2, totals: { added: 5 } },
  {
    name: 'Endpoints with 2 subsets, multiple ports and addresses, existing empty EndpointSlice',
    subsets: [subset1(), subset2()],
    existing: [existing80443('test-ep-1')],
    slices: 2,
    actions: 2,
    totals: { added: 5 },
  },
  {
    name: 'Endpoints with 2 subsets, multiple ports and addresses, existing EndpointSlice with some addresses',
    subsets: [subset1(), subset2()],
    existing: [
      existing80443('test-ep-1', [
        { addresses: ['10.0.0.2'], hostname: 'pod-2', conditions: {} },
        { addresses: ['10.0.0.1', '10.0.0.3'], hostname: 'pod-1', conditions: {} },
      ]),
    ],
    slices: 2,
    actions: 2,
    totals: { added: 4, updated: 1, removed: 1 },
  },
  {
    name: 'Endpoints with 2 subsets, multiple ports and addresses, existing EndpointSlice identical to subset',
    subsets: [subset1(), subset2()],
    existing: [
      existing80443('test-ep-1', [
        { addresses: ['10.0.0.1'], hostname: 'pod-1', nodeName: 'node-1', conditions: { ready: true } },
        { addresses: ['10.0.0.2'], hostname: 'pod-2', nodeName: 'node-2', conditions: { ready: true } },
      ]),
    ],
    slices: 2,
    actions: 1,
    totals: { added: 3 },
  },
  {
    name: 'Endpoints with 2 subsets, multiple ports, and dual stack addresses',
    subsets: [subset1(['2001:db8:2222:3333:4444:5555:6666:7777', '10.0.0.2']), subset2(['10.0.1.1', '10.0.1.2', '2001:db8:3333:4444:5555:6666:7777:8888'])],
    slices: 4,
    actions: 4,
    totals: { added: 5 },
  },
  {
    name: 'Endpoints with 2 subsets, multiple ports, ipv6 only addresses',
    subsets: [
      subset1(['2001:db8:1111:3333:4444:5555:6666:7777', '2001:db8:2222:3333:4444:5555:6666:7777']),
      subset2(['2001:db8:3333:3333:4444:5555:6666:7777', '2001:db8:4444:3333:4444:5555:6666:7777', '2001:db8:5555:3333:4444:5555:6666:7777']),
    ],
    slices: 2,
    actions: 2,
    totals: { added: 5 },
  },
  {
    name: 'Endpoints with 2 subsets, multiple ports, some invalid addresses',
    subsets: [
      subset1(['2001:db8:1111:3333:4444:5555:6666:7777', 'this-is-not-an-ip']),
      subset2(['this-is-also-not-an-ip', '2001:db8:4444:3333:4444:5555:6666:7777', '2001:db8:5555:3333:4444:5555:6666:7777']),
    ],
    slices: 2,
    actions: 2,
    totals: { added: 3, skipped: 2 },
  },
  {
    name: 'Endpoints with 2 subsets, multiple ports, all invalid addresses',
    subsets: [subset1(['this-is-not-an-ip1', 'this-is-not-an-ip12']), subset2(['this-is-not-an-ip11', 'this-is-not-an-ip12', 'this-is-not-an-ip3'])],
    slices: 0,
    actions: 0,
    totals: { added: 0, skipped: 5 },
  },
  { name: 'Endpoints with 2 subsets, 1 exceeding maxEndpointsPerSubset', subsets: [subset1(), subset2()], max: 2, slices: 2, actions: 2, totals: { added: 4, skipped: 1 } },
  {
    name: 'The last-applied-configuration annotation should not get mirrored to created or updated endpoint slices',
    annotations: { [LAST_APPLIED]: '{"apiVersion":"v1","kind":"Endpoints","subsets":[]}' },
    subsets: one80,
    slices: 1,
    actions: 1,
    totals: { added: 1 },
  },
  { name: "The last-applied-configuration annotation shouldn't get added to created endpoint slices", subsets: one80, slices: 1, actions: 1, totals: { added: 1 } },
  { name: "The last-applied-configuration shouldn't get mirrored to endpoint slices when it's value is empty", annotations: { [LAST_APPLIED]: '' }, subsets: one80, slices: 1, actions: 1, totals: { added: 1 } },
  {
    name: 'Annotations other than last-applied-configuration should get correctly mirrored',
    annotations: { [LAST_APPLIED]: '{"apiVersion":"v1","kind":"Endpoints","subsets":[]}', foo: 'bar' },
    subsets: one80,
    slices: 1,
    actions: 1,
    totals: { added: 1 },
  },
  {
    name: 'Annotation mirroring should remove the last-applied-configuration annotation from existing endpoint slices',
    subsets: one80,
    existing: [existing80({ annotations: { [LAST_APPLIED]: '{"apiVersion":"v1","kind":"Endpoints","subsets":[]}' } })],
    slices: 1,
    actions: 1,
  },
];

/** The fake clientset: apply the plan, generateName as `<prefix><n>`. */
function applyPlan(existing: readonly ExistingSlice[], plan: ReturnType<typeof reconcileMirror>): ExistingSlice[] {
  const gone = new Set(plan.delete.map((s) => s.metadata.name));
  const updated = new Map(plan.update.map((s) => [s.metadata.name, s]));
  const out: ExistingSlice[] = existing.filter((s) => !gone.has(s.metadata.name)).map((s) => updated.get(s.metadata.name) ?? s);
  plan.create.forEach((s, i) => out.push({ ...s, metadata: { ...s.metadata, name: `${s.metadata.generateName ?? ''}${i}` } }));
  return out;
}

function sameSubsetPorts(ports: readonly EndpointsPort[], slice: ExistingSlice): boolean {
  const sp = slice.ports ?? [];
  if (ports.length !== sp.length) return false;
  return ports.every((p) => sp.some((q) => q.port === p.port && (q.name ?? '') === (p.name ?? '') && q.protocol === p.protocol && (q.appProtocol ?? undefined) === p.appProtocol));
}

/** expectEndpointSlices + expectMatchingAddresses of reconciler_test.go. */
function expectSlices(c: Case, ep: EndpointsObject, slices: readonly ExistingSlice[], max: number): void {
  expect(slices).toHaveLength(c.slices);
  if (c.slices === 0) return;
  for (const s of slices) {
    expect(s.metadata.name.startsWith(ep.metadata.name)).toBe(true);
    expect(s.metadata.labels?.[SERVICE_NAME]).toBe(ep.metadata.name);
    expect(s.metadata.annotations?.[LAST_APPLIED]).toBeUndefined();
    expect(s.metadata.annotations?.[TRIGGER_TIME]).toBeUndefined();
    for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) {
      if (k !== LAST_APPLIED && k !== TRIGGER_TIME) expect(s.metadata.annotations?.[k]).toBe(v);
    }
  }
  for (const subset of repackSubsets(ep.subsets ?? [])) {
    if ((subset.addresses ?? []).length === 0 && (subset.notReadyAddresses ?? []).length === 0) continue;
    const matching = slices.filter((s) => sameSubsetPorts(subset.ports ?? [], s));
    expect(matching.length).toBeGreaterThan(0);
    for (const family of ['IPv4', 'IPv6'] as const) {
      const got = matching.filter((s) => s.addressType === family).flatMap((s) => s.endpoints ?? []);
      const want = new Map<string, { ready: boolean; a: EndpointAddress }>();
      for (const [list, ready] of [[subset.addresses ?? [], true], [subset.notReadyAddresses ?? [], false]] as const) {
        for (const a of list) {
          if (parseIPSloppy(a.ip)?.addressType === family && want.size < max) want.set(a.ip, { ready, a });
        }
      }
      expect(got).toHaveLength(want.size);
      for (const e of got) {
        expect(e.addresses).toHaveLength(1);
        const w = want.get(e.addresses[0] ?? '');
        expect(w, `unexpected address ${e.addresses[0]}`).toBeDefined();
        expect(e.conditions?.ready).toBe(w?.ready);
        expect(e.hostname).toBe(w?.a.hostname || undefined);
        if (w?.a.nodeName) expect(e.nodeName).toBe(w.a.nodeName);
      }
    }
  }
}

describe('EndpointSliceMirroring reconcile (reconciler_test.go TestReconcile)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const ep: EndpointsObject = {
        metadata: {
          name: 'test-ep',
          namespace: 'test',
          ...(c.labels ? { labels: c.labels } : {}),
          ...(c.annotations ? { annotations: c.annotations } : {}),
          ...(c.uid ? { uid: c.uid } : {}),
          ...(c.deletionPending ? { deletionTimestamp: '2024-08-13T00:00:00Z' } : {}),
        },
        subsets: c.subsets,
      };
      const existing = (c.existing ?? []).map((s) => ({ ...s, metadata: { ...s.metadata, labels: { [SERVICE_NAME]: 'test-ep', [MANAGED_BY]: MIRRORING } } }));
      const max = c.max ?? 1000;
      const plan = reconcileMirror(ep, existing, { maxEndpointsPerSubset: max });
      expect(plan.create.length + plan.update.length + plan.delete.length).toBe(c.actions);
      if (c.totals) {
        expect(plan.totals).toEqual({ added: c.totals.added, updated: c.totals.updated ?? 0, removed: c.totals.removed ?? 0 });
        expect(plan.skipped).toBe(c.totals.skipped ?? 0);
      }
      expectSlices(c, ep, applyPlan(existing, plan), max);
    });
  }

  it('records InvalidIPAddress and TooManyAddressesToMirror Warning events with the controller messages', () => {
    const ep: EndpointsObject = { metadata: { name: 'test-ep', namespace: 'test' }, subsets: [subset1(['10.0.0.1', 'nope']), subset2()] };
    expect(reconcileMirror(ep, [], { maxEndpointsPerSubset: 2 }).events).toEqual([
      { type: 'Warning', reason: 'InvalidIPAddress', message: 'Skipped 1 invalid IP addresses when mirroring to EndpointSlices' },
      { type: 'Warning', reason: 'TooManyAddressesToMirror', message: 'A max of 2 addresses can be mirrored to EndpointSlices per Endpoints subset. 2 addresses were skipped' },
    ]);
    expect(reconcileMirror({ metadata: { name: 'x' }, subsets: [subset1()] }, []).events).toEqual([]);
  });

  it('a slice to create takes the name of a slice to delete of the same family (recycleSlices)', () => {
    const ep: EndpointsObject = { metadata: { name: 'test-ep', namespace: 'test' }, subsets: [{ ports: [http3000], addresses: [addr('10.0.0.9', 'a')] }] };
    const plan = reconcileMirror(ep, [existing80443('test-ep-old', [{ addresses: ['10.0.0.1'], conditions: { ready: true } }])]);
    expect(plan.create).toEqual([]);
    expect(plan.delete).toEqual([]);
    expect(plan.update.map((s) => [s.metadata.name, s.metadata.generateName, s.ports, s.endpoints])).toEqual([
      ['test-ep-old', undefined, [{ name: 'http', port: 3000, protocol: 'TCP' }], [{ addresses: ['10.0.0.9'], conditions: { ready: true }, hostname: 'a' }]],
    ]);
  });

  it('a slice beyond the first with the same ports is deleted, a group no longer wanted too', () => {
    const ep: EndpointsObject = { metadata: { name: 'test-ep', namespace: 'test' }, subsets: [{ ports: [http80, https443udp], addresses: [addr('10.0.0.1', 'pod-1', 'node-1')] }] };
    const plan = reconcileMirror(ep, [existing80443('a', [{ addresses: ['10.0.0.1'], hostname: 'pod-1', nodeName: 'node-1', conditions: { ready: true } }]), existing80443('b'), existing80({ name: 'c' })]);
    expect(plan.update).toEqual([]);
    expect(plan.create).toEqual([]);
    expect(plan.delete.map((s) => s.metadata.name)).toEqual(['b', 'c']);
  });
});

describe('utils.go', () => {
  const ports: MirroredPort[] = [{ name: 'foo', port: 80, protocol: 'TCP' }];
  const base: EndpointsObject = { metadata: { name: 'foo', namespace: 'test' }, subsets: [{ ports: [{ port: 80, protocol: 'TCP' }] }] };
  const expected = (labels: Record<string, string>, annotations: Record<string, string>): MirroredSlice => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: '',
      generateName: 'foo-',
      namespace: 'test',
      labels: { ...labels, [SERVICE_NAME]: 'foo', [MANAGED_BY]: MIRRORING },
      annotations,
      ownerReferences: [{ apiVersion: 'v1', kind: 'Endpoints', name: 'foo', uid: '', controller: true, blockOwnerDeletion: true }],
    },
    addressType: 'IPv4',
    endpoints: [],
    ports,
  });
  const table: [string, Partial<EndpointsObject['metadata']>, MirroredSlice][] = [
    ['create slice from endpoints', {}, expected({}, {})],
    ['create slice from endpoints with annotations', { annotations: { foo: 'bar' } }, expected({}, { foo: 'bar' })],
    ['create slice from endpoints with labels', { labels: { foo: 'bar' } }, expected({ foo: 'bar' }, {})],
    ['create slice from endpoints with labels and annotations', { labels: { foo: 'bar' }, annotations: { foo2: 'bar2' } }, expected({ foo: 'bar' }, { foo2: 'bar2' })],
    ['create slice from endpoints with labels and annotations triggertime', { labels: { foo: 'bar' }, annotations: { foo2: 'bar2', [TRIGGER_TIME]: 'date' } }, expected({ foo: 'bar' }, { foo2: 'bar2' })],
  ];
  for (const [name, tweak, want] of table) {
    it(`TestNewEndpointSlice: ${name}`, () => {
      const ep: EndpointsObject = { ...base, metadata: { ...base.metadata, ...tweak } };
      const labelsBefore = JSON.stringify(ep.metadata.labels);
      expect(newMirroredSlice(ep, ports, 'IPv4', '')).toEqual(want);
      expect(JSON.stringify(ep.metadata.labels)).toBe(labelsBefore);
    });
  }

  it('TestAddressToEndpoint', () => {
    const targetRef = { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'foo' };
    expect(addressToEndpoint({ ip: '10.1.2.3', hostname: 'foo', nodeName: 'node-abc', targetRef }, true)).toEqual({
      endpoint: { addresses: ['10.1.2.3'], hostname: 'foo', conditions: { ready: true }, targetRef, nodeName: 'node-abc' },
      addressType: 'IPv4',
    });
  });

  it.each([
    ['10.0.0.1', '10.0.0.1', 'IPv4'],
    ['010.000.000.001', '10.0.0.1', 'IPv4'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1', 'IPv6'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1', 'IPv6'],
    ['::ffff:203.0.113.10', '203.0.113.10', 'IPv4'],
    ['::1', '::1', 'IPv6'],
    ['fe80::1:2:3:4', 'fe80::1:2:3:4', 'IPv6'],
    ['1:0:1:0:1:0:1:0', '1:0:1:0:1:0:1:0', 'IPv6'],
  ])('ParseIPSloppy(%s) is %s (%s)', (input, ip, family) => {
    expect(parseIPSloppy(input)).toEqual({ ip, addressType: family });
  });

  it.each(['this-is-not-an-ip', '', '1.2.3', '256.0.0.1', '1.2.3.4.5', '1::2::3', '12345::', 'example.com', '1:2:3:4:5:6:7:8:9'])('ParseIPSloppy(%j) is not an IP', (input) => {
    expect(parseIPSloppy(input)).toBeUndefined();
  });

  it('shouldMirror: not with skip-mirror=true, not a leader-election lock', () => {
    expect(shouldMirror({ metadata: { name: 'a' } })).toBe(true);
    expect(shouldMirror({ metadata: { name: 'a', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } } })).toBe(false);
    expect(shouldMirror({ metadata: { name: 'a', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'false' } } })).toBe(true);
    expect(shouldMirror({ metadata: { name: 'a', annotations: { 'control-plane.alpha.kubernetes.io/leader': '{}' } } })).toBe(false);
    expect(shouldMirror(undefined)).toBe(false);
  });
});
