/**
 * Architecture pictures a reader can follow (issue 9 part 6), on every
 * scenario's architecture view at summary and standard detail:
 * - edgesThroughHeaders: no edge runs through a group's title bar or a state tag;
 * - workersDiffer: the workers stand in name order and are laid out alike;
 * - edgeDetours: no route longer than DETOUR_FACTOR × the Manhattan distance of its ends + DETOUR_MARGIN;
 * - nearParallelEdges: no two edges side by side closer than 5 px.
 * The checks themselves are tested on hand-made geometry first.
 */
import { describe, expect, it } from 'vitest';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { DETOUR_MARGIN, edgeDetours, edgesThroughHeaders, nearParallelEdges, workersDiffer } from './check.ts';

const label = (text: string, x: number, y: number, width: number): LaidNode['label'] => ({ text, x, y, width, height: 17, lines: [text], size: 13, weight: 'semibold', align: 'start' });
const box = (id: string, parent: string | null, kind: string, icon: LaidNode['icon'], x: number, y: number, width: number, height: number): LaidNode => ({ id, parent, kind, icon, x, y, width, height, label: label(id, x + 42, y + 10, 60), emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
const picture = (nodes: LaidNode[], edges: LaidEdge[]): LaidOut => ({ view: 'architecture', title: 't', width: 1000, height: 1000, nodes, edges, steps: [] });

/** Two workers side by side, each a kubelet over a runtime. */
function workers(): LaidNode[] {
  const out: LaidNode[] = [];
  for (const [i, x] of [[1, 0], [2, 300]] as const) {
    out.push(box(`host:worker-${i}`, 'cluster', 'group', 'node', x, 100, 250, 200));
    out.push(box(`kubelet@worker-${i}`, `host:worker-${i}`, 'component', 'kubelet', x + 12, 150, 200, 50));
    out.push(box(`containerd@worker-${i}`, `host:worker-${i}`, 'component', 'runtime', x + 12, 220, 200, 50));
  }
  return out;
}

describe('the architecture checks', () => {
  it('edgesThroughHeaders: an edge through a group name or a state tag, not one beside it', () => {
    const nodes = workers();
    const through = edge('down', 'api', 'kubelet@worker-1', [[60, 0], [60, 150]]);
    const beside = edge('down', 'api', 'kubelet@worker-1', [[150, 0], [150, 150]]);
    expect(edgesThroughHeaders(picture(nodes, [through]))).toEqual(['down runs through the header of host:worker-1']);
    expect(edgesThroughHeaders(picture(nodes, [beside]))).toEqual([]);
    const tagged = nodes.map((n) => (n.id === 'host:worker-1' ? { ...n, tags: [{ ...label('NotReady', 130, 112, 60), emphasis: 'danger' as const }] } : n));
    expect(edgesThroughHeaders(picture(tagged, [beside]))).toEqual(['down runs through the state tag of host:worker-1']);
  });

  it('workersDiffer: name order, inner order and sizes', () => {
    expect(workersDiffer(picture(workers(), []))).toEqual([]);
    const swapped = workers().map((n) => (n.id === 'host:worker-1' ? { ...n, label: label('worker-3', n.x + 42, n.y + 10, 60) } : n));
    expect(workersDiffer(picture(swapped, [])).join()).toMatch(/stands left of/);
    const turned = workers().map((n) => (n.id === 'containerd@worker-2' ? { ...n, x: 520, y: 150 } : n));
    expect(workersDiffer(picture(turned, []))).toContain('runtime stands right of kubelet in host:worker-2, below in host:worker-1');
    const wider = workers().map((n) => (n.id === 'host:worker-2' ? { ...n, width: 280 } : n));
    expect(workersDiffer(picture(wider, []))).toEqual(['host:worker-2 is 280×200, host:worker-1 holding the same boxes is 250×200']);
  });

  it('edgeDetours: a route round the picture, not one round a box', () => {
    const round = edge('e', 'a', 'b', [[100, 100], [100, 50], [900, 50], [900, 150], [120, 150]]);
    expect(edgeDetours(picture([], [round]))).toEqual(['e runs 1730 px between ends 70 px apart']);
    const aroundBox = edge('e', 'a', 'b', [[100, 100], [100, 80], [300, 80], [300, 120]]);
    expect(edgeDetours(picture([], [aroundBox]))).toEqual([]);
    expect(DETOUR_MARGIN).toBeGreaterThan(0);
  });

  it('nearParallelEdges: two lines 3 px apart, not 8 px apart nor one shared line', () => {
    const a = edge('a', 'x', 'y', [[0, 100], [200, 100]]);
    const near = edge('b', 'p', 'q', [[50, 103], [300, 103]]);
    const far = edge('b', 'p', 'q', [[50, 108], [300, 108]]);
    expect(nearParallelEdges(picture([], [a, near]))).toEqual(['a and b run 3.0 px apart for 150 px']);
    expect(nearParallelEdges(picture([], [a, far]))).toEqual([]);
    expect(nearParallelEdges(picture([], [a, far]), 10)).toHaveLength(1);
  });
});
