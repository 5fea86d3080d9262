/**
 * layout/graph-borders.ts: a stretch of an edge along a group's border moves
 * off it (a track 8 px away, or the middle of a 12-px gap between two
 * borders), the route keeping its right angles and its ends; the edge drawn
 * on the same route the other way moves with it.
 */
import { describe, expect, it } from 'vitest';
import { offBorders } from '../../src/layout/graph-borders.ts';
import { borderRuns } from '../../src/layout/checks.ts';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';

const box = (id: string, parent: string | null, kind: 'group' | 'component', x: number, y: number, width: number, height: number): LaidNode => ({
  id,
  parent,
  kind,
  x,
  y,
  width,
  height,
  label: { text: id, x: x + 8, y: y + 8, width: 40, height: 14 },
  emphasis: 'normal',
  steps: [],
});

const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });

const orthogonal = (e: LaidEdge): boolean => e.points.every((p, i) => i === 0 || p.x === e.points[i - 1]!.x || p.y === e.points[i - 1]!.y);
const groupsOf = (nodes: LaidNode[]) => nodes.filter((n) => n.kind === 'group');

/** A cluster (0–800) holding worker-1 over worker-2 (x 100–600), a proxy on worker-1 and a Pod on worker-2. */
function scene(clusterRight = 800): LaidNode[] {
  return [
    box('cluster', null, 'group', 0, 0, clusterRight, 800),
    box('w1', 'cluster', 'group', 100, 100, 500, 200),
    box('proxy', 'w1', 'component', 400, 150, 150, 40),
    box('w2', 'cluster', 'group', 100, 400, 500, 200),
    box('pod', 'w2', 'component', 300, 500, 150, 40),
  ];
}

describe('offBorders', () => {
  it("moves a route off worker-2's right border (as canary-release's column picture), nearest track first", () => {
    const nodes = scene();
    // Out of the proxy's bottom, right to worker-2's right side, down it, left under the Pod and up into it.
    const e = edge('e', 'proxy', 'pod', [[500, 190], [500, 350], [600, 350], [600, 570], [375, 570], [375, 540]]);
    expect(borderRuns(e.points, groupsOf(nodes)).map((r) => `${r.group.id} ${r.side}`)).toEqual(['w2 right']);
    offBorders(nodes, [e]);
    expect(borderRuns(e.points, groupsOf(nodes))).toEqual([]);
    expect(orthogonal(e)).toBe(true);
    expect(e.points[0]).toEqual({ x: 500, y: 190 });
    expect(e.points.at(-1)).toEqual({ x: 375, y: 540 });
    // 8 px outside the border (the corner into worker-2's inside would cross its border once more).
    expect(e.points.map((p) => p.x)).toContain(608);
  });

  it('takes the middle of a 12-px gap between a worker and the cluster when no track 8 px away is free', () => {
    const nodes = scene(612);
    const e = edge('e', 'proxy', 'pod', [[500, 190], [500, 350], [600, 350], [600, 570], [375, 570], [375, 540]]);
    offBorders(nodes, [e]);
    expect(borderRuns(e.points, groupsOf(nodes))).toEqual([]);
    expect(e.points.map((p) => p.x)).toContain(606);
  });

  it('moves A → B and B → A drawn on one route together', () => {
    const nodes = scene();
    const there = edge('a', 'proxy', 'pod', [[500, 190], [500, 350], [600, 350], [600, 570], [375, 570], [375, 540]]);
    const back = edge('b', 'pod', 'proxy', [...there.points].reverse().map((p) => [p.x, p.y] as [number, number]));
    offBorders(nodes, [there, back]);
    expect(back.points).toEqual([...there.points].reverse());
    expect(borderRuns(there.points, groupsOf(nodes))).toEqual([]);
  });

  it('leaves a route clear of every border as it is', () => {
    const nodes = scene();
    const e = edge('e', 'proxy', 'pod', [[500, 190], [500, 350], [375, 350], [375, 500]]);
    const before = structuredClone(e.points);
    offBorders(nodes, [e]);
    expect(e.points).toEqual(before);
  });
});
