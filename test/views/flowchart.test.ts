import { describe, expect, it } from 'vitest';
import { buildFlowchart, buildView } from '../../src/views/index.ts';
import type { FlowchartView } from '../../src/views/types.ts';
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

  it('ends a denied request in a danger terminal; nothing after authorization is taken', () => {
    const view = buildFlowchart(FIXTURES['rbac-denied']());
    expect(emphasis(view, 'authz-fail')).toBe('danger');
    expect(view.nodes.find((n) => n.id === 'fc:authz')!.sublabel).toMatch(/forbidden/);
    const after = view.nodes.slice(view.nodes.findIndex((n) => n.id === 'fc:authz-fail') + 1);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((n) => n.emphasis === 'faint')).toBe(true);
    expect(view.edges.find((e) => e.id === 'fc:authz->fc:authz-fail')!.emphasis).toBe('danger');
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
    expect(view.nodes.map((n) => n.id)).toEqual(['fc:start', 'fc:authn', 'fc:authn-fail', 'fc:authz', 'fc:authz-fail', 'fc:cache', 'fc:cache-hit', 'fc:etcd-read', 'fc:response']);
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

  it('is deterministic', () => {
    expect(JSON.stringify(buildFlowchart(applyDeploymentTrace()))).toBe(JSON.stringify(buildFlowchart(applyDeploymentTrace())));
  });
});
