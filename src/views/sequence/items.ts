/**
 * Arranged units → sequence items: messages for requests, replies, watch
 * notifications and actions; internal phases as self-messages (full) or one
 * merged note per run of phases (compact); outcomes as notes; a failing phase
 * opens an `alt` with one branch, the failure and what it caused.
 */
import type { Phase, TraceEvent } from '../../trace/types.ts';
import type { SequenceItem, SequenceMessage } from '../types.ts';
import { isEventRecord, isFailure, isLost } from '../common/interactions.ts';
import type { Unit } from './arrange.ts';
import { lane, type ItemContext } from './context.ts';
import { loopItem } from './variants.ts';
import { replyLabel } from './replies.ts';
import { snatReturn } from './snat-return.ts';

export type { Detail, ItemContext } from './context.ts';

const SHORT: Partial<Record<Phase, string>> = {
  authentication: 'authn',
  authorization: 'authz',
  'mutating-admission': 'admission',
  validation: 'validation',
  'validating-admission': 'admission',
};

/** What a failing phase means, for the label of the `alt` it opens. */
const FAILED_LABELS: Partial<Record<Phase, string>> = {
  authentication: 'not authenticated',
  authorization: 'not authorized',
  'mutating-admission': 'not admitted',
  validation: 'invalid',
  'validating-admission': 'not admitted',
  filter: 'no node fits',
  score: 'no node fits',
};

export function toItems(units: readonly Unit[], step: number, ctx: ItemContext): SequenceItem[] {
  const items: SequenceItem[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!; // i < units.length
    if (u.kind === 'loop') {
      items.push(loopItem(u, step, ctx));
      continue;
    }
    const e = u.event;
    if (e.type === 'phase' && isFailure(e.result)) {
      const end = failureEnd(units, i, e, ctx);
      items.push(altItem(e, units.slice(i, end), step, ctx));
      i = end - 1;
    } else if (e.type === 'phase' && ctx.detail === 'compact') {
      const end = phaseRunEnd(units, i);
      const run = units.slice(i, end).map((r) => (r as { event: TraceEvent }).event);
      items.push({ type: 'note', id: `note:${e.id}`, over: [lane(e.from, ctx)], text: phaseRunText(run), step });
      i = end - 1;
    } else if (ctx.detail === 'compact' && e.type === 'response' && ctx.kindOf(e.from) === 'etcd') {
      // Standard: an etcd write and its reply are one arrow (the reply stays in the trace for causes).
      continue;
    } else if (ctx.detail === 'compact' && isEventRecord(e)) {
      items.push({ type: 'note', id: `note:${e.id}`, over: [lane(e.from, ctx)], text: eventRecordText(e), step });
    } else if (e.type === 'outcome') {
      items.push({ type: 'note', id: `note:${e.id}`, over: [lane(e.to, ctx)], text: e.summary, step });
    } else {
      items.push(...throughSnat(message(e, step, ctx), e, ctx));
    }
  }
  return items;
}

function eventRecordText(e: TraceEvent): string {
  const reason = /\(([^)]+)\)/.exec(e.summary)?.[1];
  return reason ? `Event: ${reason}` : e.summary;
}

function message(e: TraceEvent, step: number, ctx: ItemContext): SequenceMessage {
  const arrow = e.type === 'request' ? 'sync' : e.type === 'response' ? 'reply' : e.type === 'phase' ? 'self' : 'async';
  return {
    type: 'message',
    id: `msg:${e.id}`,
    number: 0,
    from: lane(e.from, ctx),
    to: lane(e.to, ctx),
    label: ctx.readLabel?.(e) ?? (ctx.detail === 'compact' ? replyLabel(e, ctx.causality) : undefined) ?? e.summary,
    arrow,
    emphasis: isFailure(e.result) ? 'danger' : 'normal',
    ...(isLost(e, ctx.kindOf) ? { lost: true as const } : {}),
    step,
    events: [e.id],
  };
}

/** A reply drawn back through the lane that masqueraded its request (snat-return.ts): two messages, else the one. */
function throughSnat(m: SequenceMessage, e: TraceEvent, ctx: ItemContext): SequenceMessage[] {
  const back = snatReturn(e, ctx.causality, (id) => lane(id, ctx));
  if (back === undefined) return [m];
  return [
    { ...m, to: back.via },
    { ...m, id: `${m.id}:un-snat`, from: back.via, label: back.label },
  ];
}

/** `authn · authz · admission · validation ✓ · get pods/x from the watch cache`: a run of passed phases. */
function phaseRunText(run: readonly TraceEvent[]): string {
  const checks: string[] = [];
  const others: string[] = [];
  for (const e of run) {
    const short = e.phase !== undefined ? SHORT[e.phase] : undefined;
    if (short === undefined) others.push(e.summary);
    else if (!checks.includes(short)) checks.push(short);
  }
  return [...(checks.length > 0 ? [`${checks.join(' · ')} ✓`] : []), ...others].join(' · ');
}

/** End (exclusive) of the run of ok phases on the same component starting at i. */
function phaseRunEnd(units: readonly Unit[], i: number): number {
  const first = (units[i] as { event: TraceEvent }).event;
  let j = i + 1;
  while (j < units.length) {
    const u = units[j]!; // j < units.length
    if (u.kind !== 'event' || u.event.type !== 'phase' || u.event.from !== first.from || isFailure(u.event.result)) break;
    j++;
  }
  return j;
}

/**
 * End (exclusive) of what a failing phase at i ends: up to the response of the
 * request it belongs to (403 …), then whatever the failure itself caused.
 */
function failureEnd(units: readonly Unit[], i: number, failed: TraceEvent, ctx: ItemContext): number {
  const request = ctx.causality.requestInto(failed, failed.from);
  const response = request ? ctx.causality.responseOf.get(request.id) : undefined;
  let j = i + 1;
  const k = response === undefined ? -1 : units.findIndex((u, n) => n > i && u.kind === 'event' && u.event.id === response);
  if (k >= 0) j = k + 1;
  const inBranch = units.slice(i, j).map((u) => rootOf(u).id);
  // units[j] exists: j < units.length is checked first.
  while (j < units.length && inBranch.some((id) => ctx.causality.descendsFrom(rootOf(units[j]!), id))) inBranch.push(rootOf(units[j++]!).id);
  return j;
}

function rootOf(u: Unit): TraceEvent {
  return u.kind === 'loop' ? u.root : u.event;
}

function altItem(failed: TraceEvent, units: readonly Unit[], step: number, ctx: ItemContext): SequenceItem {
  const what = (failed.phase !== undefined ? FAILED_LABELS[failed.phase] : undefined) ?? 'failed';
  // The failing phase is always a self-message so the arrow can carry the danger emphasis.
  const failure = [message(failed, step, ctx), ...toItems(units.slice(1), step, ctx)];
  // Only the branch that was taken is drawn (an empty "not taken" branch says nothing); its
  // label names the condition that failed and how.
  return { type: 'alt', id: `alt:${failed.id}`, branches: [{ label: `${what}: ${failureLabel(failed, units)}`, items: failure }], step };
}

/** `403 Forbidden` from the response the failure caused, else the outcome, else the phase summary. */
function failureLabel(failed: TraceEvent, units: readonly Unit[]): string {
  const events = units.filter((u): u is { kind: 'event'; event: TraceEvent } => u.kind === 'event').map((u) => u.event);
  const response = events.find((e) => e.type === 'response' && e.status !== undefined && e.status >= 400);
  if (response) return response.summary;
  if (failed.phase === 'filter' || failed.phase === 'score') return 'FailedScheduling';
  return failed.summary;
}
