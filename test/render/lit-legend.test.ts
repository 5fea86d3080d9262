/**
 * Step frames light a legend entry whenever its edge is in the step: an entry
 * is numbered at the step where its interaction first happens, but the same
 * edge carries later steps too (rolling-update's step 4 frame had every
 * edge lit and every legend entry dimmed).
 */
import { describe, expect, it } from 'vitest';
import { litNodes } from '../../src/render/svg/context.ts';
import type { LaidEdge, LaidNode } from '../../src/layout/types.ts';

const label = (text: string): LaidNode['label'] => ({ text, x: 0, y: 0, width: 10, height: 10, lines: [text], size: 12, weight: 'regular', align: 'start' });
const node = (id: string, kind: string, steps: number[], extra: Partial<LaidNode> = {}): LaidNode => ({ id, parent: null, kind, x: 0, y: 0, width: 10, height: 10, label: label(id), emphasis: 'normal', steps, ...extra });
const edge = (id: string, from: string, to: string, steps: number[], number: number): LaidEdge => ({ id, from, to, points: [], emphasis: 'normal', arrow: 'plain', steps, number });

describe('litNodes', () => {
  const nodes = [node('a', 'component', []), node('b', 'component', []), node('c', 'component', []), node('legend-1', 'legend-entry', [3], { number: 1 }), node('legend-2', 'legend-entry', [3], { number: 2 })];
  const edges = [edge('e1', 'a', 'b', [3, 4], 1), edge('e2', 'b', 'c', [3], 2)];

  it('lights the entry of an edge that carries the step although the entry was numbered earlier', () => {
    const lit = litNodes(nodes, edges, 4);
    expect(lit.has('legend-1')).toBe(true);
    expect(lit.has('legend-2')).toBe(false);
    expect([...lit].filter((id) => !id.startsWith('legend')).sort()).toEqual(['a', 'b']);
  });

  it('lights both at the step that numbered them; everything without a step', () => {
    expect(litNodes(nodes, edges, 3).has('legend-2')).toBe(true);
    expect(litNodes(nodes, edges, undefined).size).toBe(nodes.length);
  });
});
