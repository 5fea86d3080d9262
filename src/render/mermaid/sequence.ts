import type { SequenceItem, SequenceMessage, SequenceParticipant, SequenceSeparator, SequenceView } from '../../views/types.ts';
import { IdAllocator, mermaidText } from '../escape.ts';
import { BOX_COLOURS } from './palette.ts';
import { frontMatter } from './front-matter.ts';
import { participantOrder, ActivationTracker } from './sequence-common.ts';

/**
 * `sequenceDiagram` with `autonumber`, participant boxes, loops, alt, notes
 * and step separators (a note spanning all participants). User text only ever
 * appears escaped, after a keyword or colon, never where it could end a block.
 */
export function sequenceToMermaid(view: SequenceView): string {
  const ids = participantIds(view);
  const lines = [...frontMatter(view.title), 'sequenceDiagram', '  autonumber'];
  lines.push(...participantLines(view, ids));
  const ctx: Ctx = { ids, lines, span: spanOf(view, ids), counter: { next: 1 }, active: new ActivationTracker() };
  emitItems(view.items, ctx, '  ');
  return `${lines.join('\n')}\n`;
}

interface Ctx {
  ids: (viewId: string) => string;
  lines: string[];
  /** `first,last` participant ids: what a separator spans. */
  span: string;
  /** The number Mermaid's autonumber will give the next message. */
  counter: { next: number };
  active: ActivationTracker;
}

function participantIds(view: SequenceView): (viewId: string) => string {
  const alloc = new IdAllocator();
  for (const p of view.participants) alloc.get('p', p.id);
  return (viewId) => alloc.get('p', viewId);
}

function participantLines(view: SequenceView, ids: (viewId: string) => string): string[] {
  const lines: string[] = [];
  const boxIndex = new Map(view.boxes.map((b, i) => [b.id, i]));
  for (const group of participantOrder(view)) {
    const box = group.box === null ? undefined : view.boxes[boxIndex.get(group.box) ?? -1];
    const indent = box ? '    ' : '  ';
    if (box) lines.push(`  box ${BOX_COLOURS[boxIndex.get(box.id)! % BOX_COLOURS.length]} ${mermaidText(box.label, 'box')}`);
    for (const p of group.participants) lines.push(`${indent}participant ${ids(p.id)} as ${participantText(p)}`);
    if (box) lines.push('  end');
  }
  return lines;
}

function participantText(p: SequenceParticipant): string {
  const main = mermaidText(p.label, 'alias');
  return p.sublabel ? `${main}<br>${mermaidText(p.sublabel, 'alias')}` : main;
}

function spanOf(view: SequenceView, ids: (viewId: string) => string): string {
  const order = participantOrder(view).flatMap((g) => g.participants);
  if (order.length === 0) return '';
  const first = ids(order[0]!.id);
  const last = ids(order[order.length - 1]!.id);
  return first === last ? first : `${first},${last}`;
}

function emitItems(items: readonly SequenceItem[], ctx: Ctx, indent: string): void {
  for (const item of items) emitItem(item, ctx, indent);
}

function emitItem(item: SequenceItem, ctx: Ctx, indent: string): void {
  switch (item.type) {
    case 'message':
      emitMessage(item, ctx, indent);
      return;
    case 'note':
      ctx.lines.push(`${indent}Note over ${noteSpan(item.over, ctx)}: ${mermaidText(item.text)}`);
      return;
    case 'separator':
      if (ctx.span !== '') ctx.lines.push(`${indent}Note over ${ctx.span}: ${separatorText(item)}`);
      return;
    case 'loop':
      ctx.lines.push(`${indent}loop ${mermaidText(item.label)}`);
      emitBlockBody(item.items, ctx, indent);
      ctx.lines.push(`${indent}end`);
      return;
    case 'alt':
      item.branches.forEach((branch, i) => {
        ctx.lines.push(`${indent}${i === 0 ? 'alt' : 'else'} ${mermaidText(branch.label)}`);
        emitBlockBody(branch.items, ctx, indent);
      });
      if (item.branches.length > 0) ctx.lines.push(`${indent}end`);
      return;
  }
}

/** Mermaid rejects an empty block; a blank note keeps an empty branch valid. */
function emitBlockBody(items: readonly SequenceItem[], ctx: Ctx, indent: string): void {
  if (items.length > 0) emitItems(items, ctx, `${indent}  `);
  else if (ctx.span !== '') ctx.lines.push(`${indent}  Note over ${ctx.span}: #8230;`);
}

/** A step title; the setup band adds the state it left, one line each. */
function separatorText(item: SequenceSeparator): string {
  return [item.title, ...(item.state ?? [])].map((l) => mermaidText(l)).join('<br>');
}

function noteSpan(over: readonly string[], ctx: Ctx): string {
  if (over.length === 0) return ctx.span;
  const first = ctx.ids(over[0]!);
  const last = ctx.ids(over[over.length - 1]!);
  return first === last ? first : `${first},${last}`;
}

const ARROWS: Record<SequenceMessage['arrow'], string> = {
  sync: '->>',
  reply: '-->>',
  async: '-)',
  self: '->>',
};

function emitMessage(m: SequenceMessage, ctx: Ctx, indent: string): void {
  // Keep Mermaid's autonumber in step with our numbering if the view skips.
  if (m.number !== ctx.counter.next) ctx.lines.push(`${indent}autonumber ${m.number}`);
  ctx.counter.next = m.number + 1;
  const from = ctx.ids(m.from);
  const to = m.arrow === 'self' ? from : ctx.ids(m.to);
  const arrow = m.emphasis === 'danger' ? (m.arrow === 'reply' ? '--x' : '-x') : ARROWS[m.arrow];
  const { marker, after } = ctx.active.apply(m, from, to);
  ctx.lines.push(`${indent}${from}${arrow}${marker}${to}: ${mermaidText(m.label)}`);
  for (const id of after) ctx.lines.push(`${indent}deactivate ${id}`);
}
