/**
 * The fixed parts of a sequence diagram: participant header cards, the boxes
 * around participant groups, and which steps each participant takes part in.
 */
import type { SequenceItem, SequenceView } from '../views/types.ts';
import type { LaidNode } from './types.ts';
import { lineHeight } from './measure.ts';
import { SPACE, TYPE } from './style.ts';
import { headerPadX, ICON_ABOVE, seqLabel, type Header, type SeqMetrics } from './sequence-columns.ts';

export const BOX_BAND = 30;

export function participantSteps(view: SequenceView): Map<string, Set<number>> {
  const steps = new Map<string, Set<number>>(view.participants.map((p) => [p.id, new Set()]));
  const walk = (items: readonly SequenceItem[]) => {
    for (const it of items) {
      if (it.type === 'message') {
        steps.get(it.from)?.add(it.step);
        steps.get(it.to)?.add(it.step);
      } else if (it.type === 'note') it.over.forEach((id) => steps.get(id)?.add(it.step));
      else if (it.type === 'loop') walk(it.items);
      else if (it.type === 'alt') it.branches.forEach((b) => walk(b.items));
    }
  };
  walk(view.items);
  return steps;
}

/**
 * A participant's card. With `m.iconAbove` (narrow cards) the icon stands
 * centred above the centred name (the renderer draws a participant's icon
 * there when its label is centred); else left of it.
 */
export function headerNode(view: SequenceView, i: number, x: number, top: number, h: Header, steps: number[], m: SeqMetrics): LaidNode {
  const p = view.participants[i]!;
  const left = x - h.width / 2;
  const icon = p.icon !== 'none';
  const padX = headerPadX(m);
  const textX = left + padX + (icon && !m.iconAbove ? SPACE.icon + SPACE.iconGap : 0);
  const avail = h.width - (textX - left) - padX;
  const above = icon && m.iconAbove ? ICON_ABOVE : 0;
  const textH = h.label.height + (h.sublabel ? h.sublabel.height + 2 : 0);
  const ty = top + above + (h.height - above - textH) / 2;
  const node: LaidNode = {
    id: p.id,
    parent: p.box !== null && view.boxes.some((b) => b.id === p.box) ? p.box : null,
    kind: 'participant',
    x: left,
    y: top,
    width: h.width,
    height: h.height,
    label: { ...h.label, x: textX, y: ty, width: avail },
    emphasis: 'normal',
    steps,
  };
  if (h.sublabel) node.sublabel = { ...h.sublabel, x: textX, y: ty + h.label.height + 2, width: avail };
  if (icon) node.icon = p.icon;
  return node;
}

/** A rounded band behind the participants of each box, with the box name on top. */
export function boxNodes(view: SequenceView, parts: readonly LaidNode[], top: number, bottom: number, pad: number): LaidNode[] {
  const out: LaidNode[] = [];
  for (const box of view.boxes) {
    const members = parts.filter((p) => p.parent === box.id);
    if (members.length === 0) continue;
    const x = Math.min(...members.map((m) => m.x)) - pad;
    const right = Math.max(...members.map((m) => m.x + m.width)) + pad;
    const label = seqLabel(box.label, TYPE.groupLabel, Math.max(60, right - x - 24), 1, 'middle');
    const lh = lineHeight(TYPE.groupLabel);
    out.push({
      id: box.id,
      parent: null,
      kind: 'box',
      x,
      y: top,
      width: right - x,
      height: bottom - top,
      label: { ...label, x: x + (right - x - label.width) / 2, y: top + (BOX_BAND - lh) / 2 },
      emphasis: 'normal',
      steps: [...new Set(members.flatMap((m) => m.steps))].sort((a, c) => a - c),
    });
  }
  return out;
}
