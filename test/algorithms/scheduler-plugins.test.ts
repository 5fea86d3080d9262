import { describe, expect, it } from 'vitest';
import type { CycleState, NodeInfo, PodInfo, ScorePlugin } from '../../src/cluster/core/scheduler/types.ts';
import {
  balancedAllocationScore,
  imageLocalityPriority,
  imageLocalityScore,
  nodeAffinityScore,
  nodeResourcesFitScore,
  taintTolerationScore,
} from '../../src/cluster/core/scheduler/plugins/scores.ts';
import {
  nodeAffinity,
  nodeName,
  nodePorts,
  nodeResourcesFit,
  nodeUnschedulable,
  taintToleration,
} from '../../src/cluster/core/scheduler/plugins/filters.ts';
import { defaultNormalizeScore, toleratesTaint } from '../../src/cluster/core/scheduler/plugins/helpers.ts';
import { makeNode, makePod, sized } from './fixtures.ts';
import { at } from '../helpers/at.ts';

function run(plugin: ScorePlugin, pod: PodInfo, nodes: NodeInfo[]): Record<string, number> {
  const state: CycleState = { pod, allNodes: nodes, cache: new Map() };
  const raw = plugin.score(state, nodes);
  plugin.normalize?.(state, raw);
  return Object.fromEntries(nodes.map((n, i) => [n.name, at(raw, i, 'scores')]));
}

function filter(f: { filter(s: CycleState, n: NodeInfo): unknown }, pod: PodInfo, node: NodeInfo): unknown {
  return f.filter({ pod, allNodes: [node], cache: new Map() }, node);
}

// Cases from pkg/scheduler/framework/plugins/noderesources/least_allocated_test.go
// (TestLeastAllocatedScoringStrategy). Capacities there are whole CPUs; only
// the ratios matter, so the same numbers are used as millicores here.
describe('NodeResourcesFit LeastAllocated', () => {
  const req = (cpu: number, mem: number) => ({ cpuMillis: cpu, memoryBytes: mem });
  it.each([
    ['nothing scheduled, nothing requested', req(0, 0), [sized('node1', 4000, 10000), sized('node2', 4000, 10000)], { node1: 100, node2: 100 }],
    ['nothing scheduled, resources requested, differently sized nodes', req(3000, 5000), [sized('node1', 4000, 10000), sized('node2', 6000, 10000)], { node1: 37, node2: 50 }],
    ['no resources requested, pods scheduled with resources', req(0, 0), [sized('node1', 10000, 20000, 6000, 0), sized('node2', 10000, 20000, 6000, 5000)], { node1: 70, node2: 57 }],
    ['resources requested, pods scheduled with resources', req(3000, 5000), [sized('node1', 10000, 20000, 3000, 0), sized('node2', 10000, 20000, 3000, 5000)], { node1: 57, node2: 45 }],
    ['resources requested, pods scheduled with resources, differently sized nodes', req(3000, 5000), [sized('node1', 10000, 20000, 3000, 0), sized('node2', 10000, 50000, 3000, 5000)], { node1: 57, node2: 60 }],
    ['requested resources exceed node capacity', req(3000, 0), [sized('node1', 4000, 10000, 3000, 0), sized('node2', 4000, 10000, 3000, 5000)], { node1: 50, node2: 25 }],
    ['zero node resources, pods scheduled with resources', req(0, 0), [sized('node1', 0, 0, 3000, 0), sized('node2', 0, 0, 3000, 5000)], { node1: 0, node2: 0 }],
  ])('%s', (_name, requests, nodes, want) => {
    expect(run(nodeResourcesFitScore, makePod({ requests }), nodes)).toEqual(want);
  });

  it('uses the non-zero requests (100m / 200Mi defaults) when given', () => {
    const pod = makePod({ requests: { cpuMillis: 0, memoryBytes: 0 }, nonZeroRequests: { cpuMillis: 100, memoryBytes: 200 * 2 ** 20 } });
    const node = sized('n', 1000, 2000 * 2 ** 20);
    // cpu (1000-100)/1000 = 90, memory (2000-200)/2000 = 90
    expect(run(nodeResourcesFitScore, pod, [node])).toEqual({ n: 90 });
  });
});

// Cases from pkg/scheduler/framework/plugins/noderesources/balanced_allocation_test.go.
describe('NodeResourcesBalancedAllocation', () => {
  it.each([
    ['nothing scheduled, resources requested, differently sized nodes', 3000, 5000, [sized('node1', 4000, 10000), sized('node2', 6000, 10000)], { node1: 87, node2: 100 }],
    ['resources requested, pods scheduled with resources', 3000, 5000, [sized('node1', 10000, 20000, 3000, 0), sized('node2', 10000, 20000, 3000, 5000)], { node1: 82, node2: 95 }],
    ['requested resources at node capacity', 3000, 0, [sized('node1', 4000, 10000, 3000, 0), sized('node2', 4000, 10000, 3000, 5000)], { node1: 50, node2: 75 }],
  ])('%s', (_name, cpu, mem, nodes, want) => {
    expect(run(balancedAllocationScore, makePod({ requests: { cpuMillis: cpu, memoryBytes: mem } }), nodes)).toEqual(want);
  });

  it('skips best-effort pods (kubernetes#129138)', () => {
    expect(run(balancedAllocationScore, makePod(), [sized('a', 4000, 10000, 3000, 0), sized('b', 4000, 10000)])).toEqual({ a: 0, b: 0 });
  });
});

// Cases from pkg/scheduler/framework/plugins/tainttoleration/taint_toleration_test.go (TestTaintTolerationScore).
describe('TaintToleration score', () => {
  const pref = (key: string, value: string) => ({ key, value, effect: 'PreferNoSchedule' as const });
  it('node with taints tolerated by the pod gets a higher score than nodes with intolerable taints', () => {
    const pod = makePod({ tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] });
    const nodes = [makeNode('nodeA', { taints: [pref('foo', 'bar')] }), makeNode('nodeB', { taints: [pref('foo', 'blah')] })];
    expect(run(taintTolerationScore, pod, nodes)).toEqual({ nodeA: 100, nodeB: 0 });
  });
  it('nodes whose taints are all tolerated get the same score, however many taints they have', () => {
    const pod = makePod({
      tolerations: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
      ],
    });
    const nodes = [
      makeNode('nodeA'),
      makeNode('nodeB', { taints: [pref('cpu-type', 'arm64')] }),
      makeNode('nodeC', { taints: [pref('cpu-type', 'arm64'), pref('disk-type', 'ssd')] }),
    ];
    expect(run(taintTolerationScore, pod, nodes)).toEqual({ nodeA: 100, nodeB: 100, nodeC: 100 });
  });
  it('the more intolerable taints a node has, the lower score it gets', () => {
    const pod = makePod({ tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] });
    const nodes = [
      makeNode('nodeA'),
      makeNode('nodeB', { taints: [pref('cpu-type', 'arm64')] }),
      makeNode('nodeC', { taints: [pref('cpu-type', 'arm64'), pref('disk-type', 'ssd')] }),
    ];
    expect(run(taintTolerationScore, pod, nodes)).toEqual({ nodeA: 100, nodeB: 50, nodeC: 0 });
  });
  it('only taints and tolerations that have effect PreferNoSchedule are checked', () => {
    const pod = makePod({ tolerations: [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' }] });
    const nodes = [
      makeNode('nodeA', { taints: [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }] }),
      makeNode('nodeB', { taints: [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }] }),
      makeNode('nodeC', { taints: [pref('cpu-type', 'arm64')] }),
    ];
    expect(run(taintTolerationScore, pod, nodes)).toEqual({ nodeA: 100, nodeB: 100, nodeC: 0 });
  });
});

// Cases from pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go (TestNodeAffinityPriority).
describe('NodeAffinity score', () => {
  const nodes = [
    makeNode('node1', { labels: { foo: 'bar' } }),
    makeNode('node2', { labels: { key: 'value' } }),
    makeNode('node3', { labels: { az: 'az1' } }),
  ];
  it('all nodes are same priority as NodeAffinity is nil', () => {
    expect(run(nodeAffinityScore, makePod(), nodes)).toEqual({ node1: 0, node2: 0, node3: 0 });
  });
  it('only node1 matches the preferred scheduling requirements of pod', () => {
    const pod = makePod({
      affinity: { nodeAffinity: { preferred: [{ weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } }] } },
    });
    expect(run(nodeAffinityScore, pod, nodes)).toEqual({ node1: 100, node2: 0, node3: 0 });
  });
  it('all nodes match the preferred requirements but with different priorities', () => {
    const pod = makePod({
      affinity: {
        nodeAffinity: {
          preferred: [
            { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
            { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
            {
              weight: 5,
              preference: {
                matchExpressions: [
                  { key: 'foo', operator: 'In', values: ['bar'] },
                  { key: 'key', operator: 'In', values: ['value'] },
                  { key: 'az', operator: 'In', values: ['az1'] },
                ],
              },
            },
          ],
        },
      },
    });
    const ns = [nodes[0] as NodeInfo, makeNode('node5', { labels: { foo: 'bar', key: 'value', az: 'az1' } }), nodes[1] as NodeInfo];
    expect(run(nodeAffinityScore, pod, ns)).toEqual({ node1: 18, node5: 100, node2: 36 });
  });
});

// imagelocality.calculatePriority / scaledImageScore (image_locality.go).
describe('ImageLocality', () => {
  const MB = 2 ** 20;
  // image_locality_test.go TestImageLocalityPriority (threshold 1000MB per container)
  const node1 = makeNode('node1', { images: { 'gcr.io/40:latest': 40 * MB, 'gcr.io/300:latest': 300 * MB, 'gcr.io/2000:latest': 2000 * MB } });
  const node2 = makeNode('node2', { images: { 'gcr.io/250:latest': 250 * MB, 'gcr.io/10:latest': 10 * MB, 'gcr.io/10:v1': 10 * MB } });
  it('two images spread on two nodes, prefer the larger image one', () => {
    expect(run(imageLocalityScore, makePod({ images: ['gcr.io/40', 'gcr.io/250'] }), [node1, node2])).toEqual({ node1: 0, node2: 5 });
  });
  it('two images on one node, prefer this node', () => {
    expect(run(imageLocalityScore, makePod({ images: ['gcr.io/40', 'gcr.io/300'] }), [node1, node2])).toEqual({ node1: 7, node2: 0 });
  });
  it('scores 0 below the 23MB threshold and 100 at 1000MB per container', () => {
    expect(imageLocalityPriority(10 * MB, 1)).toBe(0);
    expect(imageLocalityPriority(1000 * MB, 1)).toBe(100);
    expect(imageLocalityPriority(2000 * MB, 1)).toBe(100);
    // (500 − 23) × 100 / (1000 − 23) = 48.8
    expect(imageLocalityPriority(500 * MB, 1)).toBe(48);
  });
  it('scales image size by the fraction of nodes that have it', () => {
    const pod = makePod({ images: ['gcr.io/250'] });
    const nodes = [makeNode('node1', { images: { 'gcr.io/250:latest': 250 * MB } }), makeNode('node2', { images: { 'gcr.io/250:latest': 250 * MB } }), makeNode('node3')];
    // 250MB × 2/3 = 166.6MB → (166.67 − 23) × 100 / 977 = 14
    expect(run(imageLocalityScore, pod, nodes)).toEqual({ node1: 14, node2: 14, node3: 0 });
  });
});

describe('filters', () => {
  it('NodeUnschedulable rejects cordoned nodes unless the pod tolerates the unschedulable taint', () => {
    const node = makeNode('n', { unschedulable: true });
    expect(filter(nodeUnschedulable, makePod(), node)).toEqual({ reasons: ['node(s) were unschedulable'], unresolvable: true });
    const tolerant = makePod({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(filter(nodeUnschedulable, tolerant, node)).toBeNull();
  });

  it('NodeName', () => {
    expect(filter(nodeName, makePod({ nodeName: 'other' }), makeNode('n'))).toEqual({
      reasons: ["node(s) didn't match the requested node name"],
      unresolvable: true,
    });
    expect(filter(nodeName, makePod({ nodeName: 'n' }), makeNode('n'))).toBeNull();
  });

  // taint_toleration_test.go TestTaintTolerationFilter
  it.each([
    ['a pod having no tolerations can\'t be scheduled onto a node with nonempty taints', [], "node(s) had untolerated taint {dedicated: user1}"],
    ['a pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule', [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' as const }], null],
    ["a pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", [{ key: 'dedicated', operator: 'Equal' as const, value: 'user2', effect: 'NoSchedule' as const }], "node(s) had untolerated taint {dedicated: user1}"],
    ['a pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node', [{ key: 'dedicated', operator: 'Exists' as const, effect: 'NoSchedule' as const }], null],
  ])('TaintToleration: %s', (_n, tolerations, want) => {
    const node = makeNode('n', { taints: [{ key: 'dedicated', value: 'user1', effect: 'NoSchedule' }] });
    const got = filter(taintToleration, makePod({ tolerations }), node) as { reasons: string[] } | null;
    expect(got === null ? null : got.reasons[0]).toBe(want);
  });

  it('TaintToleration: a PreferNoSchedule taint never filters', () => {
    expect(filter(taintToleration, makePod(), makeNode('n', { taints: [{ key: 'a', value: 'b', effect: 'PreferNoSchedule' }] }))).toBeNull();
  });

  it('toleratesTaint follows v1.Toleration.ToleratesTaint', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoExecute' as const };
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true); // empty key + Exists tolerates all
    expect(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoSchedule' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'k', value: 'v' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', value: 'x' }, taint)).toBe(false);
  });

  // node_affinity_test.go TestNodeAffinity (a representative subset)
  it.each([
    ['no selector', {}, undefined, { foo: 'bar' }, true],
    ['missing labels', { foo: 'bar' }, undefined, {}, false],
    ['same labels', { foo: 'bar' }, undefined, { foo: 'bar' }, true],
    ['node labels are superset', { foo: 'bar' }, undefined, { foo: 'bar', baz: 'blah' }, true],
    ['node labels are subset', { foo: 'bar', baz: 'blah' }, undefined, { foo: 'bar' }, false],
    ['Pod with matchExpressions using In operator that matches the existing node', {}, [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values: ['bar', 'value2'] }] }], { foo: 'bar' }, true],
    ['Pod with matchExpressions using Gt operator that matches the existing node', {}, [{ matchExpressions: [{ key: 'kernel-version', operator: 'Gt' as const, values: ['0204'] }] }], { 'kernel-version': '0206' }, true],
    ['Pod with matchExpressions using NotIn operator that matches the existing node', {}, [{ matchExpressions: [{ key: 'mem-type', operator: 'NotIn' as const, values: ['DDR', 'DDR2'] }] }], { 'mem-type': 'DDR3' }, true],
    ['Pod with matchExpressions using Exists operator that matches the existing node', {}, [{ matchExpressions: [{ key: 'GPU', operator: 'Exists' as const }] }], { GPU: 'NVIDIA-GRID-K1' }, true],
    ['Pod with affinity that don\'t match node\'s labels won\'t schedule onto the node', {}, [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values: ['value1', 'value2'] }] }], { foo: 'bar' }, false],
    ['Pod with a nil []NodeSelectorTerm in affinity, can\'t match the node\'s labels and won\'t schedule onto the node', {}, [], { foo: 'bar' }, false],
    ['Pod with empty MatchExpressions is not a valid value will match no objects and won\'t schedule onto the node', {}, [{ matchExpressions: [] }], { foo: 'bar' }, false],
    ['Pod with multiple NodeSelectorTerms ORed in affinity, matches the node\'s labels and will schedule onto the node', {}, [{ matchExpressions: [{ key: 'foo', operator: 'In' as const, values: ['bar'] }] }, { matchExpressions: [{ key: 'diffkey', operator: 'In' as const, values: ['wrong', 'value2'] }] }], { foo: 'bar' }, true],
    ['Pod with matchFields using In operator that matches the existing node', {}, [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['node1'] }] }], {}, true],
    ['Pod with matchFields using In operator that does not match the existing node', {}, [{ matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: ['node2'] }] }], {}, false],
  ])('NodeAffinity: %s', (_n, nodeSelector, required, labels, fits) => {
    const pod = makePod({ nodeSelector, affinity: required ? { nodeAffinity: { required } } : undefined });
    const got = filter(nodeAffinity, pod, makeNode('node1', { labels }));
    expect(got === null).toBe(fits);
  });

  // node_ports_test.go TestNodePorts (representative cases)
  it.each([
    ['same udp port', [{ protocol: 'UDP' as const, hostIP: '127.0.0.1', port: 8080 }], [{ protocol: 'UDP' as const, hostIP: '127.0.0.1', port: 8080 }], false],
    ['same tcp port', [{ protocol: 'TCP' as const, hostIP: '127.0.0.1', port: 8080 }], [{ protocol: 'TCP' as const, hostIP: '127.0.0.1', port: 8080 }], false],
    ['different host ip udp', [{ protocol: 'UDP' as const, hostIP: '127.0.0.2', port: 8080 }], [{ protocol: 'UDP' as const, hostIP: '127.0.0.1', port: 8080 }], true],
    ['different protocol', [{ protocol: 'UDP' as const, hostIP: '127.0.0.1', port: 8080 }], [{ protocol: 'TCP' as const, hostIP: '127.0.0.1', port: 8080 }], true],
    ['UDP hostPort conflict due to 0.0.0.0 hostIP', [{ protocol: 'UDP' as const, hostIP: '0.0.0.0', port: 8001 }], [{ protocol: 'UDP' as const, hostIP: '127.0.0.1', port: 8001 }], false],
  ])('NodePorts: %s', (_n, want, used, fits) => {
    const got = filter(nodePorts, makePod({ hostPorts: want }), makeNode('n', { usedHostPorts: used }));
    expect(got === null).toBe(fits);
    if (!fits) expect(got).toEqual({ reasons: ["node(s) didn't have free ports for the requested pod ports"], unresolvable: false });
  });

  // fit_test.go TestEnoughRequests (representative cases; node allocatable 10 cpu / 20 memory / 32 pods)
  it.each([
    ['no resources requested always fits', [0, 0], [10, 20], []],
    ['too many resources fails', [1, 1], [10, 20], ['Insufficient cpu', 'Insufficient memory']],
    ['too many resources fails due to init container cpu', [3, 1], [8, 19], ['Insufficient cpu']],
    ['equal edge case', [5, 1], [5, 19], []],
    ['one resource memory fits', [2, 1], [9, 5], ['Insufficient cpu']],
    ['one resource cpu fits', [1, 2], [5, 19], ['Insufficient memory']],
  ])('NodeResourcesFit: %s', (_n, [cpu, mem], [usedCpu, usedMem], reasons) => {
    const node = makeNode('n', { allocatable: { cpuMillis: 10, memoryBytes: 20, pods: 32 }, requested: { cpuMillis: usedCpu as number, memoryBytes: usedMem as number } });
    const got = filter(nodeResourcesFit, makePod({ requests: { cpuMillis: cpu as number, memoryBytes: mem as number } }), node) as { reasons: string[] } | null;
    expect(got === null ? [] : got.reasons).toEqual(reasons);
  });

  it('NodeResourcesFit: Too many pods comes first', () => {
    const node = makeNode('n', { allocatable: { cpuMillis: 10, memoryBytes: 20, pods: 1 }, podCount: 1, requested: { cpuMillis: 10, memoryBytes: 0 } });
    const got = filter(nodeResourcesFit, makePod({ requests: { cpuMillis: 1, memoryBytes: 1 } }), node);
    expect(got).toEqual({ reasons: ['Too many pods', 'Insufficient cpu'], unresolvable: false });
  });
});

// normalize_score_test.go TestDefaultNormalizeScore
describe('DefaultNormalizeScore', () => {
  it.each([
    [false, [1, 2, 3, 4, 5], [20, 40, 60, 80, 100]],
    [true, [1, 2, 3, 4, 5], [80, 60, 40, 20, 0]],
    [false, [1000, 10, 20, 30], [100, 1, 2, 3]],
    [true, [1000, 10, 20, 30], [0, 99, 98, 97]],
    [false, [1, 1, 1, 1], [100, 100, 100, 100]],
    [true, [1, 1, 1, 1], [0, 0, 0, 0]],
    [false, [0, 0, 0, 0], [0, 0, 0, 0]],
    [true, [0, 0, 0, 0], [100, 100, 100, 100]],
  ])('reverse=%s %j', (reverse, scores, want) => {
    const s = [...scores];
    defaultNormalizeScore(s, reverse);
    expect(s).toEqual(want);
  });
});
