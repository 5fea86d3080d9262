/**
 * Arranged units → sequence items: messages for requests, replies, watch
 * notifications and actions; internal phases as self-messages (full) or one
 * merged note per run of phases (compact); outcomes as notes; a failing phase
 * opens an `alt` whose else branch holds the failure and what it caused.
 */
import type { Phase, TraceEvent } from '../../trace/types.ts';
import type { SequenceItem, SequenceMessage } from '../types.ts';
import type { Causality } from '../common/causality.ts';
import { isEventRecord, isFailure } from '../common/interactions.ts';
import type { LoopUnit, Unit } from './arrange.ts';

export type Detail = 'full' | 'compact';

export interface ItemContext {
  detail: Detail;
  causality: Causality;
  /** Shape of an event with names abstracted (see arrange.ts). */
  shape: (e: TraceEvent) => string;
  /** Kind of a component id, for mapping a variant's lanes onto the representative's. */
  kindOf: (id: string) => string;
  /** Lane substitutions: a folded variant's components drawn on the representative's lanes. */
  alias?: Map<string, string>;
}

const SHORT: Partial<Record<Phase, string>> = {
  authentication: 'authn',
  authorization: 'authz',
  'mutating-admission': 'mutating admission',
  validation: 'validation',
  'validating-admission': 'validating admission',
};

/** Labels of the `alt` a failing phase opens: [what success means, what failure was]. */
const ALT_LABELS: Partial<Record<Phase, string>> = {
  authentication: 'authenticated',
  authorization: 'authorized',
  'mutating-admission': 'admitted',
  validation: 'valid',
  'validating-admission': 'admitted',
  filter: 'fits a node',
  score: 'fits a node',
};

export function toItems(units: readonly Unit[], step: number, ctx: ItemContext): SequenceItem[] {
  const items: SequenceItem[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
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
      items.push({ type: 'note', id: `note:${e.id}`, over: [lane(e.from, ctx)], text: run.map(phaseText).join(' · '), step });
      i = end - 1;
    } else if (ctx.detail === 'compact' && isEventRecord(e)) {
      items.push({ type: 'note', id: `note:${e.id}`, over: [lane(e.from, ctx)], text: eventRecordText(e), step });
    } else if (e.type === 'outcome') {
      items.push({ type: 'note', id: `note:${e.id}`, over: [lane(e.to, ctx)], text: e.summary, step });
    } else {
      items.push(message(e, step, ctx));
    }
  }
  return items;
}

function eventRecordText(e: TraceEvent): string {
  const reason = /\(([^)]+)\)/.exec(e.summary)?.[1];
  return reason ? `Event: ${reason}` : e.summary;
}

function lane(id: string, ctx: ItemContext): string {
  return ctx.alias?.get(id) ?? id;
}

function message(e: TraceEvent, step: number, ctx: ItemContext): SequenceMessage {
  const arrow = e.type === 'request' ? 'sync' : e.type === 'response' ? 'reply' : e.type === 'phase' ? 'self' : 'async';
  return {
    type: 'message',
    id: `msg:${e.id}`,
    number: 0,
    from: lane(e.from, ctx),
    to: lane(e.to, ctx),
    label: e.summary,
    arrow,
    emphasis: isFailure(e.result) ? 'danger' : 'normal',
    step,
    events: [e.id],
  };
}

function phaseText(e: TraceEvent): string {
  const short = e.phase !== undefined ? SHORT[e.phase] : undefined;
  const mark = isFailure(e.result) ? '✗' : '✓';
  return short !== undefined ? `${short} ${mark}` : e.summary;
}

/** End (exclusive) of the run of ok phases on the same component starting at i. */
function phaseRunEnd(units: readonly Unit[], i: number): number {
  const first = (units[i] as { event: TraceEvent }).event;
  let j = i + 1;
  while (j < units.length) {
    const u = units[j];
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
  while (j < units.length && inBranch.some((id) => ctx.causality.descendsFrom(rootOf(units[j]), id))) inBranch.push(rootOf(units[j++]).id);
  return j;
}

function rootOf(u: Unit): TraceEvent {
  return u.kind === 'loop' ? u.root : u.event;
}

function altItem(failed: TraceEvent, units: readonly Unit[], step: number, ctx: ItemContext): SequenceItem {
  const ok = (failed.phase !== undefined ? ALT_LABELS[failed.phase] : undefined) ?? 'ok';
  // The failing phase is always a self-message so the arrow can carry the danger emphasis.
  const failure = [message(failed, step, ctx), ...toItems(units.slice(1), step, ctx)];
  return {
    type: 'alt',
    id: `alt:${failed.id}`,
    branches: [
      { label: ok, items: [{ type: 'note', id: `note:untaken:${failed.id}`, over: [lane(failed.from, ctx)], text: 'not taken', step }] },
      { label: failureLabel(failed, units), items: failure },
    ],
    step,
  };
}

/** `403 Forbidden` from the response the failure caused, else the outcome, else the phase summary. */
function failureLabel(failed: TraceEvent, units: readonly Unit[]): string {
  const events = units.filter((u): u is { kind: 'event'; event: TraceEvent } => u.kind === 'event').map((u) => u.event);
  const response = events.find((e) => e.type === 'response' && e.status !== undefined && e.status >= 400);
  if (response) return response.summary;
  if (failed.phase === 'filter' || failed.phase === 'score') return 'FailedScheduling';
  return failed.summary;
}

function loopItem(u: LoopUnit, step: number, ctx: ItemContext): SequenceItem {
  const noun = plural(u.root.resource?.kind ?? 'item', u.count);
  const label = `for each of ${u.count} ${noun}`;
  return { type: 'loop', id: `loop:${u.root.id}`, label, count: u.count, items: loopBody(u, step, ctx), step };
}

/**
 * One variant: its items. Several: the variants are aligned (longest common
 * subsequence of unit shapes); what all share is drawn once, from the first
 * variant, and each stretch where they differ becomes an `alt` with one
 * branch per variant, drawn on the first variant's lanes.
 */
function loopBody(u: LoopUnit, step: number, ctx: ItemContext): SequenceItem[] {
  const first = u.variants[0];
  if (u.variants.length === 1) return toItems(first.units, step, ctx);
  const ctxs = u.variants.map((v, i) => (i === 0 ? ctx : { ...ctx, alias: aliasFor(v.units, first.units, ctx) }));
  const keys = u.variants.map((v) => v.units.map((x) => unitKey(x, ctx)));
  const pairs = keys.slice(1).map((k) => lcsPairs(keys[0], k));
  const anchors = keys[0].map((_, i) => i).filter((i) => pairs.every((p) => p.has(i)));
  const items: SequenceItem[] = [];
  const cursor = u.variants.map(() => 0);
  let run: number[] = [];
  const flushRun = (): void => {
    if (run.length > 0) items.push(...toItems(first.units.slice(run[0], run[run.length - 1] + 1), step, ctx));
    run = [];
  };
  for (const a of [...anchors, -1]) {
    const ends = u.variants.map((v, i) => (a < 0 ? v.units.length : i === 0 ? a : pairs[i - 1].get(a)!));
    const segments = u.variants.map((v, i) => v.units.slice(cursor[i], ends[i]));
    if (segments.some((seg) => seg.length > 0)) {
      flushRun();
      items.push(variantAlt(u, segments, ctxs, step));
    }
    if (a >= 0) run.push(a);
    u.variants.forEach((_, i) => (cursor[i] = ends[i] + 1));
  }
  flushRun();
  return items;
}

function variantAlt(u: LoopUnit, segments: Unit[][], ctxs: ItemContext[], step: number): SequenceItem {
  const kind = u.root.resource?.kind ?? 'item';
  const shown = segments.findIndex((seg) => seg.length > 0);
  const firstEvent = flatEvents(segments[shown])[0];
  const branches = u.variants.map((v, i) => {
    const mine = flatEvents(segments[i]);
    const others = new Set(segments.filter((_, j) => j !== i).flatMap((seg) => flatEvents(seg)).map(workKey));
    const what = mine.find((e) => !others.has(workKey(e)))?.summary ?? mine[0]?.summary ?? 'nothing more';
    const items = segments[i].length > 0 ? toItems(segments[i], step, ctxs[i]) : [{ type: 'note' as const, id: `note:none:${firstEvent.id}:${i}`, over: [lane(firstEvent.from, ctxs[shown])], text: '—', step }];
    return { label: `${v.count} ${plural(kind, v.count)}: ${what}`, items };
  });
  return { type: 'alt', id: `alt:${firstEvent.id}`, branches, step };
}

/** Longest common subsequence of two key lists, as index pairs a → b. */
function lcsPairs(a: readonly string[], b: readonly string[]): Map<number, number> {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i][j] = a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
  }
  const pairs = new Map<number, number>();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) pairs.set(i++, j++);
    else if (table[i + 1][j] >= table[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

function unitKey(u: Unit, ctx: ItemContext): string {
  return u.kind === 'event' ? ctx.shape(u.event) : `loop:${ctx.shape(u.root)}`;
}

const NODE_LEVEL = new Set(['kubelet', 'container-runtime', 'dockershim', 'docker-engine', 'cni', 'kube-proxy', 'pod', 'container']);

/** Maps a variant's node-level components onto the first variant's components of the same kind. */
function aliasFor(units: readonly Unit[], representative: readonly Unit[], ctx: ItemContext): Map<string, string> {
  const firstOfKind = new Map<string, string>();
  for (const e of flatEvents(representative)) {
    for (const id of [e.from, e.to]) if (!firstOfKind.has(ctx.kindOf(id))) firstOfKind.set(ctx.kindOf(id), id);
  }
  const alias = new Map<string, string>();
  for (const e of flatEvents(units)) {
    for (const id of [e.from, e.to]) {
      const target = firstOfKind.get(ctx.kindOf(id));
      if (NODE_LEVEL.has(ctx.kindOf(id)) && target !== undefined) alias.set(id, target);
    }
  }
  return alias;
}

function workKey(e: TraceEvent): string {
  return [e.type, e.phase, e.action, e.verb, e.resource?.kind, e.status, e.result].join('|');
}

function flatEvents(units: readonly Unit[]): TraceEvent[] {
  return units.flatMap((u) => (u.kind === 'event' ? [u.event] : u.variants.flatMap((v) => flatEvents(v.units))));
}

function plural(kind: string, n: number): string {
  if (n === 1) return kind;
  return /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : kind.endsWith('y') ? `${kind.slice(0, -1)}ies` : `${kind}s`;
}
