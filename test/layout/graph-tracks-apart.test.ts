/**
 * Tracks kept apart after ELK (gallery review D6; checks.ts edgesSideBySide, graph-tracks.ts besideCount): graph.ts
 * lays a picture out with its tracks 10 px apart, but the passes after ELK moved segments onto tracks 6–7 px beside
 * another edge's line — separateBuses took the nearest track at least 6 px from every line (architecture-overview and
 * canary-release at standard: kube-proxy@worker-1's watch moved off a shared line 6.9 px beside kubelet@worker-3's),
 * straightenRoutes cut a route short onto a line 1.1 px from another's. On main at c7329837 both left the pair below.
 */
import { describe, expect, it } from 'vitest';
import { separateBesides, separateBuses, straightenRoutes } from '../../src/layout/graph-tracks.ts';
import type { LaidEdge, LaidNode, LaidOut } from '../../src/layout/types.ts';
import { TRACK_GAP, edgeBuses, edgesSideBySide } from './check.ts';

const node = (id: string, x: number, y: number, width: number, height: number): LaidNode => ({ id, parent: null, kind: 'component', x, y, width, height, label: { text: id, x: x + 42, y: y + 10, width: 60, height: 17, lines: [id], size: 13, weight: 'semibold', align: 'start' }, emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
const picture = (nodes: LaidNode[], edges: LaidEdge[]): LaidOut => ({ view: 'architecture', title: 't', width: 1000, height: 1000, nodes, edges, steps: [] });

/** An API server on top, three boxes at the bottom; a and b share the line x 100 for 300 px, c runs 14 px right of it. */
function bundle(): { nodes: LaidNode[]; edges: LaidEdge[] } {
  const nodes = [node('api', 0, 0, 400, 50), node('p', 0, 450, 60, 50), node('q', 200, 450, 60, 50), node('r', 300, 450, 60, 50)];
  const edges = [
    edge('a', 'p', 'api', [[30, 450], [30, 400], [100, 400], [100, 100], [60, 100], [60, 50]]),
    edge('b', 'q', 'api', [[230, 450], [230, 410], [100, 410], [100, 90], [80, 90], [80, 50]]),
    edge('c', 'r', 'api', [[330, 450], [330, 420], [114, 420], [114, 80], [120, 80], [120, 50]]),
  ];
  return { nodes, edges };
}

describe('tracks apart after ELK', () => {
  it('separateBuses moves a segment off a shared line to a track TRACK_GAP clear of every other line, not the nearest one 6 px beside another', () => {
    const { nodes, edges } = bundle();
    expect(edgeBuses(picture(nodes, edges))).toHaveLength(1);
    separateBuses(nodes, edges);
    const laid = picture(nodes, edges);
    expect(edgeBuses(laid)).toEqual([]);
    expect(edgesSideBySide(laid)).toEqual([]);
    // It moved (8 px to the left, the first track clear of both lines), not 8 px right onto x 108, 6 px from c.
    const xs = edges.flatMap((e) => e.points.map((p) => p.x));
    expect(xs).not.toContain(108);
    expect(TRACK_GAP).toBe(8);
  });

  it('straightenRoutes does not cut a route short onto a line beside another edge', () => {
    const nodes = [node('api', 0, 0, 400, 50), node('p', 0, 450, 60, 50), node('r', 300, 450, 60, 50)];
    // d climbs in steps (up, right, up, right, up); cut short (up x 30 to y 100, right, up) it would run 6 px beside e's
    // line up x 36 for 150 px, where it now runs beside nothing.
    const d = edge('d', 'p', 'api', [[30, 450], [30, 300], [195, 300], [195, 100], [250, 100], [250, 50]]);
    const e = edge('e', 'r', 'api', [[330, 450], [330, 250], [36, 250], [36, 50]]);
    expect(edgesSideBySide(picture(nodes, [d, e]))).toEqual([]);
    straightenRoutes(nodes, [d, e]);
    expect(edgesSideBySide(picture(nodes, [d, e]))).toEqual([]);
  });
});

describe('separateBesides', () => {
  it('moves a segment running 7 px beside another line for 300 px to a free track, and leaves lines TRACK_GAP apart alone', () => {
    const nodes = [node('api', 0, 0, 400, 50), node('p', 0, 450, 60, 50), node('q', 200, 450, 60, 50)];
    const a = edge('a', 'p', 'api', [[30, 450], [30, 400], [100, 400], [100, 100], [60, 100], [60, 50]]);
    const b = edge('b', 'q', 'api', [[230, 450], [230, 410], [107, 410], [107, 90], [80, 90], [80, 50]]);
    expect(edgesSideBySide(picture(nodes, [a, b]))).toEqual(['a and b run 7.0 px apart for 300 px']);
    separateBesides(nodes, [a, b]);
    expect(edgesSideBySide(picture(nodes, [a, b]))).toEqual([]);
    expect(edgeBuses(picture(nodes, [a, b]))).toEqual([]);
    const c = edge('c', 'q', 'api', [[230, 450], [230, 410], [108, 410], [108, 90], [80, 90], [80, 50]]);
    const untouched = JSON.stringify(c.points);
    const a2 = edge('a', 'p', 'api', [[30, 450], [30, 400], [100, 400], [100, 100], [60, 100], [60, 50]]);
    separateBesides(nodes, [a2, c]);
    expect(JSON.stringify(c.points)).toBe(untouched);
  });
});
