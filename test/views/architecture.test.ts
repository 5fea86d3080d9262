import { describe, expect, it } from 'vitest';
import { buildArchitecture } from '../../src/views/index.ts';
import { applyDeploymentTrace, FIXTURES } from '../fixtures/traces/fixtures.ts';
import { expectArchitectureNumbers, expectGraphInvariants } from './helpers.ts';
import { at } from '../helpers/at.ts';

describe('buildArchitecture', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name}: golden view and invariants`, async () => {
      const view = buildArchitecture(make());
      expectGraphInvariants(view);
      expectArchitectureNumbers(view);
      await expect(JSON.stringify(view, null, 2) + '\n').toMatchFileSnapshot(`__golden__/${name}.architecture.json`);
    });
  }

  it('nests cluster → hosts → components and pods → containers, actors outside', () => {
    const view = buildArchitecture(applyDeploymentTrace());
    const parent = (id: string) => view.nodes.find((n) => n.id === id)?.parent;
    expect(parent('kubectl')).toBeNull();
    expect(parent('registry')).toBeNull();
    expect(parent('host:control-plane')).toBe('cluster');
    expect(parent('kube-apiserver')).toBe('host:control-plane');
    expect(parent('kubelet@worker-2')).toBe('host:worker-2');
    // At standard a Pod with one container is one box naming its image; at full the container has a box inside it.
    const pod = view.nodes.find((n) => n.icon === 'pod' && n.parent === 'host:worker-1')!;
    expect(pod.shape).toBe('component');
    expect(pod.sublabel).toMatch(/^Running · [\d.]+ · nginx/);
    expect(view.nodes.some((n) => n.icon === 'container')).toBe(false);
    const full = buildArchitecture(applyDeploymentTrace(), { detail: 'full' });
    const fullPod = full.nodes.find((n) => n.icon === 'pod' && n.parent === 'host:worker-1')!;
    expect(fullPod.shape).toBe('group');
    expect(full.nodes.some((n) => n.parent === fullPod.id && n.icon === 'container')).toBe(true);
  });

  it('groups events into a readable number of edges, with a legend that tells the story', () => {
    const view = buildArchitecture(applyDeploymentTrace());
    expect(view.edges.length).toBeGreaterThanOrEqual(5);
    expect(view.edges.length).toBeLessThanOrEqual(30);
    expect(at(view.legend, 0).text).toBe('POST deployments');
    expect(at(view.legend, 1).text).toBe('store in etcd');
    // Every event that is an interaction is on exactly one edge.
    const onEdges = view.edges.flatMap((e) => e.events);
    expect(new Set(onEdges).size).toBe(onEdges.length);
  });

  it('folds the Pods of a ReplicaSet on a node into one box with a count, and merges edges to many pods', () => {
    const view = buildArchitecture(applyDeploymentTrace({ replicas: 12, nodes: 2 }));
    const onWorker1 = view.nodes.filter((n) => n.parent === 'host:worker-1' && n.icon === 'pod');
    expect(onWorker1.map((n) => [n.label, n.sublabel])).toEqual([['6 Pods', expect.stringMatching(/^web-[a-z0-9]+ · Running$/)]]);
    // containerd acts on all six pods of worker-1: one edge that says so.
    expect(view.edges.filter((e) => e.from === 'containerd@worker-1' && e.label?.endsWith('(6 pods)'))).toHaveLength(1);
    expectGraphInvariants(view);
  });

  it('at full, shows 5 pods and a `+N more` box on a crowded node', () => {
    const view = buildArchitecture(applyDeploymentTrace({ replicas: 16, nodes: 2 }), { detail: 'full' });
    const onWorker1 = view.nodes.filter((n) => n.parent === 'host:worker-1' && n.icon === 'pod');
    expect(onWorker1.map((n) => n.label)).toContain('+3 more');
    expect(onWorker1).toHaveLength(6);
    expectGraphInvariants(view);
  });

  it('with steps, only those steps become edges; nodes say which steps they take part in', () => {
    const trace = applyDeploymentTrace();
    const view = buildArchitecture(trace, { steps: [2], detail: 'full' });
    expect(view.steps).toEqual([{ number: 2, title: at(trace.steps, 1).title }]);
    expect(view.edges.every((e) => e.steps.every((s) => s === 2))).toBe(true);
    expect(view.edges.map((e) => e.label)).toEqual(['PUT replicasets/status', 'store in etcd', 'PUT deployments/status']);
    expect(view.nodes.find((n) => n.id === 'kube-scheduler')!.steps).toEqual([]);
    expect(buildArchitecture(trace).nodes.find((n) => n.id === 'kube-scheduler')!.steps).toEqual([1]);
  });

  it('marks a denied request in danger and draws nothing after it', () => {
    const view = buildArchitecture(FIXTURES['rbac-denied']());
    expect(view.edges).toHaveLength(1);
    expect(view.edges[0]).toMatchObject({ from: 'kubectl', to: 'kube-apiserver', emphasis: 'danger' });
  });

  it('places an unscheduled pod in the cluster, not on a node, with a warning', () => {
    const pod = buildArchitecture(FIXTURES['failed-scheduling']()).nodes.find((n) => n.id === 'pod:default/big')!;
    expect(pod.parent).toBe('cluster');
    expect(pod.emphasis).toBe('warning');
  });

  it('draws outcome pods even when no event mentions them (read path)', () => {
    const view = buildArchitecture(FIXTURES['get-pods']());
    expect(view.nodes.filter((n) => n.icon === 'pod')).toHaveLength(3);
    expect(view.edges.map((e) => e.label)).toEqual(['GET pods']);
  });

  it('is deterministic', () => {
    const a = buildArchitecture(applyDeploymentTrace());
    const b = buildArchitecture(applyDeploymentTrace());
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
