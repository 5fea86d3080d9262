import type { SequenceItem, SequenceMessage, SequenceView } from '../../views/types.ts';
import { IdAllocator, plantUmlText } from '../escape.ts';
import { BOX_HEX, EMPHASIS_STYLE } from '../mermaid/palette.ts';
import { ActivationTracker, participantOrder } from '../mermaid/sequence-common.ts';

/**
 * A PlantUML sequence diagram: `autonumber`, `box … end box`, `loop`,
 * `alt/else/end`, `note over`, `== step ==` separators, explicit
 * `activate`/`deactivate`. User text is always inside quotes or after a
 * keyword or colon, and escaped so it cannot start a line of its own.
 */
export function sequenceToPlantUml(view: SequenceView): string {
  const alloc = new IdAllocator();
  const ids = (viewId: string) => alloc.get('p', viewId);
  const lines = ['@startuml', ...titleLines(view.title), 'autonumber'];
  lines.push(...participantLines(view, ids));
  const order = participantOrder(view).flatMap((g) => g.participants.map((p) => ids(p.id)));
  const span = order.length === 0 ? '' : order.length === 1 ? order[0]! : `${order[0]}, ${order[order.length - 1]}`;
  const ctx: Ctx = { ids, lines, span, counter: { next: 1 }, active: new ActivationTracker() };
  for (const item of view.items) emitItem(item, ctx, '');
  lines.push('@enduml');
  return `${lines.join('\n')}\n`;
}

export function titleLines(title: string): string[] {
  return title.trim() === '' ? [] : [`title ${plantUmlText(title)}`];
}

interface Ctx {
  ids: (viewId: string) => string;
  lines: string[];
  /** `first, last` participant ids: what the setup band's note spans. */
  span: string;
  counter: { next: number };
  active: ActivationTracker;
}

function participantLines(view: SequenceView, ids: (viewId: string) => string): string[] {
  const lines: string[] = [];
  const boxIndex = new Map(view.boxes.map((b, i) => [b.id, i]));
  for (const group of participantOrder(view)) {
    const i = group.box === null ? undefined : boxIndex.get(group.box);
    const box = i === undefined ? undefined : view.boxes[i];
    if (box) lines.push(`box "${plantUmlText(box.label)}" ${BOX_HEX[i! % BOX_HEX.length]}`);
    for (const p of group.participants) {
      const label = p.sublabel ? `${plantUmlText(p.label)}\\n${plantUmlText(p.sublabel)}` : plantUmlText(p.label);
      lines.push(`${box ? '  ' : ''}participant "${label}" as ${ids(p.id)}`);
    }
    if (box) lines.push('end box');
  }
  return lines;
}

function emitItem(item: SequenceItem, ctx: Ctx, indent: string): void {
  switch (item.type) {
    case 'message':
      emitMessage(item, ctx, indent);
      return;
    case 'note': {
      const over = item.over.map(ctx.ids);
      if (over.length === 0) return;
      const span = over.length === 1 ? over[0] : `${over[0]}, ${over[over.length - 1]}`;
      ctx.lines.push(`${indent}note over ${span} : ${plantUmlText(item.text)}`);
      return;
    }
    case 'separator':
      ctx.lines.push(`${indent}== ${plantUmlText(item.title)} ==`);
      // The setup band's state: one note across every participant.
      if (item.state && item.state.length > 0 && ctx.span !== '') ctx.lines.push(`${indent}note over ${ctx.span} : ${plantUmlText(item.state.join('\n'))}`);
      return;
    case 'loop':
      ctx.lines.push(`${indent}loop ${plantUmlText(item.label)}`);
      for (const child of item.items) emitItem(child, ctx, `${indent}  `);
      ctx.lines.push(`${indent}end`);
      return;
    case 'alt':
      if (item.branches.length === 0) return;
      item.branches.forEach((b, i) => {
        ctx.lines.push(`${indent}${i === 0 ? 'alt' : 'else'} ${plantUmlText(b.label)}`);
        for (const child of b.items) emitItem(child, ctx, `${indent}  `);
      });
      ctx.lines.push(`${indent}end`);
      return;
  }
}

/** Arrow shafts and heads: `-` + (`-` for a dashed reply) + head. */
const ARROWS: Record<SequenceMessage['arrow'], { dashed: boolean; head: string }> = {
  sync: { dashed: false, head: '>' },
  reply: { dashed: true, head: '>' },
  async: { dashed: false, head: '>>' },
  self: { dashed: false, head: '>' },
};

/**
 * `->`, `-->`, `->>`; an emphasised message in its colour (`-[#dc2626]>`, a
 * failed request or reply, which arrives); a lost message (a packet a
 * NetworkPolicy dropped before its Pod) ends in PlantUML's lost-message
 * cross (`-[#dc2626]>x`), as the SVG draws it short of the Pod.
 */
export function plantUmlArrow(m: Pick<SequenceMessage, 'arrow' | 'emphasis' | 'lost'>): string {
  const { dashed, head } = ARROWS[m.arrow];
  const colour = m.emphasis === 'normal' ? '' : `[${EMPHASIS_STYLE[m.emphasis].stroke}]`;
  return `-${colour}${dashed ? '-' : ''}${m.lost === true ? '>x' : head}`;
}

function emitMessage(m: SequenceMessage, ctx: Ctx, indent: string): void {
  if (m.number !== ctx.counter.next) ctx.lines.push(`${indent}autonumber ${m.number}`);
  ctx.counter.next = m.number + 1;
  const from = ctx.ids(m.from);
  const to = m.arrow === 'self' ? from : ctx.ids(m.to);
  ctx.lines.push(`${indent}${from} ${plantUmlArrow(m)} ${to} : ${plantUmlText(m.label)}`);
  const change = ctx.active.change(m, from, to);
  if (change.deactivate !== null) ctx.lines.push(`${indent}deactivate ${change.deactivate}`);
  if (change.activate !== null) ctx.lines.push(`${indent}activate ${change.activate}`);
}
