/**
 * The diff as a sequence diagram: the merged event list drawn as messages,
 * added ones green (`success`), removed ones red (`danger`), changed ones
 * amber (`warning`), unchanged ones plain. Plain data (a SequenceView); the
 * native renderer draws it like any other sequence view.
 */
import type { Component, Trace, TraceEvent } from '../trace/types.ts';
import type { DiffOp, TraceDiff } from '../trace/diff.ts';
import { iconFor } from './common/components.ts';
import type { Emphasis, SequenceItem, SequenceNote, SequenceParticipant, SequenceView } from './types.ts';
import { plural } from '../common/text.ts';


const EMPHASIS: Record<DiffOp, Emphasis> = { same: 'normal', added: 'success', removed: 'danger', changed: 'warning', moved: 'warning' };

function arrowOf(e: TraceEvent): 'sync' | 'reply' | 'async' | 'self' {
  if (e.from === e.to) return 'self';
  if (e.type === 'response') return 'reply';
  if (e.type === 'watch') return 'async';
  return 'sync';
}

/** Participants: b's components in b's order, then those only a has (removed actors still need a lifeline). */
function participants(a: Trace, b: Trace, used: Set<string>): SequenceParticipant[] {
  const seen = new Map<string, Component>();
  for (const c of [...b.components, ...a.components]) if (!seen.has(c.id)) seen.set(c.id, c);
  for (const id of used) {
    if (!seen.has(id)) seen.set(id, { id, kind: 'external', name: id, host: null, group: 'external' });
  }
  return [...seen.values()]
    .filter((c) => used.has(c.id))
    .map((c) => ({ id: c.id, label: c.name, icon: iconFor(c.kind), box: null }));
}

export interface DiffSequenceOptions {
  /**
   * Unchanged messages kept around each change; longer unchanged runs are
   * folded into one note. Infinity draws everything.
   */
  context?: number;
}

/** Which merged entries are drawn: every change, and `context` unchanged ones on either side of it. */
function visibleEntries(diff: TraceDiff, context: number): boolean[] {
  const n = diff.events.length;
  const visible = new Array<boolean>(n).fill(!Number.isFinite(context));
  if (Number.isFinite(context)) {
    diff.events.forEach((d, i) => {
      if (d.op === 'same') return;
      for (let j = Math.max(0, i - context); j <= Math.min(n - 1, i + context); j++) visible[j] = true;
    });
  }
  return visible;
}

export function buildDiffSequence(diff: TraceDiff, a: Trace, b: Trace, opts: DiffSequenceOptions = {}): SequenceView {
  const visible = visibleEntries(diff, opts.context ?? 3);
  const items: SequenceItem[] = [];
  const used = new Set<string>();
  const folds: SequenceNote[] = [];
  let lastStep = -1;
  let n = 0;
  let folded = 0;
  const flushFold = (step: number) => {
    if (folded === 0) return;
    const note: SequenceNote = { type: 'note', id: `fold-${items.length}`, over: [], text: `… ${plural(folded, 'unchanged interaction')}`, step };
    items.push(note);
    folds.push(note);
    folded = 0;
  };
  diff.events.forEach((d, i) => {
    const e = (d.b ?? d.a)!;
    if (!visible[i]) {
      folded++;
      return;
    }
    flushFold(e.step);
    const stepTitle = (d.b ? b : a).steps.find((s) => s.number === e.step)?.title ?? `step ${e.step}`;
    if (e.step !== lastStep) {
      items.push({ type: 'separator', id: `sep-${items.length}`, step: e.step, title: `${e.step}. ${stepTitle}` });
      lastStep = e.step;
    }
    used.add(e.from);
    used.add(e.to);
    n++;
    const mark = d.op === 'added' ? '+ ' : d.op === 'removed' ? '− ' : d.op === 'changed' ? '~ ' : d.op === 'moved' ? '↕ ' : '';
    const change = d.changes && d.changes.length > 0 ? ` (${(d.changes ?? []).map((c) => `${c.field} ${String(c.a)}→${String(c.b)}`).join(', ')})` : '';
    items.push({
      type: 'message',
      id: `m${n}-${d.op}-${e.id}`,
      number: n,
      from: e.from,
      to: e.to,
      label: `${mark}${e.summary}${change}`,
      arrow: arrowOf(e),
      emphasis: EMPHASIS[d.op],
      step: e.step,
      events: [e.id],
    });
  });
  flushFold(lastStep < 0 ? 1 : lastStep);
  const people = participants(a, b, used);
  if (people.length === 0) {
    // Nothing changed and nothing is drawn: still a valid diagram with one lifeline.
    const first = (b.components[0] ?? a.components[0])!;
    people.push({ id: first.id, label: first.name, icon: iconFor(first.kind), box: null });
  }
  // Folds span the whole diagram: they stand for interactions between any participants.
  for (const note of folds) note.over = people.length > 1 ? [people[0]!.id, people[people.length - 1]!.id] : [people[0]!.id];
  return {
    kind: 'sequence',
    title: `diff: ${diff.a.label} → ${diff.b.label}`,
    boxes: [],
    participants: people,
    items,
    steps: b.steps.map((s) => ({ number: s.number, title: s.title })),
  };
}
