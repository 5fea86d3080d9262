/**
 * straightenJogs (src/layout/graph-tracks.ts): a short route with a small jog between two boxes that face each other
 * (the Pod ↔ runtime edge of a worker drawn from its template, self-healing at standard) becomes one straight line, so
 * its badge has a line to sit on; a long jog, or a line that would come near another edge, stays as it is.
 */
import { describe, expect, it } from 'vitest';
import { straightenJogs } from '../../src/layout/graph-tracks.ts';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';

const box = (id: string, x: number, y: number): LaidNode => ({ id, parent: 'host:worker-1', kind: 'component', x, y, width: 160, height: 55, label: { text: id, x: x + 42, y: y + 10, width: 60, height: 17, lines: [id], size: 13, weight: 'semibold', align: 'start' }, emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
// The runtime over the Pod, 30 px apart.
const nodes = [box('runtime', 152, 787), box('pod', 100, 872)];

describe('straightenJogs', () => {
  it('straightens a 10-px jog between two boxes over each other', () => {
    const e = edge('pod->runtime', 'pod', 'runtime', [[182, 872], [182, 854], [192, 854], [192, 842]]);
    straightenJogs(nodes, [e]);
    expect(e.points).toEqual([{ x: 187, y: 872 }, { x: 187, y: 842 }]);
  });

  it('keeps a jog longer than a badge needs, and a line that would run beside another edge', () => {
    const long = edge('pod->runtime', 'pod', 'runtime', [[182, 872], [182, 854], [232, 854], [232, 842]]);
    straightenJogs(nodes, [long]);
    expect(long.points).toHaveLength(4);
    const e = edge('pod->runtime', 'pod', 'runtime', [[182, 872], [182, 854], [192, 854], [192, 842]]);
    const beside = edge('runtime->cni', 'runtime', 'cni', [[191, 842], [191, 900]]);
    straightenJogs(nodes, [e, beside]);
    expect(e.points).toHaveLength(4);
  });

  it('straightens a jog that runs along another edge\'s line, across that line; not one that would cross a line the jog never met', () => {
    // hpa-autoscaling at standard (arch, 2026-12-08): worker-2's kubelet → containerd jogged 12 px down, 18.5 px across
    // along metrics-server's line through the 24-px gap between the two boxes, and 12 px down again: its badge found no
    // spot off a border. Straight, it crosses that line once.
    const kubelet = box('kubelet', 100, 700);
    const runtime = box('containerd', 100, 779);
    const jog = () => edge('kubelet->containerd', 'kubelet', 'containerd', [[150, 755], [150, 767], [168.5, 767], [168.5, 779]]);
    const along = edge('metrics-server->kubelet', 'metrics-server', 'kubelet', [[-300, 740], [-300, 767], [240, 767], [240, 755]]);
    const e = jog();
    straightenJogs([kubelet, runtime], [e, along]);
    expect(e.points).toEqual([{ x: 159.25, y: 755 }, { x: 159.25, y: 779 }]);
    // A line across the gap that the jog does not meet (it starts between the jog's two legs): the jog stays.
    const under = edge('x->y', 'x', 'y', [[155, 761], [400, 761]]);
    const kept = jog();
    straightenJogs([kubelet, runtime], [kept, under]);
    expect(kept.points).toHaveLength(4);
  });
});
