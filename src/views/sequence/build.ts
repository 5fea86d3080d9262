/**
 * Sequence view: who called whom, in order, numbered, per step — with repeated
 * per-object work folded into loops (see arrange.ts), failures as `alt`
 * branches, and at most MAX_MESSAGES messages (the rest become one note).
 */
import type { Trace, TraceEvent } from '../../trace/types.ts';
import type { DetailLevel, SequenceAlt, SequenceItem, SequenceMessage, SequenceView } from '../types.ts';
import { Causality } from '../common/causality.ts';
import { componentIndex, componentOf, hostOf } from '../common/components.ts';
import { selectedSet, stepRefs } from '../common/steps.ts';
import { Arranger, type Unit } from './arrange.ts';
import { toItems, type Detail } from './items.ts';
import { eventStorage } from '../common/interactions.ts';
import { buildParticipants } from './participants.ts';

export const MAX_MESSAGES = 60;

export interface SequenceOptions {
  steps?: number[];
  /** `standard` (default) merges runs of internal phases into one note; `full` draws each as a self-message. */
  detail?: DetailLevel;
  /** Messages drawn before the rest is collapsed into one note (default MAX_MESSAGES). */
  maxMessages?: number;
}

export function buildSequence(trace: Trace, opts: SequenceOptions = {}): SequenceView {
  const selected = selectedSet(trace, opts.steps);
  const index = componentIndex(trace);
  const arranger = new Arranger(index);
  const causality = new Causality(trace.events);
  const ctx = {
    detail: (opts.detail === 'full' ? 'full' : 'compact') as Detail,
    causality,
    shape: (e: TraceEvent) => arranger.shape(e),
    kindOf: (id: string) => componentOf(index, id).kind,
  };
  const represents = new Map<string, number>();
  const perStep: { step: number; title: string; items: SequenceItem[] }[] = [];
  for (const step of trace.steps) {
    if (!selected.has(step.number)) continue;
    const own = trace.events.filter((e) => e.step === step.number);
    const units = arranger.arrange(ctx.detail === 'compact' ? withoutEventStorage(own, causality) : own);
    noteRepresentatives(units, trace, index, represents);
    perStep.push({ step: step.number, title: `${step.number}. ${step.title}`, items: toItems(units, step.number, ctx) });
  }
  const budgets = shareBudget(perStep.map((s) => s.items.flatMap(messages).length), opts.maxMessages ?? MAX_MESSAGES);
  const shown: SequenceItem[] = perStep.flatMap((s, i) => [
    { type: 'separator' as const, id: `step:${s.step}`, step: s.step, title: s.title },
    ...truncate(s.items, budgets[i]),
  ]);
  finishMessages(shown, causality);
  const { participants, boxes } = buildParticipants(trace, index, usedParticipants(shown), represents);
  return { kind: 'sequence', title: trace.header.scenario.title, boxes, participants, items: shown, steps: stepRefs(trace, opts.steps) };
}

/** Compact mode draws an Event record as one note: drop how the API server stored it. */
function withoutEventStorage(events: readonly TraceEvent[], causality: Causality): TraceEvent[] {
  const hidden = eventStorage(events, causality);
  return events.filter((e) => !hidden.has(e.id));
}

/** Hosts whose lanes stand for k hosts in a folded loop. */
function noteRepresentatives(units: readonly Unit[], trace: Trace, index: ReturnType<typeof componentIndex>, out: Map<string, number>): void {
  for (const u of units) {
    if (u.kind !== 'loop') continue;
    for (const v of u.variants) {
      const shownHosts = new Set(flat(v.units).flatMap((e) => [e.from, e.to]).map((id) => hostOf(index, componentOf(index, id))));
      for (const h of u.hosts) if (shownHosts.has(h) && u.hosts.length > (out.get(h) ?? 1)) out.set(h, u.hosts.length);
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
  const over = lanes.length > 1 ? [lanes[0], lanes[lanes.length - 1]] : lanes;
  const step = items[0].step;
  return [...kept, { type: 'note', id: `more:${step}`, over, text: `… ${total - max} more messages`, step }];
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
function finishMessages(items: SequenceItem[], causality: Causality): void {
  const all = items.flatMap(messages);
  const drawn = new Set(all.flatMap((m) => m.events));
  all.forEach((m, i) => {
    m.number = i + 1;
    const e = causality.byId.get(m.events[0]);
    if (e === undefined || e.from === e.to) return;
    if (m.arrow === 'sync' && drawn.has(causality.responseOf.get(e.id) ?? '')) m.activate = true;
    if (m.arrow === 'reply' && drawn.has(causality.requestOf.get(e.id) ?? '')) m.deactivate = true;
  });
}

function usedParticipants(items: readonly SequenceItem[]): string[] {
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
