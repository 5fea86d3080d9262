/**
 * A Service without selector whose hand-written Endpoints name an address
 * outside the cluster (the classic "external database behind a Service"):
 * the EndpointSliceMirroring controller mirrors the Endpoints into an
 * EndpointSlice, kube-proxy programs it, and a pod's connection to the
 * Service is DNATed to 203.0.113.10 and leaves the cluster through the CNI's
 * MASQUERADE like any egress.
 */
import { describe, expect, it } from 'vitest';
import { trace } from '../cluster/helpers.ts';

const SCENARIO = `
kubescene: v1
name: external-endpoints
title: A Service without selector in front of an external database
seed: 3
cluster:
  kubernetes: "1.31"
  nodes:
    - { name: worker-1, images: ["curlimages/curl:8.10.1"] }
files:
  client.yaml:
    apiVersion: v1
    kind: Pod
    metadata: { name: client, labels: { app: client } }
    spec:
      containers:
        - { name: curl, image: curlimages/curl:8.10.1, command: ["sleep", "infinity"] }
  db.yaml:
    - apiVersion: v1
      kind: Service
      metadata: { name: db }
      spec:
        ports: [{ name: pg, port: 5432, targetPort: 5432 }]
    - apiVersion: v1
      kind: Endpoints
      metadata: { name: db }
      subsets:
        - addresses: [{ ip: 203.0.113.10 }]
          ports: [{ name: pg, port: 5432 }]
steps:
  - kubectl: apply -f client.yaml
    setup: true
    expect: { exit: 0 }
  - setup: true
    expect:
      - pods: { selector: app=client, phase: Running, count: 1 }
  - kubectl: apply -f db.yaml
    expect:
      exit: 0
      output: |
        service/db created
        endpoints/db created
  - traffic: { from: pod/client, to: service/db }
    expect:
      - trace: { from: client, to: kube-proxy, contains: "→ 203.0.113.10:5432" }
      - trace: { from: cni, to: 203.0.113.10, contains: "MASQUERADE" }
`;

describe('traffic to a Service whose mirrored endpoint is outside the cluster', () => {
  const t = trace(SCENARIO);

  it('meets its expectations', () => {
    const failed = t.outcome.expectations.filter((e) => !e.passed).map((e) => `step ${e.step}: ${e.description} — found ${e.found}`);
    expect(failed).toEqual([]);
  });

  it('the mirroring controller creates the slice kube-proxy programs', () => {
    const create = t.events.findIndex((e) => e.from === 'endpointslice-mirroring-controller' && e.type === 'request' && e.verb === 'create' && e.resource?.resource === 'endpointslices');
    expect(create).toBeGreaterThanOrEqual(0);
    const programmed = t.events.findIndex((e, i) => i > create && e.from.startsWith('kube-proxy') && e.summary.includes('KUBE-SEP'));
    expect(programmed).toBeGreaterThan(create);
  });

  it('the connection is DNATed to 203.0.113.10:5432 and leaves through the node address', () => {
    const packets = t.events.filter((e) => e.type === 'packet').map((e) => `${e.from} → ${e.to}: ${e.summary}`);
    const dnat = packets.findIndex((p) => p.startsWith('pod:default/client → kube-proxy@worker-1: DNAT 10.') && p.includes(':5432 → 203.0.113.10:5432'));
    const out = packets.findIndex((p) => p.startsWith('kube-proxy@worker-1 → cni@worker-1: 10.244.'));
    const masq = packets.findIndex((p) => p.startsWith('cni@worker-1 → external:203.0.113.10: MASQUERADE 10.244.') && p.includes('to 203.0.113.10:5432'));
    expect([dnat >= 0, out > dnat, masq > out], packets.join('\n')).toEqual([true, true, true]);
    expect(packets.some((p) => p.includes('is gone'))).toBe(false);
    expect(t.outcome.passed).toBe(true);
  });
});
