/**
 * Architecture view: where every component lives (cluster, control plane and
 * worker boxes, pods with their containers, external actors) and which
 * component talked to which in the chosen steps, as numbered edges.
 */
import type { Trace } from '../../trace/types.ts';
import type { ArchitectureView, DetailLevel, GraphNode } from '../types.ts';
import { Causality } from '../common/causality.ts';
import { componentIndex } from '../common/components.ts';
import { eventsOfSteps, selectedSet, sortedNumbers, stepRefs } from '../common/steps.ts';
import { buildEdges } from './edges.ts';
import { buildNodes } from './nodes.ts';
import { pushTo } from '../common/collections.ts';

export interface ArchitectureOptions {
  /** Steps whose interactions become edges; all steps when absent. */
  steps?: number[];
  /** How much to draw (default `standard`). */
  detail?: DetailLevel;
}

export function buildArchitecture(trace: Trace, opts: ArchitectureOptions = {}): ArchitectureView {
  const selected = selectedSet(trace, opts.steps);
  const events = eventsOfSteps(trace, selected);
  const index = componentIndex(trace);
  const touched = new Set(events.flatMap((e) => [e.from, e.to]));
  const { nodes, drawnAs } = buildNodes(trace, index, touched);
  const { edges, legend } = buildEdges(events, index, drawnAs, new Causality(trace.events));
  assignSteps(nodes, events.flatMap((e) => [[drawnAs.get(e.from), e.step] as const, [drawnAs.get(e.to), e.step] as const]));
  return { kind: 'architecture', title: trace.header.scenario.title, nodes, edges, legend, steps: stepRefs(trace, opts.steps) };
}

/** A node takes part in a step when it or anything inside it sends or receives an event of that step. */
function assignSteps(nodes: GraphNode[], uses: (readonly [string | undefined, number])[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const steps = new Map<string, number[]>();
  for (const [id, step] of uses) {
    for (let n = id !== undefined ? byId.get(id) : undefined; n !== undefined; n = n.parent !== null ? byId.get(n.parent) : undefined) {
      pushTo(steps, n.id, step);
    }
  }
  for (const n of nodes) n.steps = sortedNumbers(steps.get(n.id) ?? []);
}
