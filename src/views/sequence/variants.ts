/**
 * Folded loops → items. One variant: its items. Several: the variants are
 * aligned (longest common subsequence of unit shapes); what all share is
 * drawn once, from the first variant, and each stretch where they differ
 * becomes an `alt` with one branch per kind of difference, drawn on the first
 * variant's lanes.
 */
import type { TraceEvent } from '../../trace/types.ts';
import type { SequenceItem } from '../types.ts';
import { isEventRecord, isFailure } from '../common/interactions.ts';
import type { LoopUnit, Unit } from './arrange.ts';
import type { ItemContext } from './context.ts';
import { runsOnNode } from './node-level.ts';

export function loopItem(u: LoopUnit, step: number, ctx: ItemContext): SequenceItem {
  const label = u.root.resource?.kind ? `for each of ${u.count} ${plural(u.root.resource.kind, u.count)}` : u.root.type === 'packet' ? `for each of ${u.count} requests` : `×${u.count}`;
  return { type: 'loop', id: `loop:${u.root.id}`, label, count: u.count, items: loopBody(u, step, ctx), step };
}

function loopBody(u: LoopUnit, step: number, ctx: ItemContext): SequenceItem[] {
  const first = u.variants[0]!; // a loop has at least one variant (Arranger.loop: one per deep shape of its group)
  if (u.variants.length === 1) return ctx.toItems(first.units, step, ctx);
  const ctxs = u.variants.map((v, i) => (i === 0 ? ctx : { ...ctx, alias: aliasFor(v.units, first.units, ctx) }));
  const keys = u.variants.map((v) => v.units.map((x) => unitKey(x, ctx)));
  const firstKeys = keys[0]!; // keys has one entry per variant, and there is at least one
  const pairs = keys.slice(1).map((k) => lcsPairs(firstKeys, k));
  const anchors = firstKeys.map((_, i) => i).filter((i) => pairs.every((p) => p.has(i)));
  const items: SequenceItem[] = [];
  const cursor = u.variants.map(() => 0);
  let run: number[] = [];
  const flushRun = (): void => {
    if (run.length > 0) items.push(...ctx.toItems(first.units.slice(run[0], run[run.length - 1]! + 1), step, ctx)); // run.length > 0: checked first
    run = [];
  };
  for (const a of [...anchors, -1]) {
    const ends = u.variants.map((v, i) => (a < 0 ? v.units.length : i === 0 ? a : pairs[i - 1]!.get(a)!)); // pairs[i - 1] aligns variant i > 0; a is an anchor, so every pair has it
    const segments = u.variants.map((v, i) => v.units.slice(cursor[i], ends[i]));
    const shown = segments.findIndex((seg) => seg.length > 0);
    if (shown >= 0 && segments.every((seg) => seg.every(isRecordedPhase))) {
      // Phases recorded for some members only (the model records a handler chain once per kind of
      // request): the chain ran for all of them, so draw it once instead of an alt.
      flushRun();
      items.push(...ctx.toItems(segments[shown]!, step, ctxs[shown]!)); // shown >= 0; segments and ctxs have one entry per variant
    } else if (shown >= 0) {
      flushRun();
      items.push(...variantAlt(u, segments, ctxs, step));
    }
    if (a >= 0) run.push(a);
    u.variants.forEach((_, i) => (cursor[i] = ends[i]! + 1)); // ends has one entry per variant
  }
  flushRun();
  return items;
}

/**
 * One stretch where the variants differ. Variants whose stretches are alike
 * share a branch (their counts add up); if all are alike, no alt at all.
 */
function variantAlt(u: LoopUnit, segments: Unit[][], ctxs: ItemContext[], step: number): SequenceItem[] {
  const kind = u.root.resource?.kind ?? (u.root.type === 'packet' ? 'request' : 'time');
  const groups = new Map<string, { first: number; count: number }>();
  // segments, ctxs and u.variants have one entry per variant: an index of one indexes all three.
  segments.forEach((seg, i) => {
    const ctxI = ctxs[i]!, variant = u.variants[i]!; // i indexes segments (see above)
    const key = seg.map((x) => unitKey(x, ctxI)).join('\n');
    const g = groups.get(key);
    if (g) g.count += variant.count;
    else groups.set(key, { first: i, count: variant.count });
  });
  const list = [...groups.values()];
  const only = list.length === 1 ? list[0]! : undefined; // list.length === 1: list[0] exists
  if (only) return ctxs[0]!.toItems(segments[only.first]!, step, ctxs[only.first]!); // first is an index of segments (see above)
  const shown = segments.findIndex((seg) => seg.length > 0);
  // loopBody calls this only when some segment is non-empty (shown >= 0), and every unit holds at least its root event.
  const firstEvent = flatEvents(segments[shown]!)[0]!;
  // Members that did nothing here get no branch (an empty branch would only say "—"); the
  // branches' counts tell how many did what.
  const branches = list.filter(({ first: i }) => segments[i]!.length > 0).map(({ first: i, count }) => {
    const seg = segments[i]!; // first is an index of segments (see above)
    const mine = flatEvents(seg);
    const others = new Set(list.filter((g) => g.first !== i).flatMap((g) => flatEvents(segments[g.first]!)).map(workKey));
    const distinct = mine.filter((e) => !others.has(workKey(e)));
    const what = (distinct.find((e) => !isEventRecord(e)) ?? distinct[0] ?? mine[0])?.summary;
    const ctxI = ctxs[i]!;
    const items = ctxI.toItems(seg, step, ctxI);
    return { label: `${count} ${plural(kind, count)}${what !== undefined ? `: ${what}` : ''}`, items };
  });
  return [{ type: 'alt', id: `alt:${firstEvent.id}`, branches, step }];
}

/** Beyond this table size (huge loop bodies) the alignment is common prefix + common suffix only. */
const MAX_LCS_CELLS = 4_000_000;

function prefixSuffixPairs(a: readonly string[], b: readonly string[]): Map<number, number> {
  const pairs = new Map<number, number>();
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) pairs.set(p, p++);
  for (let q = 1; q <= Math.min(a.length, b.length) - p && a[a.length - q] === b[b.length - q]; q++) pairs.set(a.length - q, b.length - q);
  return pairs;
}

/** Longest common subsequence of two key lists, as index pairs a → b. */
function lcsPairs(a: readonly string[], b: readonly string[]): Map<number, number> {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_LCS_CELLS) return prefixSuffixPairs(a, b);
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  // The table has n + 1 rows of m + 1 cells; every index below stays within i <= n, j <= m.
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i]!, below = table[i + 1]!;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? below[j + 1]! + 1 : Math.max(below[j]!, row[j + 1]!);
  }
  const pairs = new Map<number, number>();
  for (let i = 0, j = 0; i < n && j < m; ) {
    if (a[i] === b[j]) pairs.set(i++, j++);
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++; // i < n, j < m: within the table
    else j++;
  }
  return pairs;
}

function isRecordedPhase(u: Unit): boolean {
  return u.kind === 'event' && u.event.type === 'phase' && !isFailure(u.event.result);
}

function unitKey(u: Unit, ctx: ItemContext): string {
  return u.kind === 'event' ? ctx.shape(u.event) : `loop:${ctx.shape(u.root)}`;
}

/**
 * Maps a variant's node-level components onto the first variant's: the k-th
 * distinct kubelet (pod, cni …) it uses onto the k-th the first variant uses,
 * so two different components never collapse into one lane.
 */
function aliasFor(units: readonly Unit[], representative: readonly Unit[], ctx: ItemContext): Map<string, string> {
  // Node-level lanes grouped by what they stand for (a canary's Pod is not mapped onto a stable Pod's lane).
  const byClass = (list: readonly Unit[]): Map<string, string[]> => {
    const out = new Map<string, string[]>();
    for (const e of flatEvents(list)) {
      for (const id of [e.from, e.to]) {
        if (!runsOnNode(ctx.kindOf(id))) continue;
        const cls = ctx.laneClass?.(id) ?? ctx.kindOf(id);
        const ids = out.get(cls) ?? [];
        if (!ids.includes(id)) ids.push(id);
        out.set(cls, ids);
      }
    }
    return out;
  };
  const targets = byClass(representative);
  const alias = new Map<string, string>();
  for (const [cls, ids] of byClass(units)) {
    ids.forEach((id, k) => {
      const target = targets.get(cls)?.[k];
      if (target !== undefined) alias.set(id, target);
    });
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
