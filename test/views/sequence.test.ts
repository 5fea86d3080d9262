import { describe, expect, it } from 'vitest';
import { buildSequence } from '../../src/views/index.ts';
import type { SequenceAlt, SequenceLoop } from '../../src/views/types.ts';
import { applyDeploymentTrace, FIXTURES } from '../fixtures/traces/fixtures.ts';
import { allItems, allMessages, expectSequenceInvariants } from './helpers.ts';

describe('buildSequence', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name}: golden view and invariants`, async () => {
      const view = buildSequence(make());
      expectSequenceInvariants(view);
      expectSequenceInvariants(buildSequence(make(), { detail: 'full' }));
      await expect(JSON.stringify(view, null, 2) + '\n').toMatchFileSnapshot(`__golden__/${name}.sequence.json`);
    });
  }

  it('orders participants client → control plane → nodes → outside services, boxed per host', () => {
    const view = buildSequence(applyDeploymentTrace());
    expect(view.participants.map((p) => p.id)).toEqual([
      'kubectl',
      'kube-apiserver',
      'etcd',
      'kube-controller-manager',
      'kube-scheduler',
      'kubelet@worker-1',
      'containerd@worker-1',
      'pod:default/web-7c5ddbdf54-9skml',
      'container:default/web-7c5ddbdf54-9skml/nginx',
      'registry',
    ]);
    expect(view.boxes).toEqual([
      { id: 'host:control-plane', label: 'control-plane' },
      { id: 'host:worker-1', label: 'worker-N (×3)' },
    ]);
  });

  it('folds replicas: 3 and 30 replicas give the same number of items', () => {
    const small = buildSequence(applyDeploymentTrace({ replicas: 3 }));
    const big = buildSequence(applyDeploymentTrace({ replicas: 30 }));
    expect(allItems(big.items).length).toBe(allItems(small.items).length);
    expect(allMessages(big.items).length).toBe(allMessages(small.items).length);
    const loop = allItems(big.items).find((i): i is SequenceLoop => i.type === 'loop')!;
    expect(loop).toMatchObject({ label: 'for each of 30 Pods', count: 30 });
    expectSequenceInvariants(big);
  });

  it('folds differing replicas into one loop with an alt for the part that differs', () => {
    const view = buildSequence(applyDeploymentTrace({ replicas: 30, preloaded: ['worker-2'] }));
    expectSequenceInvariants(view);
    const loops = allItems(view.items).filter((i): i is SequenceLoop => i.type === 'loop');
    expect(loops).toHaveLength(1);
    const alt = loops[0].items.find((i): i is SequenceAlt => i.type === 'alt')!;
    expect(alt.branches.map((b) => b.label)).toEqual(['20 Pods: PullImage nginx:1.27', '10 Pods: image nginx:1.27 already present on machine']);
    // The variant is drawn on the representative's lanes: no worker-2 lanes.
    expect(view.participants.some((p) => p.id.endsWith('@worker-2'))).toBe(false);
  });

  it('merges a run of phases into one note in compact mode, self-messages in full mode', () => {
    const compact = buildSequence(FIXTURES['get-pods']());
    expect(allItems(compact.items).filter((i) => i.type === 'note').map((i) => (i.type === 'note' ? i.text : ''))).toEqual([
      'authn ✓ · authz ✓ · serve list pods from watch cache',
    ]);
    const full = buildSequence(FIXTURES['get-pods'](), { detail: 'full' });
    expect(allMessages(full.items).filter((m) => m.arrow === 'self')).toHaveLength(3);
  });

  it('draws a denial as alt [authorized] / [403 Forbidden] with nothing after authorization', () => {
    const view = buildSequence(FIXTURES['rbac-denied']());
    const alt = view.items.find((i): i is SequenceAlt => i.type === 'alt')!;
    expect(alt.branches.map((b) => b.label)).toEqual(['authorized', '403 Forbidden']);
    const failure = allMessages(alt.branches[1].items);
    expect(failure.map((m) => m.emphasis)).toEqual(['danger', 'danger']);
    expect(failure[1]).toMatchObject({ from: 'kube-apiserver', to: 'kubectl', label: '403 Forbidden', deactivate: true });
    // Nothing reaches etcd or any controller.
    expect(view.participants.map((p) => p.id)).toEqual(['kubectl', 'kube-apiserver']);
    expect(view.items.indexOf(alt)).toBe(view.items.length - 1);
  });

  it('draws FailedScheduling as alt [fits a node] / [FailedScheduling]', () => {
    const view = buildSequence(FIXTURES['failed-scheduling']());
    const alt = allItems(view.items).find((i): i is SequenceAlt => i.type === 'alt')!;
    expect(alt.branches.map((b) => b.label)).toEqual(['fits a node', 'FailedScheduling']);
  });

  it('separates steps with titles and honours opts.steps', () => {
    const trace = applyDeploymentTrace();
    const all = buildSequence(trace);
    expect(all.items.filter((i) => i.type === 'separator').map((i) => (i.type === 'separator' ? i.title : ''))).toEqual([
      '1. Create the web Deployment',
      '2. Wait until the Deployment is Available',
    ]);
    const only2 = buildSequence(trace, { steps: [2] });
    expect(only2.items.every((i) => i.step === 2)).toBe(true);
    expect(allMessages(only2.items)[0].number).toBe(1);
    expectSequenceInvariants(only2);
  });

  it('collapses what is beyond 60 messages into one note per step, every step still shows', () => {
    const view = buildSequence(applyDeploymentTrace(), { detail: 'full' });
    expect(allMessages(view.items).length).toBe(60);
    const notes = view.items.filter((i) => i.type === 'note' && /^… \d+ more messages$/.test(i.text));
    expect(notes.map((n) => n.step)).toEqual([1]);
    // Step 2 is small: it is drawn whole, after step 1's note.
    expect(allMessages(view.items.filter((i) => i.step === 2)).length).toBe(allMessages(buildSequence(applyDeploymentTrace(), { detail: 'full', steps: [2] }).items).length);
    expectSequenceInvariants(view);
    const tiny = buildSequence(applyDeploymentTrace(), { maxMessages: 5 });
    expect(allMessages(tiny.items).length).toBe(5);
    expect(tiny.items.filter((i) => i.type === 'separator')).toHaveLength(2);
    expectSequenceInvariants(tiny);
  });

  it('is deterministic', () => {
    const a = buildSequence(applyDeploymentTrace({ replicas: 7, preloaded: ['worker-3'] }));
    const b = buildSequence(applyDeploymentTrace({ replicas: 7, preloaded: ['worker-3'] }));
    expect(a).toEqual(b);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
