/**
 * layout/row-align.ts: a docs column's staggered row of workers moves onto the
 * row above (left edge, right edge or centre), its boxes and the edges into it
 * along, every edge still at right angles.
 */
import { describe, expect, it } from 'vitest';
import { alignRows, staggeredRows } from '../../src/layout/row-align.ts';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';

const box = (id: string, parent: string | null, x: number, y: number, width: number, height: number, icon?: 'node' | 'pod' | 'kube-proxy'): LaidNode => ({
  id,
  parent,
  kind: icon === 'node' || id === 'cluster' ? 'group' : 'component',
  x,
  y,
  width,
  height,
  label: { text: id, x: x + 8, y: y + 8, width: 40, height: 14 },
  ...(icon !== undefined ? { icon } : {}),
  emphasis: 'normal',
  steps: [],
});

const edge = (id: string, from: string, to: string, points: { x: number; y: number }[]): LaidEdge => ({ id, from, to, points, emphasis: 'normal', arrow: 'plain', steps: [] });

const orthogonal = (e: LaidEdge): boolean => e.points.every((p, i) => i === 0 || p.x === e.points[i - 1]!.x || p.y === e.points[i - 1]!.y);

describe('alignRows', () => {
  // worker-1 at x 100–700, worker-2 under it at 250–660 (as canary-release's column picture: neither edge nor centre within 24 px).
  const nodes = [
    box('cluster', null, 0, 0, 800, 800),
    box('w1', 'cluster', 100, 100, 600, 200, 'node'),
    box('proxy', 'w1', 500, 140, 150, 40, 'kube-proxy'),
    box('w2', 'cluster', 250, 400, 410, 200, 'node'),
    box('pod', 'w2', 300, 500, 150, 40, 'pod'),
  ];
  // kube-proxy on worker-1 down into the Pod on worker-2: along under worker-1, then straight down into the Pod.
  const into = edge('e1', 'proxy', 'pod', [
    { x: 575, y: 180 },
    { x: 575, y: 340 },
    { x: 375, y: 340 },
    { x: 375, y: 500 },
  ]);
  // Straight down from kube-proxy's corner into worker-2: its end cannot slide 40 px along kube-proxy's side, so it jogs above the row.
  const straight = edge('e2', 'proxy', 'pod', [
    { x: 640, y: 180 },
    { x: 640, y: 560 },
    { x: 440, y: 560 },
    { x: 440, y: 540 },
  ]);

  it('finds the staggered row', () => {
    expect(staggeredRows(nodes)).toBe(1);
  });

  it('moves the row onto the row above by the smallest shift (right edges: +40), boxes and edges along', () => {
    const out = alignRows(nodes, [into, straight]);
    expect(staggeredRows(out.nodes)).toBe(0);
    const w2 = out.nodes.find((n) => n.id === 'w2')!;
    expect([w2.x, w2.x + w2.width]).toEqual([290, 700]);
    expect(out.nodes.find((n) => n.id === 'pod')!.x).toBe(340);
    // Unmoved above the row: worker-1, kube-proxy.
    expect(out.nodes.find((n) => n.id === 'proxy')!.x).toBe(500);
    const e1 = out.edges.find((e) => e.id === 'e1')!;
    expect(e1.points.at(-1)).toEqual({ x: 415, y: 500 });
    expect(e1.points[0]).toEqual({ x: 575, y: 180 });
    const e2 = out.edges.find((e) => e.id === 'e2')!;
    expect(e2.points.slice(0, 4)).toEqual([
      { x: 640, y: 180 },
      { x: 640, y: 388 },
      { x: 680, y: 388 },
      { x: 680, y: 560 },
    ]);
    for (const e of out.edges) expect(orthogonal(e), e.id).toBe(true);
  });

  it('leaves rows that line up as they are', () => {
    const lined = nodes.map((n) => (n.id === 'w2' ? { ...n, x: 110 } : n));
    expect(staggeredRows(lined)).toBe(0);
    expect(alignRows(lined, [])).toEqual({ nodes: lined, edges: [] });
  });
});
