/**
 * An EndpointSlice a client writes (for a Service without selector) may leave
 * out what discovery.k8s.io/v1 lets it: ports, an endpoint's conditions, a
 * port's name and protocol. kube-proxy reads it as the API server defaults it
 * (name "", protocol TCP; pkg/apis/discovery/v1/defaults.go) and as its
 * endpoint cache does (a port without a number is skipped; a nil `ready` is
 * ready). Before, such a slice crashed the model's kube-proxy (exit 70).
 */
import { describe, expect, it } from 'vitest';
import { endpointSlices } from '../../src/cluster/components/network/views.ts';
import type { Obj } from '../../src/cluster/core/object.ts';
import { resourceForKind } from '../../src/cluster/core/resources.ts';
import { call, cluster, trace } from './helpers.ts';

const SLICE = resourceForKind('EndpointSlice')!;

describe('a hand-written EndpointSlice', () => {
  it('is read with the defaults kube-proxy sees', () => {
    const c = cluster(1);
    const body: Obj = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'ext-1', labels: { 'kubernetes.io/service-name': 'ext' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.1.2.3'] }, { addresses: ['10.1.2.4'], conditions: { ready: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'db-0' } }],
      ports: [{ port: 5432 }, { name: 'metrics', port: 9187, protocol: 'TCP' }, { name: 'no-number' }],
    };
    expect(call(c, { verb: 'create', resource: SLICE, namespace: 'default', body }).status).toBe(201);
    const s = endpointSlices(c.w).find((x) => x.metadata.name === 'ext-1');
    expect(s && { addressType: s.addressType, endpoints: s.endpoints, ports: s.ports }).toEqual({
      addressType: 'IPv4',
      endpoints: [
        { addresses: ['10.1.2.3'], conditions: {} },
        { addresses: ['10.1.2.4'], conditions: { ready: false }, targetRef: { kind: 'Pod', namespace: 'default', name: 'db-0' } },
      ],
      ports: [
        { name: '', port: 5432, protocol: 'TCP' },
        { name: 'metrics', port: 9187, protocol: 'TCP' },
      ],
    });
  });

  it('the slices the model writes are passed as they are stored', () => {
    const c = cluster(1);
    const kubernetes = endpointSlices(c.w).find((x) => x.metadata.name === 'kubernetes');
    const stored = c.w.api.cache.list('EndpointSlice').find((x) => x.metadata.name === 'kubernetes');
    expect(kubernetes).toBeDefined();
    expect(kubernetes).toBe(stored);
  });

  it('without ports, kube-proxy programs the Service as one without endpoints', () => {
    const t = trace(`
kubescene: v1
name: manual-slice
title: A Service without selector and a hand-written EndpointSlice without ports
cluster:
  kubernetes: "1.31"
  nodes: [{ name: worker-1 }]
files:
  ext.yaml:
    - apiVersion: v1
      kind: Service
      metadata: { name: ext }
      spec:
        ports: [{ name: http, port: 80 }]
    - apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata: { name: ext-1, labels: { kubernetes.io/service-name: ext } }
      addressType: IPv4
      endpoints:
        - addresses: ["10.244.1.50"]
steps:
  - kubectl: apply -f ext.yaml
    expect: { exit: 0 }
`);
    expect(t.outcome.passed).toBe(true);
    expect(t.events.some((e) => e.from.startsWith('kube-proxy') && e.summary.startsWith('iptables:'))).toBe(true);
  });
});
