/**
 * A bundle of tracks spread across the free band it lies in (gallery review D6; graph-bundles.ts spreadBundles):
 * hpa-autoscaling's summary picture routes five edges into the API server's bottom on tracks 4–6 px apart in a 48-px
 * gap, and ELK's tracks 8 px apart push that 900-px picture off its slide; graph-tracks.ts separateBesides, which moves
 * one segment, finds no track 8 px from its own that is not beside another. The bundle below is that gap's, as laid out
 * on main at 8903bd83 (two pairs side by side; arch-clean NOT_YET sideBySide 2).
 */
import { describe, expect, it } from 'vitest';
import { spreadBundles } from '../../src/layout/graph-bundles.ts';
import { separateBesides } from '../../src/layout/graph-tracks.ts';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { TRACK_GAP, edgesSideBySide, nearParallelEdges } from './check.ts';
import { actorCrossings } from '../../src/layout/crossings.ts';

const node = (id: string, x: number, y: number, width: number, height: number): LaidNode => ({ id, parent: null, kind: 'component', x, y, width, height, label: { text: id, x: x + 42, y: y + 10, width: 60, height: 17, lines: [id], size: 13, weight: 'semibold', align: 'start' }, emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
const picture = (nodes: LaidNode[], edges: LaidEdge[]): LaidOut => ({ view: 'architecture', title: 't', width: 1200, height: 900, nodes, edges, steps: [] });

/** hpa-autoscaling at summary: the API server (bottom y 473.7), the row under it (top y 521.7), the edges between. */
function gap(): { nodes: LaidNode[]; edges: LaidEdge[] } {
  const nodes = [node('kube-apiserver', 444.73, 425.7, 160, 48), node('kube-controller-manager', 360.08, 521.7, 215, 48), node('etcd', 583.08, 521.7, 160, 48), node('kube-scheduler', 768.08, 521.7, 160, 48), node('metrics-server', 300, 718.7, 160, 48), node('kubelet@worker-1', 67.92, 689.7, 191, 55), node('kubelet@worker-2', 540, 689.7, 191, 55)];
  const edges = [
    edge('kube-apiserver->etcd', 'kube-apiserver', 'etcd', [[490.44, 473.7], [490.44, 509.7], [663.08, 509.7], [663.08, 521.7]]),
    edge('kube-controller-manager->kube-apiserver', 'kube-controller-manager', 'kube-apiserver', [[467.58, 521.7], [467.58, 473.7]]),
    edge('kube-apiserver->metrics-server', 'kube-apiserver', 'metrics-server', [[524.73, 473.7], [524.73, 489.7], [324.04, 489.7], [324.04, 704.2], [337.33, 704.2], [337.33, 718.7]]),
    edge('kube-scheduler->kube-apiserver', 'kube-scheduler', 'kube-apiserver', [[848.08, 521.7], [848.08, 497.7], [536.15, 497.7], [536.15, 473.7]]),
    edge('kubelet@worker-2->kube-apiserver', 'kubelet@worker-2', 'kube-apiserver', [[642.62, 689.7], [642.62, 621.7], [960.08, 621.7], [960.08, 485.7], [581.87, 485.7], [581.87, 473.7]]),
    edge('kubelet@worker-1->kube-apiserver', 'kubelet@worker-1', 'kube-apiserver', [[224.35, 689.7], [224.35, 597.7], [755.08, 597.7], [755.08, 503.7], [513.3, 503.7], [513.3, 473.7]]),
  ];
  return { nodes, edges };
}

/** Every crossing of two edges, as a sorted list of pairs (crossings.ts counts those outside a cluster; here there is none). */
const crossingPairs = (edges: LaidEdge[]) => actorCrossings(picture([], edges)).map((p) => p.join(' × ')).sort();

describe('spreadBundles', () => {
  it("spreads hpa-autoscaling's five tracks under the API server TRACK_GAP apart or more, in their order, within the gap", () => {
    const { nodes, edges } = gap();
    expect(edgesSideBySide(picture(nodes, edges))).toHaveLength(2);
    // One segment at a time finds no free track: the pairs stay.
    const alone = gap();
    separateBesides(alone.nodes, alone.edges);
    expect(edgesSideBySide(picture(alone.nodes, alone.edges))).toHaveLength(2);

    const before = crossingPairs(edges);
    const ends = edges.map((e) => [e.points[0], e.points[e.points.length - 1]]);
    spreadBundles(nodes, edges);
    const laid = picture(nodes, edges);
    expect(edgesSideBySide(laid)).toEqual([]);
    expect(nearParallelEdges(laid)).toEqual([]);
    expect(crossingPairs(edges)).toEqual(before);
    expect(edges.map((e) => [e.points[0], e.points[e.points.length - 1]])).toEqual(ends);
    // The tracks of the gap, moved as little as they need: the three that ran too close along another (the scheduler's,
    // worker-1's, etcd's) now exactly TRACK_GAP apart in their order, the other two (worker-2's, metrics-server's, along
    // no track closer than TRACK_GAP) where they were; all 6 px or more clear of the API server's bottom (473.7) and of
    // the row under it (521.7), so etcd's badge keeps its spot on its own track over kube-controller-manager.
    const track = (id: string, i: number) => edges.find((e) => e.id === id)!.points[i]!.y;
    const chain = [track('kubelet@worker-2->kube-apiserver', 3), track('kube-scheduler->kube-apiserver', 1), track('kubelet@worker-1->kube-apiserver', 3), track('kube-apiserver->etcd', 1)];
    expect(chain[0]).toBe(485.7);
    expect(track('kube-apiserver->metrics-server', 1)).toBe(489.7);
    for (let i = 2; i < chain.length; i++) expect(chain[i]! - chain[i - 1]!).toBeCloseTo(TRACK_GAP, 1);
    expect(chain[1]! - chain[0]!).toBeGreaterThanOrEqual(TRACK_GAP);
    expect(chain[3]).toBeLessThanOrEqual(521.7 - 6);
  });

  it('leaves a bundle alone when its band cannot hold its tracks TRACK_GAP apart', () => {
    const { nodes, edges } = gap();
    // The row under the API server 24 px higher: 24 px of gap for five tracks.
    const raised = nodes.map((n) => (n.y === 521.7 ? { ...n, y: 497.7 } : n));
    const squeezed = edges.map((e) => ({ ...e, points: e.points.map((p) => (p.y === 521.7 ? { ...p, y: 497.7 } : p.y > 473.7 && p.y < 521.7 ? { ...p, y: 473.7 + (p.y - 473.7) / 2 } : p)) }));
    const untouched = JSON.stringify(squeezed);
    spreadBundles(raised, squeezed);
    expect(JSON.stringify(squeezed)).toBe(untouched);
  });
});
