// The model's fast paths (docs/performance.md, sessions 16 and 20) give the
// same results as the plain definitions they replace.
import { describe, expect, it, vi } from 'vitest';
import { Lru } from '../../src/cluster/components/event-correlator.ts';
import { Prng } from '../../src/common/prng.ts';
import { DEFAULT_SCORERS, schedulePod } from '../../src/cluster/core/scheduler/schedule.ts';
import { nodeInfoFor, podInfoFromSpec, withPod } from '../../src/cluster/core/scheduler/build.ts';
import { NodeColumns } from '../../src/cluster/core/scheduler/node-columns.ts';
import { taintTolerationScore } from '../../src/cluster/core/scheduler/plugins/scores.ts';
import { podTopologySpreadScore } from '../../src/cluster/core/scheduler/plugins/spread.ts';
import { interPodAffinityScore } from '../../src/cluster/core/scheduler/plugins/interpod.ts';
import type { NodeInfo, PodInfo } from '../../src/cluster/core/scheduler/types.ts';

/** The plain LRU (k8s.io/utils/lru): every get that hits and every add move the key to the end; the oldest is evicted. */
class ReferenceLru<V> {
  private readonly map = new Map<string, V>();
  constructor(readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  add(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  get size(): number {
    return this.map.size;
  }
}

describe('Lru (the event correlator caches) with its most-recent-key fast path', () => {
  it('answers every get and evicts like the plain LRU over random gets and adds (get-then-add of one key included)', () => {
    for (const max of [1, 2, 3, 5, 8]) {
      const prng = new Prng(max, "lru");
      const fast = new Lru<number>(max);
      const ref = new ReferenceLru<number>(max);
      for (let step = 0; step < 20_000; step++) {
        // Keys made fresh each time (as the correlator's joined keys are), so equality is by content.
        const key = ['k', String(prng.int(12))].join('');
        const op = prng.int(4);
        if (op === 0) expect(fast.get(key), `step ${step}`).toBe(ref.get(key));
        else if (op === 1) {
          fast.add(key, step);
          ref.add(key, step);
        } else {
          // The correlator's pattern: get a key, then add the same key.
          expect(fast.get(key)).toBe(ref.get(key));
          fast.add(key, step);
          ref.add(key, step);
        }
        expect(fast.size).toBe(ref.size);
      }
    }
  });

  it('evicts like the plain LRU when most keys are new (a full cache evicting on nearly every add)', () => {
    for (const max of [1, 4, 64]) {
      const prng = new Prng(max, 'lru-full');
      const fast = new Lru<number>(max);
      const ref = new ReferenceLru<number>(max);
      for (let step = 0; step < 5_000; step++) {
        // Mostly new keys, sometimes one of the last 2·max (a hit, a move, or a key just evicted).
        const key = ['k', String(prng.int(4) === 0 ? Math.max(0, step - prng.int(2 * max)) : step)].join('');
        expect(fast.get(key), `step ${step}`).toBe(ref.get(key));
        fast.add(key, step);
        ref.add(key, step);
        if (prng.int(3) === 0) {
          const again = ['k', String(Math.max(0, step - prng.int(max + 1)))].join('');
          fast.add(again, -step);
          ref.add(again, -step);
        }
        expect(fast.size).toBe(ref.size);
      }
      // Every key still held, oldest first: the same keys in the same order.
      for (let k = 0; k < 5_000; k++) expect(fast.get(`k${k}`)).toBe(ref.get(`k${k}`));
    }
  });

  it('finds the oldest key without a new iteration of its Map per eviction (which walks every hole evictions left at the front)', () => {
    const lru = new Lru<number>(4);
    const keys = vi.spyOn(Map.prototype, 'keys');
    try {
      for (let i = 0; i < 1_000; i++) lru.add(`key-${i}`, i);
      expect(keys).not.toHaveBeenCalled();
    } finally {
      keys.mockRestore();
    }
    expect(lru.size).toBe(4);
    expect(lru.get('key-995')).toBeUndefined();
    expect(lru.get('key-996')).toBe(996);
  });
});

describe("the scheduler's one-pass default scores (four of the seven plugins score every node alike)", () => {
  const MiB = 2 ** 20;

  /** A random cluster: nodes with random sizes, pods already placed, images and (sometimes) taints. */
  function randomNodes(prng: Prng, count: number, taints: boolean): NodeInfo[] {
    let nodes = Array.from({ length: count }, (_, i) =>
      nodeInfoFor(
        {
          name: `n-${String(prng.int(1000)).padStart(3, '0')}-${i}`,
          labels: { 'kubernetes.io/hostname': `n${i}`, 'topology.kubernetes.io/zone': `z${i % 3}` },
          taints: taints && prng.int(4) === 0 ? [{ key: 'k', value: 'v', effect: prng.int(2) === 0 ? 'PreferNoSchedule' : 'NoSchedule' }] : [],
          allocatable: { cpuMillis: 1000 * (1 + prng.int(16)), memoryBytes: 1024 * MiB * (1 + prng.int(32)), pods: 110 },
          images: prng.int(2) === 0 ? { 'nginx:1.27': (20 + prng.int(200)) * MiB } : {},
        },
        [],
      ),
    );
    for (let p = 0; p < count * 2; p++) {
      const i = prng.int(count);
      nodes[i] = withPod(nodes[i]!, randomPod(prng, `placed-${p}`));
    }
    return nodes;
  }

  function randomPod(prng: Prng, name: string): PodInfo {
    const requests = prng.int(3) === 0 ? undefined : { cpu: `${50 * (1 + prng.int(20))}m`, memory: `${16 * (1 + prng.int(64))}Mi` };
    const preferred = prng.int(5) === 0 ? [{ weight: 10, preference: { matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: ['z1'] }] } }] : undefined;
    return podInfoFromSpec(
      { namespace: 'default', name, labels: { app: 'web' } },
      {
        containers: [{ name: 'c', image: prng.int(3) === 0 ? 'redis' : 'nginx:1.27', ...(requests ? { resources: { requests } } : {}) }],
        ...(preferred ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: preferred } } } : {}),
      },
    );
  }

  it('gives the plugins’ node, totals, per-plugin scores and next start index over random clusters and pods', () => {
    for (let round = 0; round < 60; round++) {
      const prng = new Prng(round, 'flat-scores');
      const nodes = randomNodes(prng, 2 + prng.int(150), round % 3 === 0);
      for (let k = 0; k < 5; k++) {
        const pod = randomPod(prng, `web-${k}`);
        const startIndex = prng.int(nodes.length);
        const a = new Prng(round * 10 + k, 'ties');
        const b = new Prng(round * 10 + k, 'ties');
        const fast = schedulePod(pod, nodes, { startIndex, rand: (n) => a.int(n) });
        // A copy of the default list is not the default profile: its plugins run one by one.
        const plain = schedulePod(pod, nodes, { startIndex, rand: (n) => b.int(n) }, { scorers: [...DEFAULT_SCORERS] });
        expect(fast.ok).toBe(plain.ok);
        if (!fast.ok || !plain.ok) continue;
        expect(fast.node, `round ${round} pod ${k}`).toBe(plain.node);
        expect(fast.nextStartIndex).toBe(plain.nextStartIndex);
        expect(fast.top(5)).toEqual(plain.top(5));
        expect(fast.scores.map((s) => [s.node, s.total, s.byPlugin])).toEqual(plain.scores.map((s) => [s.node, s.total, s.byPlugin]));
      }
    }
  });

  it('gives the same cycles from node columns kept across cycles (nodes bound to, added, removed, renamed) as from the NodeInfos', () => {
    for (let round = 0; round < 20; round++) {
      const prng = new Prng(round, 'columns');
      let nodes = randomNodes(prng, 2 + prng.int(120), round % 2 === 0);
      const columns = new NodeColumns();
      let start = 0;
      for (let k = 0; k < 40; k++) {
        const pod = randomPod(prng, `web-${k}`);
        const a = new Prng(round * 100 + k, 'ties');
        const b = new Prng(round * 100 + k, 'ties');
        const fast = schedulePod(pod, nodes, { startIndex: start, rand: (n) => a.int(n), columns });
        const plain = schedulePod(pod, nodes, { startIndex: start, rand: (n) => b.int(n) }, { scorers: [...DEFAULT_SCORERS] });
        expect(fast.ok).toBe(plain.ok);
        expect(fast.nextStartIndex).toBe(plain.nextStartIndex);
        start = fast.nextStartIndex;
        if (fast.ok && plain.ok) {
          expect(fast.node, `round ${round} pod ${k}`).toBe(plain.node);
          expect(fast.top(7)).toEqual(plain.top(7));
          expect(fast.scores.map((s) => [s.node, s.total, s.byPlugin])).toEqual(plain.scores.map((s) => [s.node, s.total, s.byPlugin]));
          const i = nodes.findIndex((n) => n.name === fast.node);
          nodes[i] = withPod(nodes[i]!, pod);
        }
        // Now and then the node list changes under the columns: a node leaves, one joins, one is renamed or tainted.
        const change = prng.int(10);
        if (change === 0 && nodes.length > 2) nodes = nodes.filter((_, j) => j !== prng.int(nodes.length));
        else if (change === 1) nodes = [...nodes, ...randomNodes(prng, 1, false).map((n) => ({ ...n, name: `joined-${k}` }))];
        else if (change === 2) nodes = nodes.map((n, j) => (j === 0 ? { ...n, name: `a-renamed-${k}` } : n));
        else if (change === 3) nodes = nodes.map((n, j) => (j === 1 ? { ...n, taints: [{ key: 'k', effect: 'PreferNoSchedule' as const }] } : n));
      }
    }
  });

  it('does not run the plugins that score alike for a plain pod on untainted nodes, and runs them when a node is tainted', () => {
    const spies = [taintTolerationScore, podTopologySpreadScore, interPodAffinityScore].map((p) => vi.spyOn(p, 'score'));
    try {
      const plain = Array.from({ length: 5 }, (_, i) => nodeInfoFor({ name: `n${i}`, labels: {}, taints: [], allocatable: { cpuMillis: 4000, memoryBytes: 8 * 1024 * MiB, pods: 110 }, images: {} }, []));
      const pod = podInfoFromSpec({ namespace: 'default', name: 'web' }, { containers: [{ name: 'c', image: 'nginx', resources: { requests: { cpu: '100m' } } }] });
      expect(schedulePod(pod, plain).ok).toBe(true);
      for (const s of spies) expect(s).not.toHaveBeenCalled();
      const tainted = [...plain, { ...plain[0]!, name: 'tainted', taints: [{ key: 'k', effect: 'PreferNoSchedule' as const }] }];
      expect(schedulePod(pod, tainted).ok).toBe(true);
      for (const s of spies) expect(s).toHaveBeenCalledTimes(1);
    } finally {
      for (const s of spies) s.mockRestore();
    }
  });
});
