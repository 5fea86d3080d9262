import { describe, expect, it } from 'vitest';
import { buildFlowchart, buildView } from '../../src/views/index.ts';
import type { FlowchartView } from '../../src/views/types.ts';
import { TraceBuilder } from '../fixtures/traces/builder.ts';
import { applyDeploymentTrace, FIXTURES } from '../fixtures/traces/fixtures.ts';
import { expectFlowchartInvariants } from './helpers.ts';

const emphasis = (view: FlowchartView, key: string) => view.nodes.find((n) => n.id === `fc:${key}`)?.emphasis;

describe('buildFlowchart', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name}: golden view and invariants`, async () => {
      const view = buildFlowchart(make());
      expectFlowchartInvariants(view);
      await expect(JSON.stringify(view, null, 2) + '\n').toMatchFileSnapshot(`__golden__/${name}.flowchart.json`);
    });
  }

  it('follows a successful apply all the way to Ready', () => {
    const view = buildFlowchart(applyDeploymentTrace());
    expect(view.step).toBe(1);
    for (const key of ['authn', 'authz', 'mutating', 'validation', 'validating', 'etcd', 'ctrl-deployment', 'ctrl-replicaset', 'sched', 'bind', 'image', 'pull', 'sandbox', 'started']) {
      expect(emphasis(view, key), key).toBe('taken');
    }
    expect(emphasis(view, 'ready')).toBe('success');
    expect(emphasis(view, 'response')).toBe('success');
    for (const key of ['authz-fail', 'pending', 'skip-pull']) expect(emphasis(view, key), key).toBe('faint');
  });

  it('takes both image branches when some nodes had the image', () => {
    const view = buildFlowchart(applyDeploymentTrace({ replicas: 6, preloaded: ['worker-2'] }));
    expect(emphasis(view, 'pull')).toBe('taken');
    expect(emphasis(view, 'skip-pull')).toBe('taken');
  });

  it('ends a denied request in the RBAC decision: no binding → 403; nothing after it is taken', () => {
    const view = buildFlowchart(FIXTURES['rbac-denied']());
    expect(view.decision).toBe('rbac');
    expect(emphasis(view, 'forbidden')).toBe('danger');
    expect(view.nodes.find((n) => n.id === 'fc:forbidden')!.sublabel).toMatch(/forbidden/);
    const after = view.nodes.slice(view.nodes.findIndex((n) => n.id === 'fc:forbidden') + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((n) => n.emphasis === 'faint')).toBe(true);
    expect(view.edges.find((e) => e.id === 'fc:authz->fc:forbidden')!.emphasis).toBe('danger');
  });

  it('ends an unschedulable Pod in Pending · FailedScheduling', () => {
    const view = buildFlowchart(FIXTURES['failed-scheduling']());
    expect(emphasis(view, 'sched')).toBe('taken');
    expect(emphasis(view, 'pending')).toBe('danger');
    expect(emphasis(view, 'bind')).toBe('faint');
    expect(emphasis(view, 'ready')).toBe('faint');
  });

  it('gives the read path a short flow served from the watch cache', () => {
    const view = buildFlowchart(FIXTURES['get-pods']());
    expect(view.nodes.map((n) => n.id)).toEqual(['fc:start', 'fc:authn', 'fc:authn-fail', 'fc:authz', 'fc:authz-fail', 'fc:cache', 'fc:cache-hit', 'fc:etcd-read', 'fc:response', 'fc:table']);
    expect(emphasis(view, 'cache-hit')).toBe('taken');
    expect(emphasis(view, 'etcd-read')).toBe('faint');
    expect(view.nodes.find((n) => n.id === 'fc:response')!.label).toBe('200 OK');
  });

  it('never invents a taken path: without the kubelet events the kubelet part stays faint', () => {
    const trace = applyDeploymentTrace();
    const cut = trace.events.findIndex((e) => e.type === 'watch' && e.to.startsWith('kubelet@'));
    trace.events = trace.events.slice(0, cut);
    const view = buildFlowchart(trace);
    expect(emphasis(view, 'bind')).toBe('taken');
    for (const key of ['image', 'pull', 'skip-pull', 'sandbox', 'started', 'ready']) expect(emphasis(view, key), key).toBe('faint');
    expectFlowchartInvariants(view);
  });

  it('picks the first writing kubectl step by default, and opts.step otherwise', () => {
    const trace = applyDeploymentTrace();
    expect(buildFlowchart(trace).step).toBe(1);
    const wait = buildFlowchart(trace, { step: 2 });
    expect(wait.step).toBe(2);
    expectFlowchartInvariants(wait);
    expect(buildView(trace, 'flowchart', { steps: [2] })).toEqual(wait);
  });

  it('draws a traffic step from its packets: DNS, DNAT, NetworkPolicy drop', () => {
    const b = new TraceBuilder('policy', 'NetworkPolicy', '');
    b.host('worker-1', 'worker');
    b.component('pod:default/intruder', 'pod', 'worker-1', 'workload').component('coredns', 'dns', 'worker-1', 'workload');
    b.component('kube-proxy@worker-1', 'kube-proxy', 'worker-1', 'node').component('cni@worker-1', 'cni', 'worker-1', 'node');
    b.component('pod:default/api', 'pod', 'worker-1', 'workload');
    b.beginStep({ kind: 'traffic', title: 'intruder calls api', command: 'traffic pod/intruder → service/api --port 80' });
    const q = b.add({ type: 'packet', from: 'pod:default/intruder', to: 'coredns', summary: 'DNS A? api.default.svc.cluster.local.', cause: null });
    const a = b.add({ type: 'packet', from: 'coredns', to: 'pod:default/intruder', summary: 'DNS api.default.svc.cluster.local. → 10.96.0.20', cause: q });
    const d = b.add({ type: 'packet', from: 'pod:default/intruder', to: 'kube-proxy@worker-1', summary: 'DNAT 10.96.0.20:80 → 10.244.1.2:80', cause: a });
    b.add({ type: 'packet', from: 'cni@worker-1', to: 'pod:default/api', summary: 'dropped by NetworkPolicy default/api-allow-frontend (ingress)', result: 'dropped', cause: d });
    const view = buildFlowchart(b.build({ source: 'policy.yaml' }, { objects: [], pods: [], nodes: [], kubeEvents: [], expectations: [], passed: true }), { step: 1 });
    expectFlowchartInvariants(view);
    expect(view.nodes.map((n) => `${n.id}:${n.emphasis}`)).toEqual([
      'fc:start:taken',
      'fc:dns:taken',
      'fc:dns-fail:faint',
      'fc:dnat:taken',
      'fc:policy:taken',
      'fc:policy-fail:danger',
      'fc:response:faint',
    ]);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildFlowchart(applyDeploymentTrace()))).toBe(JSON.stringify(buildFlowchart(applyDeploymentTrace())));
  });
});
