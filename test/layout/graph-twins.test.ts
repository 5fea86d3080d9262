/**
 * layout/graph-twins.ts equaliseTwins on hand-made geometry: two workers of one row holding the same boxes, one taller
 * because an edge ran between its layers (apply-deployment's worker-2, which pulls the image worker-1 has cached).
 */
import { describe, expect, it } from 'vitest';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';
import { equaliseTwins } from '../../src/layout/graph-twins.ts';
import { workersDiffer } from './check.ts';

const label = (text: string, x: number, y: number): LaidNode['label'] => ({ text, x, y, width: 60, height: 17 });
const box = (id: string, parent: string | null, kind: string, icon: LaidNode['icon'], x: number, y: number, width: number, height: number): LaidNode => ({ id, parent, kind, icon, x, y, width, height, label: label(id, x + 42, y + 10), emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });

/** worker-1: kubelet at +60, runtime at +140, 220 tall; worker-2: the runtime 20 px lower, 240 tall. */
function twins(): { nodes: LaidNode[]; edges: LaidEdge[] } {
  const nodes = [
    box('host:worker-1', 'cluster', 'group', 'node', 0, 100, 250, 220),
    box('kubelet@worker-1', 'host:worker-1', 'component', 'kubelet', 20, 160, 200, 50),
    box('containerd@worker-1', 'host:worker-1', 'component', 'runtime', 20, 240, 200, 50),
    box('host:worker-2', 'cluster', 'group', 'node', 300, 100, 250, 240),
    box('kubelet@worker-2', 'host:worker-2', 'component', 'kubelet', 320, 160, 200, 50),
    box('containerd@worker-2', 'host:worker-2', 'component', 'runtime', 320, 260, 200, 50),
    box('registry', null, 'component', 'registry', 600, 0, 100, 40),
  ];
  const edges = [
    edge('kubelet@worker-1->containerd@worker-1', 'kubelet@worker-1', 'containerd@worker-1', [[120, 210], [120, 240]]),
    // Out of worker-1's runtime by the worker's side, then up: its bend outside moves with it.
    edge('containerd@worker-1->registry', 'containerd@worker-1', 'registry', [[220, 265], [270, 265], [270, 60], [600, 60]]),
    // Worker-2's pull, between its kubelet and its runtime: what made it taller.
    edge('containerd@worker-2->registry', 'containerd@worker-2', 'registry', [[500, 260], [500, 235], [540, 235], [540, 30], [600, 30]]),
  ];
  return { nodes, edges };
}

const orthogonal = (e: LaidEdge) => e.points.every((p, i) => i === 0 || p.x === e.points[i - 1]!.x || p.y === e.points[i - 1]!.y);

describe('equaliseTwins', () => {
  it('gives twin workers of one row the same layers and height, the routes stretched with them', () => {
    const { nodes, edges } = twins();
    expect(workersDiffer({ view: 'architecture', title: 't', width: 800, height: 400, nodes, edges })).toEqual(['host:worker-2 is 250×240, host:worker-1 holding the same boxes is 250×220']);
    equaliseTwins(nodes, edges, new Set(['host:worker-1', 'host:worker-2']), 'DOWN');
    const at = (id: string) => nodes.find((n) => n.id === id)!;
    expect(workersDiffer({ view: 'architecture', title: 't', width: 800, height: 400, nodes, edges })).toEqual([]);
    expect([at('host:worker-1').height, at('containerd@worker-1').y, at('containerd@worker-1').label.y]).toEqual([240, 260, 270]);
    expect(at('kubelet@worker-1').y).toBe(160);
    // The inner edge reaches the runtime's new top; the side exit and its bend outside moved down with the runtime.
    expect(edges[0]!.points).toEqual([{ x: 120, y: 210 }, { x: 120, y: 260 }]);
    expect(edges[1]!.points).toEqual([{ x: 220, y: 285 }, { x: 270, y: 285 }, { x: 270, y: 60 }, { x: 600, y: 60 }]);
    // Worker-2, the tallest, is left as it was.
    expect(at('host:worker-2').height).toBe(240);
    expect(edges[2]!.points[1]).toEqual({ x: 500, y: 235 });
    expect(edges.every(orthogonal)).toBe(true);
  });

  it('leaves workers of different rows, or holding different boxes, as they are', () => {
    const { nodes, edges } = twins();
    const lower = nodes.map((n) => (n.id === 'host:worker-2' ? { ...n, y: 400 } : n.parent === 'host:worker-2' ? { ...n, y: n.y + 300 } : n));
    equaliseTwins(lower, edges, new Set(['host:worker-1', 'host:worker-2']), 'DOWN');
    expect(lower.find((n) => n.id === 'host:worker-1')!.height).toBe(220);
    const wider = twins();
    wider.nodes.find((n) => n.id === 'containerd@worker-2')!.width = 180;
    equaliseTwins(wider.nodes, wider.edges, new Set(['host:worker-1', 'host:worker-2']), 'DOWN');
    expect(wider.nodes.find((n) => n.id === 'host:worker-1')!.height).toBe(220);
  });

  it('stands twin summary workers\' boxes at one offset across the layers, each worker one width (probes at summary)', () => {
    // worker-1's container exit jogs from its deleted Pod to the kubelet: ELK stood its second layer 12 px further in.
    const summary = (): { nodes: LaidNode[]; edges: LaidEdge[] } => ({
      nodes: [
        box('host:worker-1', 'cluster', 'group', 'node', 0, 100, 516, 212),
        box('kube-proxy@worker-1', 'host:worker-1', 'component', 'kube-proxy', 12, 140, 222, 48),
        box('kubelet@worker-1', 'host:worker-1', 'component', 'kubelet', 252, 140, 222, 55),
        box('pod:default/once', 'host:worker-1', 'pod', 'pod', 42, 229, 222, 71),
        box('pods:host:worker-1', 'host:worker-1', 'pod', 'pod', 282, 229, 222, 55),
        box('host:worker-2', 'cluster', 'group', 'node', 534, 100, 505, 212),
        box('kube-proxy@worker-2', 'host:worker-2', 'component', 'kube-proxy', 546, 140, 222, 48),
        box('kubelet@worker-2', 'host:worker-2', 'component', 'kubelet', 786, 140, 222, 55),
        box('pod:default/crash', 'host:worker-2', 'pod', 'pod', 564, 229, 222, 71),
        box('pods:host:worker-2', 'host:worker-2', 'pod', 'pod', 804, 229, 222, 55),
      ],
      edges: [
        edge('once->kubelet', 'pod:default/once', 'kubelet@worker-1', [[116, 229], [116, 207], [296, 207], [296, 195]]),
        edge('kubelet->pods-1', 'kubelet@worker-1', 'pods:host:worker-1', [[385, 195], [385, 207], [356, 207], [356, 229]]),
        edge('kubelet->pods-2', 'kubelet@worker-2', 'pods:host:worker-2', [[887, 195], [887, 229]]),
      ],
    });
    const hosts = new Set(['host:worker-1', 'host:worker-2']);
    const { nodes, edges } = summary();
    const picture = () => ({ view: 'architecture' as const, title: 't', width: 1100, height: 400, nodes, edges });
    expect(workersDiffer(picture())).toEqual(['host:worker-2 is 505×212, host:worker-1 holding the same boxes is 516×212']);
    const routes = JSON.stringify(edges);
    equaliseTwins(nodes, edges, hosts, 'DOWN');
    expect(workersDiffer(picture())).toEqual([]);
    const at = (id: string) => nodes.find((n) => n.id === id)!;
    expect([at('pod:default/once').x, at('pod:default/once').label.x, at('pods:host:worker-1').x, at('host:worker-1').width]).toEqual([30, 72, 270, 504]);
    expect([at('kubelet@worker-1').x, at('kube-proxy@worker-1').x, at('pods:host:worker-2').x, at('host:worker-2').width]).toEqual([252, 12, 804, 504]);
    // Every end still on its box: no route changed.
    expect(JSON.stringify(edges)).toBe(routes);

    // An edge that leaves the deleted Pod by its side would miss it once moved: the row stays as it was.
    const side = summary();
    side.edges.push(edge('once->out', 'pod:default/once', 'kube-proxy@worker-1', [[42, 260], [20, 260], [20, 188]]));
    equaliseTwins(side.nodes, side.edges, hosts, 'DOWN');
    expect(side.nodes.find((n) => n.id === 'pod:default/once')!.x).toBe(42);
    expect(side.nodes.find((n) => n.id === 'host:worker-1')!.width).toBe(516);

    // A worker padded for its header (every box further in than its twin's: a taint tag wider than its boxes) is no
    // twin pushed by an edge: left as it is (scheduling-constraints' gpu-1 would have lost 82 px and its edge's room).
    const padded = summary();
    for (const n of padded.nodes) if (n.parent === 'host:worker-1' && n.icon !== 'kube-proxy') n.x -= 12;
    for (const n of padded.nodes) if (n.parent === 'host:worker-1') n.x += 30;
    equaliseTwins(padded.nodes, padded.edges, hosts, 'DOWN');
    expect(padded.nodes.find((n) => n.id === 'pod:default/once')!.x).toBe(60);
    expect(padded.nodes.find((n) => n.id === 'host:worker-1')!.width).toBe(516);
  });
});
