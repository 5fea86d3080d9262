/**
 * Hooks (gallery review D6; checks.ts hooks and edgeHooks, graph-tracks.ts unhook): a route that runs out past the box
 * it aims at, steps across by a few px and comes back into it. canary-release at summary (main at 03276ee): kube-proxy
 * on worker-1 delivered to worker-2's Pods down x 1224 and 1230, each hooked out to x 1242 (against the cluster's
 * right border) and back — 9 hooks in 4 of the 60 slide pictures (canary-release, hpa-autoscaling, network-policy,
 * service-types at summary), none after unhook; test/layout/arch-clean.test.ts checks every scenario.
 */
import { describe, expect, it } from 'vitest';
import { unhook } from '../../src/layout/graph-tracks.ts';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { HOOK_MAX, edgeHooks, hooks } from './check.ts';

const node = (id: string, parent: string | null, kind: string, x: number, y: number, width: number, height: number): LaidNode => ({ id, parent, kind, x, y, width, height, label: { text: id, x: x + 42, y: y + 10, width: 60, height: 17, lines: [id], size: 13, weight: 'semibold', align: 'start' }, emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
const picture = (nodes: LaidNode[], edges: LaidEdge[]): LaidOut => ({ view: 'architecture', title: 't', width: 1300, height: 900, nodes, edges, steps: [] });

/** canary-release at summary, coordinates as laid out on main: the cluster, the two workers, kube-proxy and the two Pods it delivers to on worker-2. */
function canary(): { nodes: LaidNode[]; edges: LaidEdge[] } {
  const nodes = [
    node('cluster', null, 'group', 212, 267.3, 1042, 582.75),
    node('host:worker-1', 'cluster', 'group', 725, 331.63, 483, 277),
    node('kube-proxy@worker-1', 'host:worker-1', 'component', 757.67, 449.97, 160, 50),
    node('host:worker-2', 'cluster', 'group', 731.8, 651.05, 466, 187),
    node('pods:host:worker-2:web-canary', 'host:worker-2', 'component', 985.13, 691.05, 160, 55),
    node('pod:default/web-stable', 'host:worker-2', 'component', 964.8, 754.05, 221, 72),
  ];
  const edges = [
    edge('kube-proxy@worker-1->pod:default/web-stable', 'kube-proxy@worker-1', 'pod:default/web-stable', [[917.7, 470], [952, 470], [952, 448.6], [1224, 448.6], [1224, 782.1], [1242, 782.1], [1242, 790.1], [1185.8, 790.1]]),
    edge('kube-proxy@worker-1->pods:host:worker-2:web-canary', 'kube-proxy@worker-1', 'pods:host:worker-2:web-canary', [[917.7, 460], [940, 460], [940, 438.6], [1242, 438.6], [1242, 446.6], [1230, 446.6], [1230, 718.6], [1145.1, 718.6]]),
  ];
  return { nodes, edges };
}

describe('hooks', () => {
  it('out, across by at most HOOK_MAX and back; not a Z, nor a wide U', () => {
    expect(hooks([{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 8 }, { x: 20, y: 8 }])).toEqual([{ i: 0, horizontal: true, ab: 50, cd: -30, mid: 8 }]);
    expect(hooks([{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 50, y: 8 }, { x: 80, y: 8 }])).toEqual([]);
    expect(hooks([{ x: 0, y: 0 }, { x: 50, y: 0 }, { x: 50, y: HOOK_MAX + 1 }, { x: 20, y: HOOK_MAX + 1 }])).toEqual([]);
  });

  it('edgeHooks finds the two deliver edges of canary-release as main laid them out', () => {
    const { nodes, edges } = canary();
    expect(edgeHooks(picture(nodes, edges))).toEqual([
      'kube-proxy@worker-1->pod:default/web-stable runs 18 px out, 8 across and 56 back',
      'kube-proxy@worker-1->pods:host:worker-2:web-canary runs 302 px out, 8 across and 12 back',
    ]);
  });
});

describe('unhook', () => {
  it('cuts both hooks: the shorter leg goes, the route enters and leaves its boxes as before', () => {
    const { nodes, edges } = canary();
    unhook(edges, nodes.filter((n) => n.kind !== 'group'), nodes.filter((n) => n.kind === 'group'));
    expect(edgeHooks(picture(nodes, edges))).toEqual([]);
    const pts = (e: LaidEdge) => e.points.map((p) => [p.x, p.y]);
    expect(pts(edges[0]!)).toEqual([[917.7, 470], [952, 470], [952, 448.6], [1224, 448.6], [1224, 790.1], [1185.8, 790.1]]);
    expect(pts(edges[1]!)).toEqual([[917.7, 460], [940, 460], [940, 438.6], [1230, 438.6], [1230, 718.6], [1145.1, 718.6]]);
  });

  it('keeps a hook whose cut would run through a box, or along another edge', () => {
    const { nodes, edges } = canary();
    // A box where the web-stable edge's shortened leg would come down (x 1224, y 782-790).
    const inTheWay = node('in-the-way', 'host:worker-2', 'component', 1200, 776, 30, 10);
    const [stable] = edges as [LaidEdge];
    unhook([stable], [...nodes.filter((n) => n.kind !== 'group'), inTheWay], nodes.filter((n) => n.kind === 'group'));
    expect(hooks(stable.points)).toHaveLength(1);
    // Another edge 2 px beside the line the web-canary edge's cut would take (x 1230, from y 438.6 down).
    const { edges: again } = canary();
    const canaryEdge = again[1]!;
    const other = edge('x->y', 'x', 'y', [[1232, 420], [1232, 446]]);
    unhook([canaryEdge, other], nodes.filter((n) => n.kind !== 'group'), nodes.filter((n) => n.kind === 'group'));
    expect(hooks(canaryEdge.points)).toHaveLength(1);
  });
});
