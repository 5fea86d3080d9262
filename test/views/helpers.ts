/** Shared checks for view tests: structural invariants every view must keep. */
import { expect } from 'vitest';
import type { ArchitectureView, FlowchartView, GraphEdge, GraphNode, SequenceItem, SequenceMessage, SequenceView } from '../../src/views/types.ts';

export function expectGraphInvariants(view: { nodes: GraphNode[]; edges: GraphEdge[] }): void {
  const ids = view.nodes.map((n) => n.id);
  expect(new Set(ids).size, 'node ids are unique').toBe(ids.length);
  const edgeIds = view.edges.map((e) => e.id);
  expect(new Set(edgeIds).size, 'edge ids are unique').toBe(edgeIds.length);
  const position = new Map(ids.map((id, i) => [id, i]));
  view.nodes.forEach((n, i) => {
    if (n.parent === null) return;
    expect(position.has(n.parent), `parent ${n.parent} of ${n.id} exists`).toBe(true);
    expect(position.get(n.parent)!, `parent ${n.parent} precedes ${n.id}`).toBeLessThan(i);
  });
  for (const e of view.edges) {
    expect(position.has(e.from), `edge ${e.id} from exists`).toBe(true);
    expect(position.has(e.to), `edge ${e.id} to exists`).toBe(true);
  }
}

export function expectArchitectureNumbers(view: ArchitectureView): void {
  const legend = view.legend.map((l) => l.number);
  expect(legend).toEqual(legend.map((_, i) => i + 1));
  const numbers = view.edges.map((e) => e.number!);
  expect([...numbers].sort((a, b) => a - b), 'edges are listed in number order').toEqual(numbers);
  expect(new Set(numbers)).toEqual(new Set(legend));
  for (const e of view.edges) expect(e.from, 'phases are not edges').not.toBe(e.to);
}

export function allMessages(items: readonly SequenceItem[]): SequenceMessage[] {
  return items.flatMap((i): SequenceMessage[] => {
    if (i.type === 'message') return [i];
    if (i.type === 'loop') return allMessages(i.items);
    if (i.type === 'alt') return i.branches.flatMap((b) => allMessages(b.items));
    return [];
  });
}

export function allItems(items: readonly SequenceItem[]): SequenceItem[] {
  return items.flatMap((i): SequenceItem[] => {
    if (i.type === 'loop') return [i, ...allItems(i.items)];
    if (i.type === 'alt') return [i, ...i.branches.flatMap((b) => allItems(b.items))];
    return [i];
  });
}

export function expectSequenceInvariants(view: SequenceView): void {
  const messages = allMessages(view.items);
  expect(messages.map((m) => m.number)).toEqual(messages.map((_, i) => i + 1));
  const lanes = new Set(view.participants.map((p) => p.id));
  expect(lanes.size).toBe(view.participants.length);
  const boxes = new Set(view.boxes.map((b) => b.id));
  for (const p of view.participants) if (p.box !== null) expect(boxes.has(p.box), `box ${p.box}`).toBe(true);
  // Boxes are contiguous runs of participants (Mermaid and PlantUML need that).
  const runs = view.participants.map((p) => p.box).filter((b, i, all) => b !== null && b !== all[i - 1]);
  expect(new Set(runs).size).toBe(runs.length);
  for (const item of allItems(view.items)) {
    if (item.type === 'message') {
      expect(lanes.has(item.from) && lanes.has(item.to), `lanes of ${item.id}`).toBe(true);
      if (item.arrow === 'self') expect(item.from).toBe(item.to);
    }
    if (item.type === 'note') for (const o of item.over) expect(lanes.has(o), `note lane ${o}`).toBe(true);
  }
  const ids = allItems(view.items).map((i) => i.id);
  expect(new Set(ids).size, 'item ids are unique').toBe(ids.length);
  // Activations balance per participant and never go below zero.
  const depth = new Map<string, number>();
  for (const m of messages) {
    if (m.activate) depth.set(m.to, (depth.get(m.to) ?? 0) + 1);
    if (m.deactivate) {
      depth.set(m.from, (depth.get(m.from) ?? 0) - 1);
      expect(depth.get(m.from)!, `activation of ${m.from} at ${m.number}`).toBeGreaterThanOrEqual(0);
    }
  }
  for (const [lane, d] of depth) expect(d, `activations of ${lane} balance`).toBe(0);
}

export function expectFlowchartInvariants(view: FlowchartView): void {
  expectGraphInvariants(view);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  for (const e of view.edges) {
    if (e.emphasis === 'taken' || e.emphasis === 'danger') {
      expect(byId.get(e.from)!.emphasis, `taken edge ${e.id} starts at a reached node`).not.toBe('faint');
      expect(byId.get(e.to)!.emphasis, `taken edge ${e.id} ends at a reached node`).not.toBe('faint');
    }
  }
  for (const n of view.nodes) {
    if (n.shape === 'decision') expect(n.icon).toBe('decision');
    if (n.emphasis === 'danger') expect(n.shape === 'terminal' || n.shape === 'process').toBe(true);
  }
}
