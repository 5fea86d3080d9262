/**
 * Architecture view: where every component lives (cluster, control plane and
 * worker boxes, pods with their containers, the objects traffic passes
 * through, external actors) and which component talked to which in the focus
 * steps, as numbered edges; the state is the cluster's after the last drawn
 * step.
 *
 * Focus: without `steps`, every step is drawn and the steps a scenario marks
 * `setup` are scene-setting: their interactions are left out (at `full`,
 * drawn faint and unnumbered) and the legend lists only focus interactions.
 * Explicit `steps` are all drawn as focus unless they include focus steps.
 */
import type { Trace } from '../../trace/types.ts';
import type { ArchitectureView, DetailLevel, GraphNode } from '../types.ts';
import { Causality } from '../common/causality.ts';
import { componentIndex } from '../common/components.ts';
import { focusSteps } from '../common/focus.ts';
import { selectedSet, sortedNumbers, stepRefs } from '../common/steps.ts';
import { pushTo } from '../common/collections.ts';
import { buildEdges } from './edges.ts';
import { hopsOf } from './hops.ts';
import { foldWorkers } from './fold.ts';
import { buildNodes } from './nodes.ts';
import { involvedObjects } from './objects.ts';
import { nameNamespaces } from './namespaces.ts';
import { drawnState } from './state.ts';
import { placeIncarnations } from './incarnations.ts';

export interface ArchitectureOptions {
  /** Steps to draw; all steps when absent. */
  steps?: number[];
  /** How much to draw (default `standard`). */
  detail?: DetailLevel;
}

export function buildArchitecture(trace: Trace, opts: ArchitectureOptions = {}): ArchitectureView {
  const detail = opts.detail ?? 'standard';
  const drawn = [...selectedSet(trace, opts.steps)].sort((a, b) => a - b);
  const allFocus = new Set(focusSteps(trace));
  const focusList = drawn.filter((n) => allFocus.has(n));
  const focus = new Set(focusList.length > 0 ? focusList : drawn);
  const setup = new Set(drawn.filter((n) => !focus.has(n)));
  const events = trace.events.filter((e) => focus.has(e.step) || (detail === 'full' && setup.has(e.step)));
  const focusEvents = events.filter((e) => focus.has(e.step));
  const index = componentIndex(trace);
  const state = drawnState(trace, drawn.length > 0 ? drawn : [0], [...focus]);
  const ingressTraffic = focusEvents.some((e) => e.type === 'packet' && (index.get(e.to)?.kind === 'ingress-controller' || index.get(e.from)?.kind === 'ingress-controller'));
  const causality = new Causality(trace.events);
  const objects = involvedObjects(focusEvents, state.state, detail, ingressTraffic, causality);
  const hops = placeIncarnations(hopsOf(events, index, causality, detail, new Set(objects.map((o) => o.id)), setup), index, trace, state);
  const touched = new Set(hops.flatMap((h) => [h.from, h.to]));
  const trafficPods = new Set(hops.filter((h) => h.event.type === 'packet').flatMap((h) => [h.from, h.to]));
  const built = buildNodes({ trace, index, detail, touched, drawn: state, objects, trafficPods });
  const { drawnAs } = built;
  nameNamespaces(built.nodes, drawnAs, objects);
  // Identical workers share one inner layout (drawn once) at summary.
  const { nodes, foldHost } = detail !== 'summary' ? { nodes: built.nodes, foldHost: new Map<string, string>() } : foldWorkers(built.nodes, drawnAs, trafficPods, built.workloads);
  const { edges, legend } = buildEdges(hops, index, drawnAs, nodes, detail, foldHost, built.workloads);
  // In a picture of one step (a frame) every object drawn is one that step's requests or packets involve: lit with it,
  // although no edge ends on it (rolling-update step 4's ReplicaSets, configmap-secret step 4's missing ConfigMap).
  const objectUses = state.oneStep && drawn.length === 1 ? objects.map((o) => [drawnAs.get(o.id) ?? o.id, drawn[0]!] as const) : [];
  assignSteps(nodes, [...edges.flatMap((e) => e.steps.flatMap((s) => [[e.from, s] as const, [e.to, s] as const])), ...objectUses]);
  return { kind: 'architecture', title: trace.header.scenario.title, nodes, edges, legend, steps: stepRefs(trace, opts.steps) };
}

/** A node takes part in a step when it or anything inside it sends or receives an edge of that step. */
function assignSteps(nodes: GraphNode[], uses: (readonly [string, number])[]): void {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const steps = new Map<string, number[]>();
  for (const [id, step] of uses) {
    for (let n = byId.get(id); n !== undefined; n = n.parent !== null ? byId.get(n.parent) : undefined) {
      pushTo(steps, n.id, step);
    }
  }
  for (const n of nodes) n.steps = sortedNumbers(steps.get(n.id) ?? []);
}
