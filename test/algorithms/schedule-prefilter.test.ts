/**
 * The scheduler's fast paths give the same answers as the plain ones:
 * a filter whose PreFilter answers Skip passes every node, and a cycle with
 * the node cache's summaries (image counts, anti-affinity nodes) schedules
 * exactly as one that walks every node for them.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, schedulePod } from '../../src/cluster/core/scheduler/schedule.ts';
import type { CycleState, NodeInfo, PodInfo, SnapshotSummaries } from '../../src/cluster/core/scheduler/types.ts';
import { makeNode, makePod } from './fixtures.ts';

const ZONE = 'topology.kubernetes.io/zone';
const anti = [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: ZONE }];

const nodes: NodeInfo[] = [
  makeNode('a', { labels: { 'kubernetes.io/hostname': 'a', [ZONE]: 'z1', disk: 'ssd' }, images: { 'nginx:1.27': 60e6 }, hasRequiredAntiAffinityPods: false, pods: [] }),
  makeNode('b', {
    labels: { 'kubernetes.io/hostname': 'b', [ZONE]: 'z1' },
    images: { 'nginx:1.27': 60e6, 'redis:7': 40e6 },
    hasRequiredAntiAffinityPods: true,
    pods: [{ namespace: 'default', name: 'db-0', labels: { app: 'db' }, antiAffinity: anti }],
  }),
  makeNode('c', { labels: { 'kubernetes.io/hostname': 'c', [ZONE]: 'z2' }, usedHostPorts: [{ port: 8080, hostIP: '', protocol: 'TCP' }], hasRequiredAntiAffinityPods: false, pods: [] }),
  makeNode('d', { labels: { 'kubernetes.io/hostname': 'd', [ZONE]: 'z3', disk: 'ssd' }, images: { 'redis:7': 40e6 }, hasRequiredAntiAffinityPods: false, pods: [{ namespace: 'default', name: 'web-1', labels: { app: 'web' } }] }),
];

const pods: Record<string, PodInfo> = {
  plain: makePod({ images: ['nginx:1.27'] }),
  nodeName: makePod({ nodeName: 'c' }),
  selector: makePod({ nodeSelector: { disk: 'ssd' } }),
  emptyRequiredAffinity: makePod({ affinity: { nodeAffinity: { required: [] } } }),
  hostPort: makePod({ hostPorts: [{ port: 8080, hostIP: '', protocol: 'TCP' }] }),
  spreadHard: makePod({ labels: { app: 'web' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } } }] }),
  spreadSoft: makePod({ labels: { app: 'web' }, topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'web' } } }] }),
  db: makePod({ labels: { app: 'db' }, images: ['redis:7'] }),
  antiAffinity: makePod({ labels: { app: 'db' }, affinity: { podAntiAffinity: { required: anti } } }),
  affinity: makePod({ affinity: { podAffinity: { required: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: ZONE }] } } }),
};

function summariesOf(all: readonly NodeInfo[]): SnapshotSummaries {
  const imageNodes = new Map<string, number>();
  for (const n of all) for (const img of Object.keys(n.images)) imageNodes.set(img, (imageNodes.get(img) ?? 0) + 1);
  return { imageNodes, antiAffinityNodes: all.filter((n) => n.hasRequiredAntiAffinityPods !== false) };
}

describe('PreFilter Skip', () => {
  for (const [name, pod] of Object.entries(pods)) {
    it(`a skipped filter passes every node (${name})`, () => {
      for (const f of DEFAULT_FILTERS) {
        const state: CycleState = { pod, allNodes: nodes, cache: new Map() };
        if (f.skip?.(state)) for (const n of nodes) expect(f.filter({ pod, allNodes: nodes, cache: new Map() }, n), `${f.name} on ${n.name}`).toBeNull();
      }
    });
  }

  it('a pod with nothing to check skips all but the node-dependent filters', () => {
    const state: CycleState = { pod: makePod(), allNodes: nodes.filter((n) => n.name !== 'b'), cache: new Map() };
    expect(DEFAULT_FILTERS.filter((f) => !f.skip?.(state)).map((f) => f.name)).toEqual(['NodeUnschedulable', 'TaintToleration', 'NodeResourcesFit']);
  });

  it('an existing pod with required anti-affinity keeps InterPodAffinity running', () => {
    const state: CycleState = { pod: makePod(), allNodes: nodes, cache: new Map() };
    expect(DEFAULT_FILTERS.find((f) => f.name === 'InterPodAffinity')!.skip!(state)).toBe(false);
  });
});

describe('cycle with the node cache summaries', () => {
  for (const [name, pod] of Object.entries(pods)) {
    it(`schedules as the full walk does (${name})`, () => {
      const plain = schedulePod(pod, nodes, { startIndex: 1 });
      const fast = schedulePod(pod, nodes, { startIndex: 1, summaries: summariesOf(nodes) });
      expect(fast.ok).toBe(plain.ok);
      expect(fast.filtered).toEqual(plain.filtered);
      if (plain.ok && fast.ok) {
        expect(fast.node).toBe(plain.node);
        expect(fast.evaluated).toBe(plain.evaluated);
        expect(fast.scores.map((s) => [s.node, s.total, s.byPlugin])).toEqual(plain.scores.map((s) => [s.node, s.total, s.byPlugin]));
      } else if (!plain.ok && !fast.ok) expect(fast.message).toBe(plain.message);
    });
  }
});

/**
 * findNodesThatFitPod over a PreFilterResult (1.31), the PreFilterResult
 * cases of pkg/scheduler/schedule_one_test.go TestSchedulerSchedulePod: the
 * scan covers only the nodes the result names that exist, the nodes left out
 * get no status (absent from NodeToStatusMap: not in the FitError's reasons,
 * "Preemption is not helpful" for preemption), the start index and the number
 * of feasible nodes to find apply to the reduced list, and the next start
 * index advances by the nodes processed modulo all nodes.
 */
describe('PreFilterResult (schedule_one_test.go TestSchedulerSchedulePod)', () => {
  const three = ['node1', 'node2', 'node3'].map((n) => makeNode(n));
  // VolumeBinding's PreFilterResult is the model's only one: eligibleNodes on the pod's volume check.
  const narrowedTo = (names: string[], over: Partial<PodInfo> = {}): PodInfo =>
    makePod({ name: 'test-prefilter', ...over, volumes: { eligibleNodes: new Set(names), reasons: () => [] } });
  const fails = (node: string) => makeNode(node, { taints: [{ key: 'fail', effect: 'NoSchedule' }] });
  const msg = (r: ReturnType<typeof schedulePod>) => (r.ok ? `ok ${r.node} evaluated=${r.evaluated}` : r.message);

  it.each<[string, NodeInfo[], string[], Parameters<typeof schedulePod>[3], string]>([
    ['prefilter plugin returning node: node2 only', three, ['node2'], undefined, 'ok node2 evaluated=1'],
    ['no score plugin, prefilter returning 2 nodes: one feasible node is enough', three, ['node1', 'node2'], { scorers: [] }, 'ok node1 evaluated=1'],
    ['prefilter returning 2 nodes with scoring: both evaluated', three, ['node1', 'node3'], undefined, 'ok node1 evaluated=2'],
    [
      'some nodes filtered out by the prefilter result and the others by a filter: only the filtered ones are reasons',
      [makeNode('node1'), fails('node2')],
      ['node2'],
      undefined,
      "0/2 nodes are available: 1 node(s) had untolerated taint {fail: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    ],
    [
      'prefilter returned an invalid node: no node scanned, no reasons',
      [makeNode('1'), makeNode('2')],
      ['invalid-node'],
      undefined,
      '0/2 nodes are available: preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    ],
  ])('%s', (_name, nodes, eligible, profile, want) => {
    expect(msg(schedulePod(narrowedTo(eligible), nodes, {}, profile))).toBe(want);
  });

  it('a resolvable failure on a scanned node: no victims there, not helpful on the left-out ones', () => {
    const busy = makeNode('node2', { allocatable: { cpuMillis: 100, memoryBytes: 8 * 2 ** 30, pods: 110 } });
    const r = schedulePod(narrowedTo(['node2'], { requests: { cpuMillis: 500, memoryBytes: 0 } }), [makeNode('node1'), busy, makeNode('node3')]);
    expect(msg(r)).toBe('0/3 nodes are available: 1 Insufficient cpu. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.');
  });

  it('the scan starts at startIndex modulo the reduced list; nextStartIndex advances modulo all nodes', () => {
    const five = ['n0', 'n1', 'n2', 'n3', 'n4'].map((n) => makeNode(n));
    // Reduced list [n1, n3]; start 3 → index 1 of it (n3) first; no scorers → stop at the first feasible node.
    const r = schedulePod(narrowedTo(['n1', 'n3']), five, { startIndex: 3 }, { scorers: [] });
    expect(r.ok && r.node).toBe('n3');
    expect(r.nextStartIndex).toBe(4);
    // All scanned nodes failing: both processed, (3 + 2) % 5.
    const none = schedulePod(narrowedTo(['n1', 'n3'], { nodeSelector: { disk: 'ssd' } }), five, { startIndex: 3 });
    expect(none.ok).toBe(false);
    expect(none.nextStartIndex).toBe(0);
    expect(none.filtered.map((f) => f.node)).toEqual(['n3', 'n1']);
  });

  it('numFeasibleNodesToFind counts the reduced list: 150 eligible of 300 nodes are all scanned (< 100 would be all anyway; 150·(50−1)% = 73 → 100)', () => {
    const all = Array.from({ length: 300 }, (_, i) => makeNode(`n${String(i).padStart(3, '0')}`));
    const eligible = all.filter((_, i) => i % 2 === 0).map((n) => n.name);
    const r = schedulePod(narrowedTo(eligible), all);
    // numFeasibleNodesToFind(150) = 100 (numFeasibleNodesToFind(300) would be 138).
    expect(r.ok && r.evaluated).toBe(100);
    expect(r.nextStartIndex).toBe(100);
  });
});
