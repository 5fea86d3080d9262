import { describe, expect, it } from 'vitest';
import { numFeasibleNodesToFind, schedulePod, selectHost } from '../../src/cluster/core/scheduler/schedule.ts';
import { failedSchedulingMessage } from '../../src/cluster/core/scheduler/message.ts';
import { nodeInfoFor, podInfoFromSpec, withPod } from '../../src/cluster/core/scheduler/build.ts';
import type { NodeInfo } from '../../src/cluster/core/scheduler/types.ts';
import { Prng } from '../../src/common/prng.ts';
import { makeNode, makePod, sized } from './fixtures.ts';

describe('FailedScheduling message', () => {
  // Real kube-scheduler events (1.27+), as users report them.
  it('taint + insufficient cpu, with preemption summary', () => {
    const nodes = [
      makeNode('cp', { taints: [{ key: 'machine-check-exception', value: 'memory', effect: 'NoSchedule' }] }),
      sized('w1', 1000, 2 ** 30, 900, 0),
      sized('w2', 1000, 2 ** 30, 900, 0),
    ];
    const r = schedulePod(makePod({ requests: { cpuMillis: 500, memoryBytes: 0 } }), nodes);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toBe(
      '0/3 nodes are available: 1 node(s) had untolerated taint {machine-check-exception: memory}, 2 Insufficient cpu. ' +
        'preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
    );
  });

  it('taints with empty values print as {key: }', () => {
    const nodes = [
      makeNode('controlplane', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
      makeNode('node01', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] }),
    ];
    const r = schedulePod(makePod(), nodes);
    expect(!r.ok && r.message).toBe(
      '0/2 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
        '1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. ' +
        'preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.',
    );
  });

  it('node selector mismatch on every node', () => {
    const nodes = ['a', 'b', 'c'].map((n) => makeNode(n));
    const r = schedulePod(makePod({ nodeSelector: { 'workshop-default': 'no' } }), nodes);
    expect(!r.ok && r.message).toBe(
      "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    );
  });

  it('sorts "<count> <reason>" strings bytewise, as sort.Strings does', () => {
    const filtered = [
      ...Array.from({ length: 10 }, (_, i) => ({ node: `a${i}`, plugin: 'NodeResourcesFit', reason: 'Insufficient memory' })),
      ...Array.from({ length: 2 }, (_, i) => ({ node: `b${i}`, plugin: 'NodeResourcesFit', reason: 'Insufficient cpu' })),
    ];
    const unresolvable = new Map(filtered.map((f) => [f.node, false]));
    expect(failedSchedulingMessage(12, filtered, unresolvable)).toBe(
      '0/12 nodes are available: 10 Insufficient memory, 2 Insufficient cpu. preemption: 0/12 nodes are available: 12 No preemption victims found for incoming pod.',
    );
  });

  it('counts every reason of a node (cpu and memory both short)', () => {
    const r = schedulePod(makePod({ requests: { cpuMillis: 5000, memoryBytes: 2 ** 40 } }), [makeNode('a')]);
    expect(!r.ok && r.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
    );
  });
});

// schedule_one_test.go TestNumFeasibleNodesToFind
describe('numFeasibleNodesToFind', () => {
  it.each([
    ['not set percentageOfNodesToScore and nodes number not more than 50', 0, 10, 10],
    ['set percentageOfNodesToScore and nodes number not more than 50', 40, 10, 10],
    ['not set percentageOfNodesToScore and nodes number more than 50', 0, 1000, 420],
    ['set percentageOfNodesToScore and nodes number more than 50', 40, 1000, 400],
    ['not set percentageOfNodesToScore and nodes number more than 50*125', 0, 6000, 300],
    ['set percentageOfNodesToScore and nodes number more than 50*125', 40, 6000, 2400],
  ])('%s', (_n, pct, all, want) => {
    expect(numFeasibleNodesToFind(all, pct)).toBe(want);
  });
});

describe('schedulePod', () => {
  it('prefers the least allocated, balanced node and reports per-plugin scores', () => {
    const pod = makePod({ requests: { cpuMillis: 500, memoryBytes: 2 ** 29 } });
    const r = schedulePod(pod, [sized('busy', 4000, 2 ** 33, 3000, 2 ** 32), sized('idle', 4000, 2 ** 33)]);
    expect(r.ok && r.node).toBe('idle');
    if (!r.ok) return;
    expect(r.evaluated).toBe(2);
    const idle = r.scores.find((s) => s.node === 'idle');
    expect(idle?.byPlugin).toMatchObject({ TaintToleration: 100, NodeResourcesFit: 90 });
  });

  it('breaks ties by node name without a PRNG, and by reservoir sampling with one', () => {
    const nodes = ['c', 'a', 'b'].map((n) => makeNode(n));
    const r = schedulePod(makePod(), nodes);
    expect(r.ok && r.node).toBe('a');
    const rand = new Prng(7, 'sched');
    const picks = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const x = schedulePod(makePod(), nodes, { rand: (n) => rand.int(n) });
      if (x.ok) picks.add(x.node);
    }
    expect([...picks].sort()).toEqual(['a', 'b', 'c']);
  });

  it('selectHost keeps the highest total', () => {
    expect(selectHost([{ node: 'a', total: 1, byPlugin: {} }, { node: 'b', total: 5, byPlugin: {} }, { node: 'c', total: 5, byPlugin: {} }])).toBe('b');
  });

  it('a single feasible node is chosen without scoring', () => {
    const r = schedulePod(makePod({ nodeSelector: { disk: 'ssd' } }), [makeNode('a'), makeNode('b', { labels: { disk: 'ssd' } })]);
    expect(r).toMatchObject({ ok: true, node: 'b', evaluated: 2, scores: [] });
    expect(r.filtered).toEqual([{ node: 'a', plugin: 'NodeAffinity', reason: "node(s) didn't match Pod's node affinity/selector" }]);
  });

  it('evaluates only numFeasibleNodesToFind nodes from a rotating start index', () => {
    const nodes = Array.from({ length: 1000 }, (_, i) => makeNode(`n${String(i).padStart(4, '0')}`));
    const first = schedulePod(makePod(), nodes);
    expect(first).toMatchObject({ ok: true, evaluated: 420, nextStartIndex: 420 });
    const second = schedulePod(makePod(), nodes, { startIndex: first.nextStartIndex });
    expect(second).toMatchObject({ ok: true, evaluated: 420, nextStartIndex: 840, node: 'n0420' });
  });

  it('spreads replicas of one ReplicaSet across nodes (system default topology spread)', () => {
    let nodes: NodeInfo[] = ['a', 'b', 'c'].map((n) => makeNode(n));
    const placed: string[] = [];
    for (let i = 0; i < 6; i++) {
      const pod = podInfoFromSpec({ namespace: 'default', name: `web-${i}`, labels: { app: 'web' } }, { containers: [{ image: 'nginx' }] }, { matchLabels: { app: 'web' } });
      const r = schedulePod(pod, nodes);
      if (!r.ok) throw new Error(r.message);
      placed.push(r.node);
      nodes = nodes.map((n) => (n.name === r.node ? withPod(n, pod) : n));
    }
    expect(placed.sort()).toEqual(['a', 'a', 'b', 'b', 'c', 'c']);
  });

  it('honours required pod anti-affinity', () => {
    const term = { labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' };
    const existing = makePod({ name: 'db-0', labels: { app: 'db' }, affinity: { podAntiAffinity: { required: [term] } } });
    const nodes = [nodeInfoFor({ ...makeNode('a') }, [existing]), makeNode('b')];
    const pod = makePod({ name: 'db-1', labels: { app: 'db' }, affinity: { podAntiAffinity: { required: [term] } } });
    const r = schedulePod(pod, nodes);
    expect(r).toMatchObject({ ok: true, node: 'b' });
    const full = schedulePod(pod, [nodes[0] as NodeInfo]);
    expect(!full.ok && full.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
    );
  });

  it('DoNotSchedule topology spread filters skewed domains', () => {
    const c = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'w' } } };
    const w = (n: string) => makePod({ name: n, labels: { app: 'w' } });
    const nodes = [
      nodeInfoFor({ ...makeNode('a'), labels: { zone: 'z1' } }, [w('w1')]),
      nodeInfoFor({ ...makeNode('b'), labels: { zone: 'z2' } }, []),
    ];
    const r = schedulePod(makePod({ labels: { app: 'w' }, topologySpreadConstraints: [c] }), nodes);
    expect(r).toMatchObject({ ok: true, node: 'b' });
    expect(r.filtered).toEqual([{ node: 'a', plugin: 'PodTopologySpread', reason: "node(s) didn't match pod topology spread constraints" }]);
  });

  it('schedules 2,000 pods on 1,000 nodes (its speed is measured by npm run bench)', () => {
    let nodes: NodeInfo[] = Array.from({ length: 1000 }, (_, i) =>
      makeNode(`node-${i}`, { allocatable: { cpuMillis: 64000, memoryBytes: 2 ** 38, pods: 110 }, labels: { 'kubernetes.io/hostname': `node-${i}` }, hasRequiredAntiAffinityPods: false }),
    );
    const index = new Map(nodes.map((n, i) => [n.name, i]));
    let start = 0;
    for (let i = 0; i < 2_000; i++) {
      const pod = makePod({ name: `p${i}`, requests: { cpuMillis: 100, memoryBytes: 2 ** 27 } });
      const r = schedulePod(pod, nodes, { startIndex: start });
      start = r.nextStartIndex;
      if (!r.ok) throw new Error(r.message);
      const k = index.get(r.node) as number;
      nodes[k] = withPod(nodes[k] as NodeInfo, pod);
    }
    expect(start).toBeGreaterThanOrEqual(0);
  });
});
