import { describe, expect, it } from 'vitest';
import { sideExits } from '../../src/layout/graph-detours.ts';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';

const label = (text: string, x: number, y: number, width: number): LaidNode['label'] => ({ text, x, y, width, height: 17, lines: [text], size: 13, weight: 'semibold', align: 'start' });
const box = (id: string, parent: string | null, kind: string, x: number, y: number, width: number, height: number, labelWidth = 60): LaidNode => ({ id, parent, kind, icon: 'controller', x, y, width, height, label: label(id, x + 42, y + 10, labelWidth), emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });

describe('sideExits', () => {
  // daemonset at standard: kube-controller-manager holds one controller as wide as its name; the API server's edge
  // up out of the controller's top crossed the name.
  const nodes = (): LaidNode[] => [
    box('api', null, 'component', 100, 0, 160, 55),
    box('cm', null, 'group', 0, 100, 220, 120, 160),
    box('ctl', 'cm', 'component', 13, 150, 194, 55),
  ];

  it("moves a route up through its own group's header to the box's side, beside the header (its twin too)", () => {
    const up = edge('up', 'ctl', 'api', [[110, 150], [110, 55]]);
    const down = edge('down', 'api', 'ctl', [[110, 55], [110, 150]]);
    sideExits(nodes(), [up, down]);
    expect(up.points).toEqual([{ x: 207, y: 177.5 }, { x: 213.5, y: 177.5 }, { x: 213.5, y: 55 }]);
    expect(down.points).toEqual([...up.points].reverse());
  });

  it('leaves a route clear of the header alone, and one with no room beside the box', () => {
    const clear = edge('up', 'ctl', 'api', [[212, 150], [212, 55]]);
    sideExits(nodes(), [clear]);
    expect(clear.points).toEqual([{ x: 212, y: 150 }, { x: 212, y: 55 }]);
    const tight = nodes().map((n) => (n.id === 'ctl' ? { ...n, width: 200 } : n));
    const through = edge('up', 'ctl', 'api', [[110, 150], [110, 55]]);
    sideExits(tight, [through]);
    expect(through.points).toEqual([{ x: 110, y: 150 }, { x: 110, y: 55 }]);
  });
});
