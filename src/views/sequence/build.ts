/**
 * Sequence view: who called whom, in order, numbered, per step. Setup steps
 * (`setup: true`) are not drawn message by message: they collapse into one
 * band at the top that states the cluster they left behind (setup.ts). The
 * focus steps are drawn at one of three detail levels:
 *
 * - `summary`: one message per component hop (summary.ts);
 * - `standard`: every request, with the API server's phases as one note per
 *   request, etcd write + reply as one arrow, repeated watch notifications to
 *   the same watcher merged, repeated per-object work folded into loops
 *   (arrange.ts), a resolver's search-list NXDOMAIN exchanges as one
 *   (dns-search.ts) and failures as `alt` frames; never truncated;
 * - `full`: every event, phases as self-messages, at most MAX_MESSAGES
 *   messages (the rest of a step becomes one note).
 *
 * At `summary` and `standard` a scenario about namespaces names them in its
 * API calls (`GET pods · team-a`, namespaces.ts).
 */
import type { Trace, TraceEvent, TraceStep } from '../../trace/types.ts';
import type { DetailLevel, SequenceAlt, SequenceBox, SequenceItem, SequenceMessage, SequenceParticipant, SequenceView } from '../types.ts';
import { Causality } from '../common/causality.ts';
import { componentIndex, componentOf, hostOf } from '../common/components.ts';
import { selectedSet, stepRefs } from '../common/steps.ts';
import { traceWorkloads } from '../common/workloads.ts';
import { Arranger, type Unit } from './arrange.ts';
import { toItems, type Detail, type ItemContext } from './items.ts';
import { eventStorage } from '../common/interactions.ts';
import { buildParticipants } from './participants.ts';
import { beforeBand, setupBand, subjectNames } from './setup.ts';
import { SummaryLanes, summaryItems } from './summary.ts';
import { readLabels } from './reads.ts';
import { foldSearchList } from './dns-search.ts';
import { labelNamespaces, namespacesMatter } from './namespaces.ts';
import { plural } from '../../common/text.ts';

export const MAX_MESSAGES = 60;

export interface SequenceOptions {
  /** Steps to draw (default: all); setup steps among them collapse into the setup band. */
  steps?: number[];
  /** `summary`, `standard` (default) or `full`; see the module comment. */
  detail?: DetailLevel;
  /** `full` only: messages drawn before the rest is collapsed into one note (default MAX_MESSAGES). */
  maxMessages?: number;
}

export function buildSequence(trace: Trace, opts: SequenceOptions = {}): SequenceView {
  const level = opts.detail ?? 'standard';
  const selected = selectedSet(trace, opts.steps);
  const chosen = trace.steps.filter((s) => selected.has(s.number));
  const focus = chosen.filter((s) => s.setup !== true);
  const drawn = focus.length > 0 ? focus : chosen;
  const setup = focus.length > 0 ? chosen.filter((s) => s.setup === true && s.number < drawn[0]!.number) : [];
  const index = componentIndex(trace);
  const causality = new Causality(trace.events);
  // Setup steps collapse into the band; a picture that starts later opens with the state before it.
  const subject = subjectNames(trace, drawn);
  const band = setup.length > 0 ? setupBand(trace, setup, subject) : opts.steps !== undefined && drawn.length > 0 ? beforeBand(trace, drawn[0]!, subject) : undefined;
  const perStep = level === 'summary' ? summarySteps(trace, drawn, causality) : detailedSteps(trace, drawn, level, causality);
  quietNotes(trace, drawn, perStep.steps);
  const counts = perStep.steps.map((s) => s.items.flatMap(messages).length);
  const budgets = level === 'full' ? shareBudget(counts, opts.maxMessages ?? MAX_MESSAGES) : counts;
  const shown: SequenceItem[] = [
    ...(band ? [band] : []),
    ...perStep.steps.flatMap((s, i) => [{ type: 'separator' as const, id: `step:${s.step}`, step: s.step, title: s.title }, ...truncate(s.items, budgets[i]!)]),
  ];
  finishMessages(shown, perStep.causality ?? causality, level !== 'summary');
  if (level !== 'full' && namespacesMatter(trace, (id) => componentOf(index, id).kind)) labelNamespaces(shown, causality.byId);
  const used = usedParticipants(shown);
  const { participants, boxes } = perStep.participants ? perStep.participants(used) : buildParticipants(trace, index, used, perStep.represents);
  return { kind: 'sequence', title: trace.header.scenario.title, detail: level, boxes, participants, items: shown, steps: stepRefs(trace, opts.steps) };
}

/** The note of a step that draws no interaction: what happened instead. */
export function quietStepText(step: TraceStep): string {
  const head = 'No component interaction in this step';
  const n = step.expectations.length;
  if (step.kind === 'expect' && n > 0) {
    const failed = step.expectations.filter((x) => !x.passed).length;
    return `${head}: ${plural(n, 'expectation')} checked against the cluster state, ${failed === 0 ? (n === 1 ? 'passed' : 'all passed') : `${failed} failed`}`;
  }
  const advance = /^advance (\S+)$/.exec(step.command);
  if (advance) return `${head}: the clock advances ${advance[1]}`;
  return `${head}: ${step.command}`;
}

/**
 * A picture whose steps draw no interaction at all (an `expect` step or an
 * `advance` during which nothing talks, on its own: a per-step slide, a frame
 * of the player) would have no lifeline and nothing to lay its bands out
 * across: each such step gets a note saying what happened, over the client's
 * lifeline (the user's side: kubectl). A picture that draws other steps
 * too keeps an empty step as its title alone.
 */
function quietNotes(trace: Trace, drawn: readonly TraceStep[], steps: StepItems['steps']): void {
  if (steps.some((s) => s.items.length > 0)) return;
  const anchor = (trace.components.find((c) => c.kind === 'client') ?? trace.components[0])?.id;
  if (anchor === undefined) return;
  const byNumber = new Map(drawn.map((s) => [s.number, s]));
  for (const s of steps) {
    const step = byNumber.get(s.step);
    if (step) s.items.push({ type: 'note', id: `quiet:${s.step}`, over: [anchor], text: quietStepText(step), step: s.step });
  }
}

interface StepItems {
  steps: { step: number; title: string; items: SequenceItem[] }[];
  represents: Map<string, number>;
  /** Over the events as drawn (standard maps them onto merged lanes). */
  causality?: Causality;
  /** Merged lanes (summary, standard): their participants and boxes. */
  participants?: (used: readonly string[]) => { participants: SequenceParticipant[]; boxes: SequenceBox[] };
}

function summarySteps(trace: Trace, drawn: readonly TraceStep[], causality: Causality): StepItems {
  const index = componentIndex(trace);
  const drawnSteps = new Set(drawn.map((s) => s.number));
  const lanes = new SummaryLanes(index, traceWorkloads(trace), 'summary', trace.events.filter((e) => drawnSteps.has(e.step)));
  const kindOf = (id: string) => componentOf(index, id).kind;
  const readLabel = readLabels(trace, causality.byId);
  const steps = drawn.map((step) => ({
    step: step.number,
    title: `${step.number}. ${step.title}`,
    items: summaryItems(trace.events.filter((e) => e.step === step.number), step.number, lanes, causality, kindOf, readLabel),
  }));
  return { steps, represents: new Map(), participants: (used) => ({ participants: lanes.participants(used, trace), boxes: [] }) };
}

function detailedSteps(trace: Trace, drawn: readonly TraceStep[], level: DetailLevel, traceCausality: Causality): StepItems {
  const index = componentIndex(trace);
  const detail: Detail = level === 'full' ? 'full' : 'compact';
  // Standard: node-level components and a workload's Pods share a lane across nodes (names stay in the labels).
  // A lane is named and boxed after the components of the drawn steps (first use there); the other
  // steps' events are mapped onto the same lanes for causality only.
  const drawnSteps = new Set(drawn.map((s) => s.number));
  const drawnEvents = trace.events.filter((e) => drawnSteps.has(e.step));
  const lanes = detail === 'compact' ? new SummaryLanes(index, traceWorkloads(trace), 'standard', drawnEvents) : undefined;
  lanes?.seed(drawnEvents.flatMap((e) => [e.from, e.to]));
  const events = lanes ? trace.events.map((e) => ({ ...e, from: lanes.lane(e.from, drawnSteps.has(e.step)), to: lanes.lane(e.to, drawnSteps.has(e.step)) })) : trace.events;
  const causality = lanes ? new Causality(events) : traceCausality;
  const arranger = new Arranger(index, lanes ? (c) => lanes.podClass(c) : undefined);
  const ctx: ItemContext = {
    detail,
    causality,
    shape: (e: TraceEvent) => arranger.shape(e),
    kindOf: (id: string) => componentOf(index, id).kind,
    laneClass: (id: string) => arranger.laneClass(id),
    readLabel: readLabels(trace, traceCausality.byId),
    toItems,
  };
  const represents = new Map<string, number>();
  const steps = drawn.map((step) => {
    const own = events.filter((e) => e.step === step.number);
    const units = arranger.arrange(detail === 'compact' ? compactEvents(own, causality) : own);
    noteRepresentatives(units, trace, index, represents);
    const items = toItems(units, step.number, ctx);
    return { step: step.number, title: `${step.number}. ${step.title}`, items: detail === 'compact' ? foldSearchList(mergeNotifications(items), causality.byId) : items };
  });
  return { steps, represents, causality, ...(lanes ? { participants: (used: readonly string[]) => lanes.boxedParticipants(trace, used, represents) } : {}) };
}

/** Standard level: an Event record is one note (drop how the API server stored it). */
function compactEvents(events: readonly TraceEvent[], causality: Causality): TraceEvent[] {
  const hidden = eventStorage(events, causality);
  return events.filter((e) => !hidden.has(e.id));
}

/**
 * Standard level: consecutive watch notifications from one component to the
 * same watcher are one arrow (`MODIFIED pod/a, pod/b`), inside loops and alts too.
 */
function mergeNotifications(items: SequenceItem[]): SequenceItem[] {
  const out: SequenceItem[] = [];
  for (const item of items) {
    const prev = out[out.length - 1];
    if (item.type === 'message' && item.arrow === 'async' && prev?.type === 'message' && prev.arrow === 'async' && prev.from === item.from && prev.to === item.to && prev.emphasis === item.emphasis) {
      const labels = prev.label.split(', ');
      const merged = labels.includes(item.label) ? prev.label : labels.length >= 3 ? (prev.label.endsWith(', …') ? prev.label : `${prev.label}, …`) : `${prev.label}, ${item.label}`;
      out[out.length - 1] = { ...prev, label: merged, events: [...prev.events, ...item.events] };
    } else if (item.type === 'loop') out.push({ ...item, items: mergeNotifications(item.items) });
    else if (item.type === 'alt') out.push({ ...item, branches: item.branches.map((b) => ({ ...b, items: mergeNotifications(b.items) })) });
    else out.push(item);
  }
  return out;
}

/** Hosts whose lanes stand for k hosts in a folded loop. */
function noteRepresentatives(units: readonly Unit[], trace: Trace, index: ReturnType<typeof componentIndex>, out: Map<string, number>): void {
  for (const u of units) {
    if (u.kind !== 'loop') continue;
    for (const v of u.variants) {
      const shownHosts = new Set(flat(v.units).flatMap((e) => [e.from, e.to]).map((id) => hostOf(index, componentOf(index, id))));
      for (const [h, k] of u.standsFor) if (shownHosts.has(h) && k > (out.get(h) ?? 1)) out.set(h, k);
      noteRepresentatives(v.units, trace, index, out);
    }
  }
}

function flat(units: readonly Unit[]): TraceEvent[] {
  return units.flatMap((u) => (u.kind === 'event' ? [u.event] : u.variants.flatMap((v) => flat(v.units))));
}

/**
 * Splits the message budget between steps so that every step shows: small
 * steps get all they need, the rest is shared evenly among the big ones.
 */
function shareBudget(counts: number[], max: number): number[] {
  const budgets = counts.map(() => 0);
  let left = max;
  const order = counts.map((c, i) => [c, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  order.forEach(([count, i], k) => {
    const share = Math.floor(left / (order.length - k));
    budgets[i] = Math.min(count, share);
    left -= budgets[i];
  });
  return budgets;
}

/** Keeps the first `max` messages (cutting inside loops and alts if need be); the rest becomes one note. */
function truncate(items: SequenceItem[], max: number): SequenceItem[] {
  const total = items.flatMap(messages).length;
  if (total <= max) return items;
  const kept = cut(items, { left: max });
  const lanes = usedParticipants(kept.length > 0 ? kept : items);
  const over = lanes.length > 1 ? [lanes[0]!, lanes[lanes.length - 1]!] : lanes; // lanes.length > 1: both exist
  const step = items[0]!.step;
  return [...kept, { type: 'note', id: `more:${step}`, over, text: `… ${plural(total - max, 'more message')}`, step }];
}

/** Items from the start while the budget lasts; a container that does not fit is kept with its contents cut. */
function cut(items: readonly SequenceItem[], budget: { left: number }): SequenceItem[] {
  const out: SequenceItem[] = [];
  for (const item of items) {
    if (budget.left <= 0) break;
    const n = messages(item).length;
    if (n <= budget.left) {
      out.push(item);
      budget.left -= n;
    } else if (item.type === 'loop') {
      out.push({ ...item, items: cut(item.items, budget) });
    } else if (item.type === 'alt') {
      const branches: SequenceAlt['branches'] = [];
      for (const b of item.branches) if (budget.left > 0) branches.push({ ...b, items: cut(b.items, budget) });
      out.push({ ...item, branches });
    }
  }
  return out;
}

/** Every message in an item, depth first. */
export function messages(item: SequenceItem): SequenceMessage[] {
  switch (item.type) {
    case 'message':
      return [item];
    case 'loop':
      return item.items.flatMap(messages);
    case 'alt':
      return item.branches.flatMap((b) => b.items.flatMap(messages));
    default:
      return [];
  }
}

/** Numbers 1..N in drawing order; a request activates its target when its reply is drawn too. */
function finishMessages(items: SequenceItem[], causality: Causality, activations: boolean): void {
  const all = items.flatMap(messages);
  const drawn = new Set(all.flatMap((m) => m.events));
  all.forEach((m, i) => {
    m.number = i + 1;
    if (!activations) return;
    const firstEvent = m.events[0];
    const e = firstEvent === undefined ? undefined : causality.byId.get(firstEvent);
    if (e === undefined || e.from === e.to) return;
    if (m.arrow === 'sync' && drawn.has(causality.responseOf.get(e.id) ?? '')) m.activate = true;
    if (m.arrow === 'reply' && drawn.has(causality.requestOf.get(e.id) ?? '')) m.deactivate = true;
  });
}

/** The lanes the items draw on (messages' ends, notes' lanes, inside loops and alts), each once, in first-use order. */
export function usedParticipants(items: readonly SequenceItem[]): string[] {
  const out: string[] = [];
  const visit = (item: SequenceItem): void => {
    if (item.type === 'message') out.push(item.from, item.to);
    else if (item.type === 'note') out.push(...item.over);
    else if (item.type === 'loop') item.items.forEach(visit);
    else if (item.type === 'alt') item.branches.forEach((b) => b.items.forEach(visit));
  };
  items.forEach(visit);
  return [...new Set(out)];
}
