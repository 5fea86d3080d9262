/**
 * layout/end-order.ts: two edges into one side of a box whose ends stand the
 * wrong way round for the routes that reach them (graph-order.ts moved their
 * far boxes into name order) swap those ends. architecture-overview at
 * standard: deployment-controller's edge, its box moved left of
 * endpointslice-controller's, met that edge's line and was moved 8 px beside
 * it with a 9-px jog (test/layout/arch-clean.test.ts `beside`).
 */
import { describe, expect, it } from 'vitest';
import { orderEnds } from '../../src/layout/end-order.ts';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';

const label = (text: string, x: number, y: number): LaidNode['label'] => ({ text, x, y, width: 60, height: 17, lines: [text], size: 13, weight: 'semibold', align: 'start' });
const box = (id: string, x: number, y: number, width: number, height: number): LaidNode => ({ id, parent: null, kind: 'component', x, y, width, height, label: label(id, x + 40, y + 10), emphasis: 'normal', steps: [] });
const edge = (id: string, from: string, to: string, points: [number, number][]): LaidEdge => ({ id, from, to, points: points.map(([x, y]) => ({ x, y })), emphasis: 'normal', arrow: 'plain', steps: [] });
const route = (e: LaidEdge) => e.points.map((p) => [p.x, p.y]);

/** The API server over two controllers; `left` runs up into the API server's bottom at x 300, `right` at x 280. */
function scene(): { nodes: LaidNode[]; left: LaidEdge; right: LaidEdge } {
  const nodes = [box('api', 200, 0, 200, 50), box('left', 200, 200, 150, 50), box('right', 500, 200, 150, 50)];
  // As graph-order.ts left them: `left` up at 280, a jog to 300; `right` along y 150 and up at 280 over `left`'s line.
  const left = edge('left->api', 'left', 'api', [[280, 200], [280, 100], [300, 100], [300, 50]]);
  const right = edge('right->api', 'right', 'api', [[560, 200], [560, 150], [280, 150], [280, 50]]);
  return { nodes, left, right };
}

describe('ends on one side of a box in the order of their routes', () => {
  it('swaps two ends whose routes meet, each then reaching its end without meeting the other', () => {
    const { nodes, left, right } = scene();
    orderEnds(nodes, [left, right], [left]);
    expect(route(left)).toEqual([[280, 200], [280, 50]]);
    expect(route(right)).toEqual([[560, 200], [560, 150], [300, 150], [300, 50]]);
  });

  it('leaves ends whose routes do not meet', () => {
    const { nodes, left } = scene();
    const apart = edge('right->api', 'right', 'api', [[560, 200], [560, 150], [320, 150], [320, 50]]);
    const before = [route(left), route(apart)];
    orderEnds(nodes, [left, apart], [left]);
    expect([route(left), route(apart)]).toEqual(before);
  });

  it('leaves them when a swapped route would run through a box', () => {
    const { nodes, left, right } = scene();
    // A box on the line `right` would take to the API server (x 300 between y 150 and 50).
    const within = [...nodes, box('other', 290, 80, 40, 40)];
    const before = [route(left), route(right)];
    orderEnds(within, [left, right], [left]);
    expect([route(left), route(right)]).toEqual(before);
  });
});
