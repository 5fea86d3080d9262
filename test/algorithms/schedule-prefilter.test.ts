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
