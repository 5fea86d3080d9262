/**
 * DaemonSet and PodDisruptionBudget logic, table-driven: node eligibility as
 * pkg/controller/daemon/daemon_controller_test.go checks it
 * (TestNodeShouldRunDaemonPod: selectors, affinity, taints, unschedulable),
 * the rolling-update budget, the disruption controller's arithmetic
 * (disruption_test.go) and the eviction decision (eviction_test.go).
 */
import { describe, expect, it } from 'vitest';
import { addDaemonTolerations, nodeShouldRunDaemonPod, rollingUpdateBudget, rollingUpdatePlan } from '../../src/cluster/core/daemonset.ts';
import { countHealthy, disruptionsAllowed, evictionDecision, expectedPods } from '../../src/cluster/core/disruption.ts';
import { podsForDeletion } from '../../src/cluster/kubectl/node-maintenance.ts';
import { formatDuration } from '../../src/scenario/duration.ts';
import type { PodObj, PodSpec } from '../../src/cluster/core/typed.ts';

const node = (labels: Record<string, string> = {}, taints: { key: string; value?: string; effect: string }[] = []) => ({ name: 'n1', labels, taints: taints as never });

describe('nodeShouldRunDaemonPod (TestNodeShouldRunDaemonPod)', () => {
  it.each<[string, ReturnType<typeof node>, Partial<PodSpec>, { run: boolean; keep: boolean }]>([
    ['plain pod, plain node', node(), {}, { run: true, keep: true }],
    ['nodeSelector matches', node({ disk: 'ssd' }), { nodeSelector: { disk: 'ssd' } }, { run: true, keep: true }],
    ['nodeSelector does not match', node({ disk: 'hdd' }), { nodeSelector: { disk: 'ssd' } }, { run: false, keep: false }],
    ['nodeName of another node', node(), { nodeName: 'n2' }, { run: false, keep: false }],
    ['required node affinity does not match', node({ a: 'x' }), { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['y'] }] }] } } } }, { run: false, keep: false }],
    ['untolerated NoSchedule taint: no new pod, existing stays', node({}, [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]), {}, { run: false, keep: true }],
    ['untolerated NoExecute taint: evicted', node({}, [{ key: 'dedicated', effect: 'NoExecute' }]), {}, { run: false, keep: false }],
    ['tolerated taint', node({}, [{ key: 'dedicated', effect: 'NoSchedule' }]), { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, { run: true, keep: true }],
    ['unschedulable taint is tolerated by the daemon tolerations', node({}, [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]), {}, { run: true, keep: true }],
    ['not-ready NoExecute is tolerated', node({}, [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }]), {}, { run: true, keep: true }],
    ['network-unavailable only tolerated with hostNetwork', node({}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), {}, { run: false, keep: true }],
    ['network-unavailable with hostNetwork', node({}, [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }]), { hostNetwork: true }, { run: true, keep: true }],
  ])('%s', (_n, nd, spec, want) => {
    expect(nodeShouldRunDaemonPod(nd, spec)).toEqual(want);
  });

  it('adds the daemon tolerations once, in the controller order', () => {
    const t = addDaemonTolerations([{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }], false);
    expect(t.map((x) => x.key)).toEqual(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/memory-pressure', 'node.kubernetes.io/pid-pressure', 'node.kubernetes.io/unschedulable']);
  });
});

describe('DaemonSet rolling update', () => {
  it.each<[string, { maxUnavailable?: number | string; maxSurge?: number | string } | undefined, number, { maxSurge: number; maxUnavailable: number }]>([
    ['default', undefined, 4, { maxSurge: 0, maxUnavailable: 1 }],
    ['percent rounds down', { maxUnavailable: '50%' }, 3, { maxSurge: 0, maxUnavailable: 1 }],
    ['both zero → 1', { maxUnavailable: 0, maxSurge: 0 }, 3, { maxSurge: 0, maxUnavailable: 1 }],
    ['surge percent rounds up', { maxUnavailable: 0, maxSurge: '10%' }, 3, { maxSurge: 1, maxUnavailable: 0 }],
  ])('budget: %s', (_n, ru, desired, want) => expect(rollingUpdateBudget(ru, desired)).toEqual(want));

  const old = (name: string, available = true) => ({ name, updated: false, available });
  it('deletes one available old pod at a time, unavailable old pods freely', () => {
    const plan = rollingUpdatePlan(
      [
        { node: 'a', run: true, pods: [old('pa')] },
        { node: 'b', run: true, pods: [old('pb', false)] },
        { node: 'c', run: true, pods: [old('pc')] },
      ],
      { maxSurge: 0, maxUnavailable: 1 },
    );
    expect(plan).toEqual({ deletePods: ['pb', 'pa'], surgeNodes: [] });
  });
  it('waits while an updated pod is not yet available', () => {
    const plan = rollingUpdatePlan([{ node: 'a', run: true, pods: [{ name: 'new', updated: true, available: false }] }, { node: 'b', run: true, pods: [old('pb')] }], { maxSurge: 0, maxUnavailable: 1 });
    expect(plan.deletePods).toEqual([]);
  });
  it('surges a new pod next to an old one and deletes the old one when the new is available', () => {
    const plan = rollingUpdatePlan(
      [
        { node: 'a', run: true, pods: [old('pa'), { name: 'na', updated: true, available: true }] },
        { node: 'b', run: true, pods: [old('pb')] },
      ],
      { maxSurge: 1, maxUnavailable: 0 },
    );
    expect(plan).toEqual({ deletePods: ['pa'], surgeNodes: ['b'] });
  });
});

describe('disruption controller (disruption_test.go)', () => {
  it.each<[string, { minAvailable?: number | string; maxUnavailable?: number | string }, number, number, number, { expectedCount: number; desiredHealthy: number; allowed: number }]>([
    ['minAvailable int', { minAvailable: 2 }, 3, 3, 3, { expectedCount: 3, desiredHealthy: 2, allowed: 1 }],
    ['minAvailable int, not enough', { minAvailable: 3 }, 3, 3, 2, { expectedCount: 3, desiredHealthy: 3, allowed: 0 }],
    ['minAvailable percent rounds up', { minAvailable: '50%' }, 3, 3, 3, { expectedCount: 3, desiredHealthy: 2, allowed: 1 }],
    ['maxUnavailable int', { maxUnavailable: 1 }, 3, 5, 5, { expectedCount: 5, desiredHealthy: 4, allowed: 1 }],
    ['maxUnavailable percent rounds up', { maxUnavailable: '30%' }, 3, 4, 4, { expectedCount: 4, desiredHealthy: 2, allowed: 2 }],
    ['no pods expected: no disruption', { minAvailable: 0 }, 0, 0, 0, { expectedCount: 0, desiredHealthy: 0, allowed: 0 }],
  ])('%s', (_n, spec, selected, scale, healthy, want) => {
    const e = expectedPods(spec, selected, () => scale);
    expect({ ...e, allowed: disruptionsAllowed(healthy, e.desiredHealthy, e.expectedCount) }).toEqual(want);
  });

  it('recently evicted and terminating pods do not count as healthy', () => {
    const pods = [{ name: 'a', ready: true, deleting: false }, { name: 'b', ready: true, deleting: true }, { name: 'c', ready: true, deleting: false }, { name: 'd', ready: false, deleting: false }];
    expect(countHealthy(pods, { c: 1000 }, 60_000)).toBe(1);
    expect(countHealthy(pods, { c: 1000 }, 121_000)).toBe(2);
  });
});

describe('eviction subresource (eviction_test.go)', () => {
  const pdb = { name: 'web', generation: 1, observedGeneration: 1, disruptionsAllowed: 1, currentHealthy: 3, desiredHealthy: 2, disruptedPods: 0 };
  const running = { phase: 'Running', deleting: false, ready: true };
  it.each<[string, typeof running, (typeof pdb)[], string]>([
    ['no budget', running, [], 'delete'],
    ['allowed', running, [pdb], 'decrement'],
    ['none allowed → 429', running, [{ ...pdb, disruptionsAllowed: 0, currentHealthy: 2 }], '429 The disruption budget web needs 2 healthy pods and has 2 currently'],
    ['budget not yet observed → 429', running, [{ ...pdb, generation: 2 }], '429 The disruption budget web is still being processed by the server.'],
    ['pending pod ignores the budget', { ...running, phase: 'Pending' }, [{ ...pdb, disruptionsAllowed: 0 }], 'delete'],
    ['terminating pod ignores the budget', { ...running, deleting: true }, [{ ...pdb, disruptionsAllowed: 0 }], 'delete'],
    ['unready pod with a healthy budget (IfHealthyBudget)', { ...running, ready: false }, [{ ...pdb, disruptionsAllowed: 0, currentHealthy: 2 }], 'delete'],
    ['two budgets → 500', running, [pdb, { ...pdb, name: 'other' }], '500 This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'],
  ])('%s', (_n, pod, pdbs, want) => {
    const d = evictionDecision(pod, pdbs);
    expect(d.kind === 'refuse' ? `${d.status} ${d.cause ?? d.message}` : d.kind).toBe(want);
  });
});

describe('kubectl drain pod filters (drain/filters.go)', () => {
  const pod = (name: string, owner?: string, extra: Partial<PodSpec> = {}): PodObj => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, namespace: 'default', ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: owner, name: 'x', uid: 'u', controller: true }] } : {}) },
    spec: { containers: [], ...extra }, status: { phase: 'Running' },
  });
  const flags = { ignoreDaemonSets: false, force: false, deleteEmptyDirData: false, daemonSetExists: () => true };
  it('refuses DaemonSet, unmanaged and emptyDir pods without their flags', () => {
    const r = podsForDeletion([pod('ds', 'DaemonSet'), pod('bare'), pod('cache', 'ReplicaSet', { volumes: [{ name: 'c', emptyDir: {} }] }), pod('web', 'ReplicaSet')], flags);
    expect(r.errors).toEqual([
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds',
      'cannot delete Pods declare no controller (use --force to override): default/bare',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): default/cache',
    ]);
  });
  it('with the flags: warnings, and DaemonSet pods are never evicted', () => {
    const r = podsForDeletion([pod('ds', 'DaemonSet'), pod('bare'), pod('web', 'ReplicaSet')], { ...flags, ignoreDaemonSets: true, force: true });
    expect(r.errors).toEqual([]);
    expect(r.evict.map((p) => p.metadata.name)).toEqual(['bare', 'web']);
    expect(r.warnings).toEqual(['deleting Pods that declare no controller: default/bare', 'ignoring DaemonSet-managed Pods: default/ds']);
  });
  it.each([[30_000, '30s'], [120_000, '2m0s'], [90_000, '1m30s'], [500, '500ms']])('formatDuration(%d) = %s (Go time.Duration.String)', (ms, s) => expect(formatDuration(ms)).toBe(s));
});
