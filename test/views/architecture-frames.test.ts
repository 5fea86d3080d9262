/**
 * A frame of the architecture view (`render --frames`, `render --step N`,
 * `build`'s architecture.step-NN.svg) is the cluster as it stood after step N,
 * not at the end of the story (gallery review D102, D104, D106): members and
 * nodes in their state after that step, the Pods and objects that existed
 * then, counts as of then, and a legend of what that step carried.
 */
import { describe, expect, it } from 'vitest';
import { stepArchitecture, viewFrames } from '../../src/render/frames.ts';
import type { ArchitectureView, DetailLevel, GraphNode } from '../../src/views/types.ts';
import { simulateOnce } from '../helpers/library.ts';

async function frame(name: string, step: number, detail: DetailLevel = 'summary'): Promise<ArchitectureView> {
  const view = stepArchitecture(await simulateOnce(`scenarios/${name}.yaml`), step, detail);
  if (view.kind !== 'architecture') throw new Error('not an architecture view');
  return view;
}

const box = (view: ArchitectureView, id: string): GraphNode => {
  const n = view.nodes.find((x) => x.id === id);
  if (n === undefined) throw new Error(`${id} not drawn: ${view.nodes.map((x) => x.id).join(', ')}`);
  return n;
};

describe('architecture frames show the state after their step (D102, D104)', () => {
  it('etcd-quorum step 1 ("all three members up") crosses out no member; step 5 crosses out etcd-2 and etcd-3', async () => {
    const one = await frame('etcd-quorum', 1);
    expect(one.nodes.filter((n) => n.crossed).map((n) => n.id)).toEqual([]);
    const five = await frame('etcd-quorum', 5);
    expect(five.nodes.filter((n) => n.crossed).map((n) => n.label).sort()).toEqual(['etcd-2', 'etcd-3']);
    // ConfigMap `flags` is what step 5 fails to create: it does not exist yet.
    expect(five.nodes.some((n) => n.label.includes('flags'))).toBe(false);
  });

  it('rolling-update step 4 shows the ReplicaSets as the rollout to 1.28 left them, not after the later undo', async () => {
    const trace = await simulateOnce('scenarios/rolling-update.yaml');
    const view = stepArchitecture(trace, 4, 'summary');
    if (view.kind !== 'architecture') throw new Error('not an architecture view');
    const after4 = trace.steps.find((s) => s.number === 4)!.state!;
    const sets = after4.objects.filter((o) => o.kind === 'ReplicaSet');
    expect(sets.length).toBe(2);
    for (const rs of sets) expect(box(view, `object:ReplicaSet/${rs.namespace}/${rs.name}`).sublabel).toBe(`ReplicaSet · ${rs.status}`);
    // The step is about them: they are lit with it, though no edge ends on them.
    for (const rs of sets) expect(box(view, `object:ReplicaSet/${rs.namespace}/${rs.name}`).steps).toEqual([4]);
    // …and those counts differ from the end state's (the undo swapped them).
    const end = trace.outcome.objects.filter((o) => o.kind === 'ReplicaSet');
    expect(sets.map((o) => o.status)).not.toEqual(sets.map((o) => end.find((e) => e.name === o.name)?.status));
  });

  it('frames are pictures of their own step: a frame lights every edge it draws', async () => {
    const frames = await viewFrames(await simulateOnce('scenarios/etcd-quorum.yaml'), 'architecture', { detail: 'summary' });
    expect(frames.map((f) => f.step)).toEqual([1, 3, 5, 6, 7, 8, 9]);
    for (const f of frames) if (f.view.kind === 'architecture') expect(f.view.edges.every((e) => e.steps.length === 1 && e.steps[0] === f.step)).toBe(true);
  });
});

describe('a frame\'s legend says what its step carried (D106)', () => {
  it('etcd-quorum step 1 does not speak of the failures of steps 3, 5 and 9', async () => {
    const view = await frame('etcd-quorum', 1);
    expect(view.legend.map((l) => l.text).join(' | ')).not.toMatch(/failed|steps? \d/);
  });
});

describe('what a frame draws of its step', () => {
  it('configmap-secret step 4: the kubelet\'s edge ends on needs-config\'s own box; feature-flags is drawn as missing (D103)', async () => {
    const view = await frame('configmap-secret', 4);
    const pod = box(view, 'pod:default/needs-config');
    expect(pod.sublabel).toContain('CreateContainerConfigError');
    expect(view.edges.some((e) => e.from === 'kubelet@worker-1' && e.to === pod.id)).toBe(true);
    const flags = box(view, 'object:ConfigMap/default/feature-flags');
    expect(flags.sublabel).toBe('ConfigMap · not found');
    expect(flags.emphasis).toBe('faint');
  });

  it('network-policy step 8 at summary draws the DNS query the policy dropped (D108)', async () => {
    const view = await frame('network-policy', 8);
    expect(view.edges.map((e) => [e.from, e.to])).toEqual([['pod:default/sandbox', 'object:NetworkPolicy/default/sandbox-deny-egress']]);
    const frames = await viewFrames(await simulateOnce('scenarios/network-policy.yaml'), 'architecture', { detail: 'summary' });
    expect(frames.map((f) => f.step)).toContain(8);
  });

  it('probes step 6: the Pods the readiness probe refuses say they are not ready (D114)', async () => {
    const view = await frame('probes', 6);
    const texts = view.nodes.filter((n) => n.icon === 'pod').map((n) => n.sublabel ?? '');
    expect(texts.filter((t) => t.includes('0/1 ready')).length).toBe(2);
  });

  it('a frame draws the Pods its step deleted as ghosts, and not those deleted later (statefulset step 5)', async () => {
    const trace = await simulateOnce('scenarios/statefulset.yaml');
    const view = stepArchitecture(trace, 5, 'summary');
    if (view.kind !== 'architecture') throw new Error('not an architecture view');
    const before = new Set(trace.steps.find((s) => s.number === 4)!.state!.pods.map((p) => p.name));
    const after = new Set(trace.steps.find((s) => s.number === 5)!.state!.pods.map((p) => p.name));
    const deleted = [...before].filter((n) => !after.has(n));
    expect(deleted.length).toBeGreaterThan(0);
    const ghosts = view.nodes.filter((n) => n.icon === 'pod' && n.emphasis === 'faint');
    expect(ghosts.map((n) => n.sublabel)).toEqual([expect.stringMatching(/deleted/)]);
    expect(ghosts[0]!.label).toBe(`${deleted.length} Pods`);
    // web-0 is replaced only in step 10: in step 5 it runs.
    expect(view.nodes.find((n) => n.label === 'web-0')?.sublabel).toBe('Running');
  });
});

describe('which steps have an architecture frame', () => {
  it('the focus steps the picture draws, not the scene-setting ones (rolling-update)', async () => {
    const trace = await simulateOnce('scenarios/rolling-update.yaml');
    const frames = await viewFrames(trace, 'architecture', { detail: 'summary' });
    const setup = trace.steps.filter((s) => s.setup === true).map((s) => s.number);
    expect(setup.length).toBeGreaterThan(0);
    expect(frames.map((f) => f.step).filter((n) => setup.includes(n))).toEqual([]);
    expect(frames.map((f) => f.step)).toEqual([3, 4, 6, 7, 8, 9]);
  });
});
