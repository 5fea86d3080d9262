/** Views on unusual but valid traces: deep cause chains, HA control planes, unknown endpoints. */
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { buildArchitecture, buildFlowchart, buildSequence } from '../../src/views/index.ts';
import { TraceBuilder } from '../fixtures/traces/builder.ts';
import { expectArchitectureNumbers, expectFlowchartInvariants, expectGraphInvariants, expectSequenceInvariants } from './helpers.ts';

const emptyOutcome = { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true };

/** A pod talking to the internet 20,000 times, each packet caused by the previous one. */
function deepChain(): Trace {
  const b = new TraceBuilder('chain', 'A long chain', '');
  b.host('worker-1', 'worker');
  b.component('pod:default/client', 'pod', 'worker-1', 'workload', { namespace: 'default' });
  b.component('internet', 'internet', null, 'external');
  b.beginStep({ kind: 'traffic', title: 'Many requests', command: 'traffic pod/client → https://example.com --count 10000' });
  let cause: string | null = null;
  for (let i = 0; i < 10_000; i++) {
    cause = b.add({ type: 'packet', from: 'pod:default/client', to: 'internet', summary: 'GET /', cause });
    cause = b.add({ type: 'packet', from: 'internet', to: 'pod:default/client', summary: '200 OK', result: 'ok', cause });
  }
  return b.build({ source: 'chain.yaml' }, emptyOutcome);
}

/** Two API servers behind a load balancer, two etcd members. */
function highlyAvailable(): Trace {
  const b = new TraceBuilder('ha', 'HA control plane', '');
  b.host('control-plane-1', 'control-plane').host('control-plane-2', 'control-plane');
  b.component('etcd-2', 'etcd', 'control-plane-2', 'control-plane');
  b.component('apiserver-2', 'apiserver', 'control-plane-2', 'control-plane');
  b.component('kubectl', 'client', null, 'client');
  b.component('etcd-1', 'etcd', 'control-plane-1', 'control-plane');
  b.component('apiserver-1', 'apiserver', 'control-plane-1', 'control-plane');
  b.component('load-balancer', 'load-balancer', null, 'control-plane');
  b.beginStep({ kind: 'kubectl', title: 'create a ConfigMap', command: 'kubectl create configmap x' });
  const lb = b.add({ type: 'request', from: 'kubectl', to: 'load-balancer', summary: 'POST configmaps', cause: null });
  const call = b.apiCall({ from: 'load-balancer', apiserver: 'apiserver-2', user: 'admin', verb: 'create', method: 'POST', path: '/api/v1/namespaces/default/configmaps', resource: { kind: 'ConfigMap', resource: 'configmaps', namespace: 'default', name: 'x' }, etcdKey: '/registry/configmaps/default/x', cause: lb });
  b.add({ type: 'request', from: 'etcd', to: 'etcd-1', summary: 'replicate', cause: call.request });
  b.add({ type: 'response', from: 'load-balancer', to: 'kubectl', status: 201, summary: '201 Created', cause: call.response });
  return b.build({ source: 'ha.yaml' }, emptyOutcome);
}

describe('views on unusual traces', () => {
  it('cause chains 20,000 events deep do not overflow the stack', () => {
    const trace = deepChain();
    const sequence = buildSequence(trace, { detail: 'full' });
    expectSequenceInvariants(sequence);
    expect(sequence.items.some((i) => i.type === 'note' && /more messages/.test(i.text))).toBe(true);
    expectSequenceInvariants(buildSequence(trace));
    expectSequenceInvariants(buildSequence(trace, { detail: 'summary' }));
    const architecture = buildArchitecture(trace);
    expectGraphInvariants(architecture);
    expect(architecture.edges).toHaveLength(2);
    expectFlowchartInvariants(buildFlowchart(trace));
  });

  it('orders an HA control plane: client, load balancer, then each control-plane host', () => {
    const trace = highlyAvailable();
    const sequence = buildSequence(trace);
    expectSequenceInvariants(sequence);
    // Only lanes that take part; hosts in trace order; the unlisted `etcd` is an outside actor, last.
    expect(sequence.participants.map((p) => p.id)).toEqual(['kubectl', 'load-balancer', 'etcd-1', 'apiserver-2', 'etcd']);
    expect(sequence.boxes.map((b) => b.id)).toEqual(['host:control-plane-1', 'host:control-plane-2']);
    const architecture = buildArchitecture(trace);
    expectGraphInvariants(architecture);
    expectArchitectureNumbers(architecture);
    // `etcd` is not a listed component: it still gets a box, outside any host.
    expect(architecture.nodes.find((n) => n.id === 'etcd')).toMatchObject({ parent: null });
    // The API load balancer sits with the clients, between them and the API servers.
    expect(architecture.nodes.find((n) => n.id === 'load-balancer')!.parent).toBeNull();
  });
});
