import type { SequenceItem, SequenceMessage, SequenceSeparator, SequenceView } from '../../views/types.ts';
import { IdAllocator, d2String } from '../escape.ts';
import { EMPHASIS_STYLE } from '../mermaid/palette.ts';
import { participantOrder } from '../mermaid/sequence-common.ts';

/**
 * A D2 `sequence_diagram` container titled with the view's title. D2 numbers
 * nothing itself, so message labels carry their number; each step becomes a
 * group (D2 has no separators; an empty step is a note), loops and alt branches are nested groups, and
 * notes are children of the actor they are over. A lost message (a packet
 * dropped before its Pod) ends in a cross (`target-arrowhead.shape: cross`).
 * D2 cannot box actors, so boxes are not drawn; activations are not drawn either.
 */
export function sequenceToD2(view: SequenceView): string {
  const ids = new IdAllocator();
  const actor = (viewId: string) => ids.get('p', viewId);
  const lines = [`seq: ${d2String(view.title)} {`, '  shape: sequence_diagram'];
  for (const p of participantOrder(view).flatMap((g) => g.participants)) {
    const label = p.sublabel ? `${p.label}\n${p.sublabel}` : p.label;
    lines.push(`  ${actor(p.id)}: ${d2String(label)}`);
  }
  const first = view.participants[0]?.id;
  const ctx: Ctx = { actor, key: (prefix, id) => ids.get(prefix, id), lines, first: first === undefined ? null : actor(first) };
  emitSteps(view.items, ctx);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

interface Ctx {
  actor: (viewId: string) => string;
  key: (prefix: string, viewId: string) => string;
  lines: string[];
  /** The first actor: nested separators become notes on it. */
  first: string | null;
}

/**
 * Items before the first separator stay at top level; each separator opens a
 * group. A step that draws nothing (and the setup band) becomes a note on the
 * first actor instead: D2 would draw an empty group as one more actor.
 */
function emitSteps(items: readonly SequenceItem[], ctx: Ctx): void {
  const segments: { separator: SequenceSeparator | null; items: SequenceItem[] }[] = [{ separator: null, items: [] }];
  for (const item of items) {
    if (item.type === 'separator') segments.push({ separator: item, items: [] });
    else segments[segments.length - 1]!.items.push(item);
  }
  for (const { separator, items: body } of segments) {
    if (separator === null) {
      for (const item of body) emitItem(item, ctx, '  ');
    } else if (hasContent(body, ctx)) {
      ctx.lines.push(`  ${ctx.key('s', separator.id)}: ${d2String(separator.title)} {`);
      for (const item of body) emitItem(item, ctx, '    ');
      ctx.lines.push('  }');
    } else if (ctx.first !== null) {
      ctx.lines.push(`  ${ctx.first}.${ctx.key('note', separator.id)}: ${d2String([separator.title, ...(separator.state ?? [])].join('\n'))}`);
    }
  }
}

function emitItem(item: SequenceItem, ctx: Ctx, indent: string): void {
  switch (item.type) {
    case 'message':
      ctx.lines.push(...messageLines(item, ctx).map((l) => `${indent}${l}`));
      return;
    case 'note': {
      const over = item.over[0];
      if (over !== undefined) ctx.lines.push(`${indent}${ctx.actor(over)}.${ctx.key('note', item.id)}: ${d2String(item.text)}`);
      return;
    }
    case 'separator':
      // Only top-level separators open step groups; a nested one becomes a note.
      if (ctx.first !== null) ctx.lines.push(`${indent}${ctx.first}.${ctx.key('note', item.id)}: ${d2String([item.title, ...(item.state ?? [])].join('\n'))}`);
      return;
    case 'loop':
      emitGroup(ctx.key('loop', item.id), `loop: ${item.label}`, item.items, ctx, indent);
      return;
    case 'alt':
      if (!hasContent([item], ctx)) return;
      ctx.lines.push(`${indent}${ctx.key('alt', item.id)}: "alt" {`);
      item.branches.forEach((b, i) => emitGroup(ctx.key('branch', `${item.id}/${i}`), `[${b.label}]`, b.items, ctx, `${indent}  `));
      ctx.lines.push(`${indent}}`);
      return;
  }
}

/**
 * Whether items draw anything. D2 (0.7) crashes on an empty group nested in
 * another group, so empty loops and branches are left out.
 */
function hasContent(items: readonly SequenceItem[], ctx: Ctx): boolean {
  return items.some((item) => {
    switch (item.type) {
      case 'message':
        return true;
      case 'note':
        return item.over.length > 0;
      case 'separator':
        return ctx.first !== null;
      case 'loop':
        return hasContent(item.items, ctx);
      case 'alt':
        return item.branches.some((b) => hasContent(b.items, ctx));
    }
  });
}

function emitGroup(key: string, label: string, items: readonly SequenceItem[], ctx: Ctx, indent: string): void {
  if (!hasContent(items, ctx)) return;
  ctx.lines.push(`${indent}${key}: ${d2String(label)} {`);
  for (const item of items) emitItem(item, ctx, `${indent}  `);
  ctx.lines.push(`${indent}}`);
}

function messageLines(m: SequenceMessage, ctx: Ctx): string[] {
  const from = ctx.actor(m.from);
  const to = m.arrow === 'self' ? from : ctx.actor(m.to);
  const head = `${from} -> ${to}: ${d2String(`${m.number}. ${m.label}`)}`;
  const style: string[] = [];
  if (m.arrow === 'reply' || m.arrow === 'async') style.push('style.stroke-dash: 4');
  if (m.emphasis !== 'normal') {
    const s = EMPHASIS_STYLE[m.emphasis];
    style.push(`style.stroke: "${s.stroke}"`);
  }
  // A lost message (a packet a NetworkPolicy dropped before its Pod) ends in a cross, as the SVG draws it.
  if (m.lost === true) style.push('target-arrowhead.shape: cross');
  if (style.length === 0) return [head];
  return [`${head} {`, ...style.map((l) => `  ${l}`), '}'];
}
