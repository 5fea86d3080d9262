import { describe, expect, it } from 'vitest';
import { buildSequence } from '../../src/views/index.ts';
import type { SequenceAlt, SequenceLoop } from '../../src/views/types.ts';
import { applyDeploymentTrace, FIXTURES } from '../fixtures/traces/fixtures.ts';
import { allItems, allMessages, expectSequenceInvariants } from './helpers.ts';
import { at } from '../helpers/at.ts';

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
    const view = buildSequence(applyDeploymentTrace(), { detail: 'full', maxMessages: 10_000 });
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
    const alt = at(loops, 0).items.find((i): i is SequenceAlt => i.type === 'alt')!;
    expect(alt.branches.map((b) => b.label)).toEqual(['20 Pods: PullImage nginx:1.27', '10 Pods: image nginx:1.27 already present on machine']);
    // The variant is drawn on the representative's lanes: no worker-2 lanes.
    expect(view.participants.some((p) => p.id.endsWith('@worker-2'))).toBe(false);
  });

  it('merges a run of phases into one note in compact mode, self-messages in full mode', () => {
    const compact = buildSequence(FIXTURES['get-pods']());
    expect(allItems(compact.items).filter((i) => i.type === 'note').map((i) => (i.type === 'note' ? i.text : ''))).toEqual([
      'authn · authz ✓ · serve list pods from watch cache',
    ]);
    const full = buildSequence(FIXTURES['get-pods'](), { detail: 'full' });
    expect(allMessages(full.items).filter((m) => m.arrow === 'self')).toHaveLength(3);
  });

  it('summary: one message per component hop, the phases as one note, only the reply the client gets', () => {
    const view = buildSequence(applyDeploymentTrace(), { detail: 'summary' });
    expectSequenceInvariants(view);
    const messages = allMessages(view.items);
    expect(messages.length).toBeGreaterThanOrEqual(8);
    expect(messages.length).toBeLessThanOrEqual(16);
    // Lanes are components: one kubelet, one runtime, one lane for the web Pods; controllers are the controller manager.
    const ids = view.participants.map((p) => p.id);
    expect(ids.filter((id) => id.startsWith('kubelet@'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('pod:') || id.startsWith('container:'))).toHaveLength(1);
    expect(ids).not.toContain('deployment-controller');
    expect(view.participants.find((p) => p.id.startsWith('kubelet@'))?.sublabel).toBe('worker-1..3');
    expect(view.boxes).toEqual([]);
    // Each lane pair and kind of hop once per step: an API call once per method and resource, a runtime call once per action (gallery review D11, D25).
    const pairs = messages.map((m) => `${m.step}|${m.from}|${m.to}|${m.arrow}|${m.label.replace(/ ×\d+$/, '')}`);
    expect(messages.filter((m) => m.from === 'kube-controller-manager').map((m) => m.label)).toEqual(expect.arrayContaining(['POST replicasets', 'POST pods ×3']));
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(messages.filter((m) => m.arrow === 'reply').every((m) => m.to === 'kubectl')).toBe(true);
    expect(allItems(view.items).some((i) => i.type === 'loop' || i.type === 'alt')).toBe(false);
  });

  it('standard: an etcd write is one arrow, repeated notifications to one watcher one arrow', () => {
    const view = buildSequence(applyDeploymentTrace());
    const messages = allMessages(view.items);
    expect(messages.some((m) => m.from === 'etcd')).toBe(false);
    expect(messages.some((m) => m.to === 'etcd' && m.activate === true)).toBe(false);
    const flat = allItems(view.items);
    flat.forEach((item, i) => {
      const next = flat[i + 1];
      if (item.type === 'message' && item.arrow === 'async' && next?.type === 'message' && next.arrow === 'async') expect(`${item.from}>${item.to}`).not.toBe(`${next.from}>${next.to}`);
    });
  });

  it('collapses setup steps into one band stating what they left behind', () => {
    const trace = applyDeploymentTrace();
    trace.steps[0]!.setup = true;
    trace.steps[0]!.state = {
      nodes: [{ name: 'worker-1', ready: 'True', unschedulable: false, taints: [] }, { name: 'worker-2', ready: 'Unknown', unschedulable: false, taints: ['node.kubernetes.io/unreachable:NoExecute'] }],
      pods: ['a', 'b', 'c'].map((x, i) => ({ namespace: 'default', name: `web-7c5ddbdf54-${x}xxxx`, node: `worker-${i + 1}`, phase: 'Running', status: 'Running', ready: true, owner: 'ReplicaSet/web-7c5ddbdf54' })),
      objects: [{ kind: 'ReplicaSet', namespace: 'default', name: 'web-7c5ddbdf54', owner: 'Deployment/web', status: '3/3 ready' }],
      controlPlane: { apiServers: [{ name: 'kube-apiserver', up: true }], etcd: [{ name: 'etcd', up: true }], quorum: true },
    };
    for (const detail of ['summary', 'standard', 'full'] as const) {
      const view = buildSequence(trace, { detail });
      expect(view.items[0]).toEqual({
        type: 'separator',
        id: 'setup',
        step: 1,
        title: 'Setup (step 1): Create the web Deployment',
        state: ['worker-2: NotReady (Unknown), tainted node.kubernetes.io/unreachable', 'web: 3 Pods Running on worker-1..3'],
      });
      expect(allItems(view.items).filter((i) => i.step === 1)).toHaveLength(1);
      expectSequenceInvariants(view);
    }
  });

  it('draws a denial as one alt branch [not authorized: 403 Forbidden] with nothing after authorization', () => {
    const view = buildSequence(FIXTURES['rbac-denied']());
    const alt = view.items.find((i): i is SequenceAlt => i.type === 'alt')!;
    // Only the branch taken: no empty "not taken" branch.
    expect(alt.branches.map((b) => b.label)).toEqual(['not authorized: 403 Forbidden']);
    const failure = allMessages(at(alt.branches, 0).items);
    expect(failure.map((m) => m.emphasis)).toEqual(['danger', 'danger']);
    expect(failure[1]).toMatchObject({ from: 'kube-apiserver', to: 'kubectl', label: '403 Forbidden', deactivate: true });
    // Nothing reaches etcd or any controller.
    expect(view.participants.map((p) => p.id)).toEqual(['kubectl', 'kube-apiserver']);
    expect(view.items.indexOf(alt)).toBe(view.items.length - 1);
  });

  it('draws FailedScheduling as alt [no node fits: FailedScheduling]', () => {
    const view = buildSequence(FIXTURES['failed-scheduling']());
    const alt = allItems(view.items).find((i): i is SequenceAlt => i.type === 'alt')!;
    expect(alt.branches.map((b) => b.label)).toEqual(['no node fits: FailedScheduling']);
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
    expect(at(allMessages(only2.items), 0).number).toBe(1);
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
    const tiny = buildSequence(applyDeploymentTrace(), { detail: 'full', maxMessages: 5 });
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
