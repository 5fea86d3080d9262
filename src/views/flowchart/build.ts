/**
 * Flowchart view: the decision of one step (default: the scenario's first
 * focus step that did something, see common/focus.ts). The decision is
 * chosen by what the step is about (topics.ts: scheduling, RBAC, etcd
 * quorum, node failure, HPA …; traffic.ts: Service routing, Ingress,
 * NetworkPolicy, egress; template.ts: the read path and the write/admission
 * path); the path the trace shows is `taken`, the other branches `faint`,
 * and a failure the trace shows ends in a `danger` terminal.
 */
import type { Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import type { DetailLevel, Emphasis, FlowchartView, GraphEdge, GraphNode } from '../types.ts';
import { Causality } from '../common/causality.ts';
import { componentIndex, componentOf } from '../common/components.ts';
import { isFailure } from '../common/interactions.ts';
import { sortedNumbers, stepRefs } from '../common/steps.ts';
import { explainInvalid, markPods, markRequest, markWrites, type Mark, type Marks } from './evidence.ts';
import { trafficFlow } from './traffic.ts';
import { topicFlow } from './topics.ts';
import { chainOf, startLabel, storySteps } from './flow.ts';

export { chainOf };
import { firstActiveFocusStep } from '../common/focus.ts';
import { controllersFor, readTemplate, reviewTemplate, writeTemplate, type Template } from './template.ts';
import { plural } from '../../common/text.ts';

export interface FlowchartOptions {
  /** The step to show; default: the first focus step that caused events. */
  step?: number;
  /** How much to draw (default `standard`). */
  detail?: DetailLevel;
}

const READ_VERBS = new Set(['get', 'list', 'watch']);

export function buildFlowchart(trace: Trace, opts: FlowchartOptions = {}): FlowchartView {
  const detail = opts.detail ?? 'standard';
  const step = opts.step !== undefined ? trace.steps.find((s) => s.number === opts.step) : defaultStep(trace);
  const title = step ? `${step.number}. ${step.title}` : trace.header.scenario.title;
  const base = { kind: 'flowchart' as const, title, step: step?.number ?? 0, steps: stepRefs(trace, step ? [step.number] : []) };
  if (!step) return { ...base, nodes: [], edges: [], decision: 'none', chain: [] };
  // The heading names every step the picture draws evidence from (a node-failure story runs over the advances after the fault).
  const headed = <G extends { nodes: GraphNode[]; edges: GraphEdge[] }>(g: G) => {
    const covered = coveredSteps(g, step.number);
    return { ...base, title: headingOf(trace, step, covered), steps: stepRefs(trace, covered), ...g };
  };
  const topic = topicFlow(trace, step, detail);
  if (topic) return { ...headed(topic.flow.result()), decision: topic.decision };
  const events = continuation(trace, step);
  const main = mainRequest(trace, step);
  if (!main) {
    const traffic = trafficFlow(trace, step, events, detail);
    if (traffic) return { ...headed(traffic.graph), chain: chainOf(traffic.graph), decision: traffic.decision };
    const generic = withDetail(genericFlow(step, events), detail);
    return { ...headed(generic), chain: chainOf(generic), decision: 'sequence' };
  }
  const kind = main.resource?.kind ?? '';
  const review = isReview(main);
  const read = READ_VERBS.has(main.verb ?? '') || review;
  const controllers = controllersFor(kind);
  const pods = !read && main.verb !== 'delete' && (kind === 'Pod' || controllers.length > 0);
  const template = review ? reviewTemplate() : read ? readTemplate() : writeTemplate(main.verb ?? '', controllers, pods);
  const causality = new Causality(trace.events);
  const marks = markRequest(main, events.filter((e) => e.step === step.number), read, causality);
  // A write of several objects says all of them (review D62); a read says its request.
  const request = read ? main.summary : markWrites(marks, clientRequests(trace, step).filter((e) => !READ_VERBS.has(e.verb ?? '')), events.filter((e) => e.step === step.number), causality);
  explainInvalid(marks, step.error);
  if (review && marks.has('response')) marks.set('review', { taken: true, events: [] });
  if (pods && marks.has('etcd')) markPods(trace, index(trace), events, controllers, marks);
  if (read && step.output && marks.has('response')) {
    const rows = step.output.trim().split('\n').length - 1;
    if (rows >= 0 && /^NAME\s/.test(step.output)) marks.set('table', { taken: true, events: [], sublabel: plural(rows, 'row') });
  }
  const label = step.command || main.summary;
  marks.set('start', { ...marks.get('start')!, label, sublabel: `${componentOf(index(trace), main.from).name} → ${request}` });
  const graph = withDetail(fromTemplate(template, marks, step.number), detail);
  return { ...headed(graph), chain: chainOf(graph), decision: review ? 'review' : read ? 'read' : 'write' };
}

/** The steps whose events light a point or an arrow (faint ones show no evidence), and the drawn step. */
export function coveredSteps(g: { nodes: readonly GraphNode[]; edges: readonly GraphEdge[] }, step: number): number[] {
  const lit = [...g.nodes, ...g.edges].filter((x) => x.emphasis !== 'faint').flatMap((x) => x.steps);
  return sortedNumbers([step, ...lit]);
}

/**
 * `2. Title` for a picture of one step; `Steps 3–8. Title` when its evidence
 * comes from later steps too (the steps between that only let the story play
 * out — advance, wait, expect, a read-only kubectl — and the setup steps
 * leading up to it join the range),
 * and, when a step between is not part of it, each part by its own number and
 * title (`4. GET http://shop.example.com/api/orders · 6. A host no rule
 * matches gets 404`): the drawn step's title alone would name only one of the
 * requests the picture shows.
 */
export function headingOf(trace: Trace, step: TraceStep, covered: readonly number[]): string {
  if (covered.length <= 1) return `${step.number}. ${step.title}`;
  const story = storySteps(trace, step);
  const runs: [number, number][] = [];
  for (const n of covered) {
    const last = runs[runs.length - 1];
    const between = last ? trace.steps.filter((s) => s.number > last[1] && s.number < n) : [];
    // A step between joins the range when it plays the drawn step out, or is setup leading up to it (workloads.ts `window`).
    if (last && between.every((s) => story.has(s.number) || (s.setup === true && s.number < step.number))) last[1] = n;
    else runs.push([n, n]);
  }
  const text = ([a, b]: [number, number]) => (a === b ? `${a}` : `${a}–${b}`);
  if (runs.length === 1) return `Steps ${text(runs[0]!)}. ${step.title}`;
  // A run holds the drawn step, or starts with the step that lit its part of the picture.
  const titleOf = ([a, b]: [number, number]) => (step.number >= a && step.number <= b ? step.title : trace.steps.find((s) => s.number === a)?.title ?? '');
  return runs.map((run) => `${text(run)}. ${titleOf(run)}`).join(' · ');
}

const index = componentIndex;

/** Summary drops the evidence lines; the rest keep them. */
function withDetail(g: { nodes: GraphNode[]; edges: GraphEdge[] }, detail: DetailLevel): { nodes: GraphNode[]; edges: GraphEdge[] } {
  if (detail !== 'summary') return g;
  return { nodes: g.nodes.map(({ sublabel: _s, ...n }) => n), edges: g.edges };
}

/** The first focus step that caused events; without focus marks: the first kubectl step that writes, else the first kubectl step, else step 1. */
function defaultStep(trace: Trace): TraceStep | undefined {
  if (trace.steps.some((s) => s.setup === true) || trace.steps.length > 0) return firstActiveFocusStep(trace);
  const kubectl = trace.steps.filter((s) => s.kind === 'kubectl');
  const writes = (s: TraceStep): boolean => {
    const m = mainRequest(trace, s);
    return m !== undefined && !READ_VERBS.has(m.verb ?? '') && !isReview(m);
  };
  return kubectl.find(writes) ?? kubectl[0] ?? trace.steps[0];
}

/** SelfSubjectAccessReview, TokenReview …: created, answered, never stored. */
function isReview(e: TraceEvent): boolean {
  return /Review$/.test(e.resource?.kind ?? '');
}

/**
 * The client's request the step is about: its first write (kubectl apply
 * GETs first and creates after a 404), else its first request.
 */
function mainRequest(trace: Trace, step: TraceStep): TraceEvent | undefined {
  const requests = clientRequests(trace, step);
  return requests.find((e) => !READ_VERBS.has(e.verb ?? '')) ?? requests[0];
}

/** The step's requests of a client (kubectl) on an API resource, in order. */
function clientRequests(trace: Trace, step: TraceStep): TraceEvent[] {
  const index = componentIndex(trace);
  return trace.events.filter((e) => e.step === step.number && e.type === 'request' && componentOf(index, e.from).kind === 'client' && e.resource !== undefined);
}

/** The step's events plus those of the wait/advance/expect steps right after it: consequences often land there. */
function continuation(trace: Trace, step: TraceStep): TraceEvent[] {
  const steps = new Set([step.number]);
  for (const s of trace.steps) {
    if (s.number <= step.number) continue;
    if (s.kind !== 'wait' && s.kind !== 'advance' && s.kind !== 'expect') break;
    steps.add(s.number);
  }
  return trace.events.filter((e) => steps.has(e.step));
}

function fromTemplate(t: Template, marks: Marks, step: number): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = t.points.map((p) => {
    const m: Mark | undefined = marks.get(p.key);
    const emphasis: Emphasis = !m ? 'faint' : p.outcome === 'failure' || m.failed ? 'danger' : p.outcome === 'success' ? 'success' : 'taken';
    const sublabel = m?.sublabel;
    return {
      id: `fc:${p.key}`,
      label: m?.label ?? p.label,
      ...(sublabel ? { sublabel } : {}),
      icon: p.icon,
      shape: p.shape,
      parent: null,
      emphasis,
      steps: m ? sortedNumbers([step, ...m.events.map((e) => e.step)]) : [step],
    };
  });
  const edges: GraphEdge[] = t.links.map((l) => {
    const from = marks.get(l.from);
    const to = marks.get(l.to);
    const taken = from !== undefined && to !== undefined;
    return {
      id: `fc:${l.from}->fc:${l.to}`,
      from: `fc:${l.from}`,
      to: `fc:${l.to}`,
      ...(l.label ? { label: l.label } : {}),
      emphasis: taken ? (t.points.find((p) => p.key === l.to)?.outcome === 'failure' || to.failed ? 'danger' : 'taken') : 'faint',
      ...(taken ? {} : { dashed: true }),
      steps: taken ? sortedNumbers([step, ...to.events.map((e) => e.step)]) : [step],
      events: taken ? to.events.map((e) => e.id) : [],
    };
  });
  return { nodes, edges };
}

/** Steps without an API request (traffic, faults, waits): what happened, in order. */
function genericFlow(step: TraceStep, events: readonly TraceEvent[]): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const own = events.filter((e) => e.step === step.number && (e.type === 'outcome' || e.type === 'action' || e.type === 'packet'));
  const seen = new Set<string>();
  const points = own.filter((e) => !seen.has(e.summary) && seen.add(e.summary)).slice(0, 10);
  const node = (id: string, label: string, shape: GraphNode['shape'], icon: GraphNode['icon'], emphasis: Emphasis, ev: TraceEvent[]): GraphNode => ({ id, label, icon, shape, parent: null, emphasis, steps: sortedNumbers([step.number, ...ev.map((e) => e.step)]) });
  const failed = own.some((e) => e.type === 'outcome' && isFailure(e.result));
  const nodes = [
    node('fc:start', startLabel(step), 'terminal', 'start', 'taken', []),
    ...points.map((e) => node(`fc:${e.sig}`, e.summary, 'process', 'none', isFailure(e.result) ? 'danger' : 'taken', [e])),
    node('fc:end', points.length === 0 ? 'nothing happens' : failed ? 'failed' : 'done', 'terminal', 'end', failed ? 'danger' : 'success', []),
  ];
  // nodes[i] is the node before n (n is nodes[i + 1]), so it exists.
  const edges: GraphEdge[] = nodes.slice(1).map((n, i) => ({ id: `${nodes[i]!.id}->${n.id}`, from: nodes[i]!.id, to: n.id, emphasis: 'taken', steps: [step.number], events: [] }));
  return { nodes, edges };
}
