/**
 * Sequence diagram columns: one per participant, spaced so that every
 * message label fits between the two lifelines it joins and every self-call
 * label fits before the next lifeline.
 */
import type { SequenceItem, SequenceParticipant } from '../views/types.ts';
import type { LaidLabel } from './types.ts';
import { wrapText, type TextStyle } from './measure.ts';
import { SPACE, TYPE } from './style.ts';

export interface SeqMetrics {
  /** Max width of a message label before it wraps. */
  labelMax: number;
  headerTextMax: number;
  /** Lines a participant name may wrap to. */
  headerLines: number;
  headerMinWidth: number;
  minGap: number;
  /** Smallest distance between two lifelines. */
  minColumn: number;
  /** Room for the number badge at the start of an arrow. */
  badgeRoom: number;
  selfLoopWidth: number;
  noteMax: number;
  /** Lifelines longer than this get the participant cards repeated at the bottom (Infinity: never). */
  mirrorAfter: number;
  /** Vertical space between rows. */
  rowGap: number;
  /** Height of a step's title band. */
  separatorH: number;
  /** Participant sublabels (`API server`, `on worker-1..3`). */
  sublabel: TextStyle;
}

export const SEQ: SeqMetrics = {
  labelMax: 240,
  headerTextMax: 150,
  headerLines: 2,
  headerMinWidth: 110,
  minGap: 36,
  minColumn: 130,
  badgeRoom: 30,
  selfLoopWidth: 28,
  noteMax: 240,
  mirrorAfter: 720,
  rowGap: 14,
  separatorH: 28,
  sublabel: TYPE.sublabel,
};

/**
 * The `summary` level is drawn for a slide: narrow columns (names wrap,
 * labels wrap early) so that about ten lanes fit 1280 px at full text size,
 * and no repeated participant row.
 */
export const SEQ_SUMMARY: SeqMetrics = {
  labelMax: 104,
  headerTextMax: 84,
  headerLines: 2,
  headerMinWidth: 80,
  minGap: 10,
  minColumn: 84,
  badgeRoom: 22,
  selfLoopWidth: 24,
  noteMax: 180,
  mirrorAfter: Infinity,
  rowGap: 6,
  separatorH: 24,
  // No text under 12 px on a slide.
  sublabel: { size: 12, weight: 'regular' },
};

export function seqLabel(text: string, style: TextStyle, maxWidth: number, maxLines: number, align: LaidLabel['align'] = 'middle'): LaidLabel {
  const m = wrapText(text, style, maxWidth, maxLines);
  return { text, x: 0, y: 0, width: m.width, height: m.height, lines: m.lines, size: style.size, weight: style.weight, align };
}

export interface Header {
  width: number;
  height: number;
  label: LaidLabel;
  sublabel?: LaidLabel;
}

/** Participant header cards; all the same height for a clean top row. */
export function headers(participants: readonly SequenceParticipant[], m: SeqMetrics = SEQ): Header[] {
  const raw = participants.map((p) => {
    const label = seqLabel(p.label, TYPE.label, m.headerTextMax, m.headerLines, 'start');
    const sublabel = p.sublabel ? seqLabel(p.sublabel, m.sublabel, m.headerTextMax, m.headerLines, 'start') : undefined;
    const icon = p.icon !== 'none' ? SPACE.icon + SPACE.iconGap : 0;
    const text = Math.max(label.width, sublabel?.width ?? 0);
    const height = label.height + (sublabel ? sublabel.height + 2 : 0);
    return { width: Math.max(m.headerMinWidth, Math.ceil(2 * SPACE.padX + icon + text + 2)), textHeight: height, label, sublabel };
  });
  const height = Math.max(48, ...raw.map((r) => Math.ceil(r.textHeight + 2 * SPACE.padY)));
  return raw.map((r) => (r.sublabel ? { width: r.width, height, label: r.label, sublabel: r.sublabel } : { width: r.width, height, label: r.label }));
}

interface Need {
  from: number;
  to: number;
  width: number;
}

function collectNeeds(items: readonly SequenceItem[], index: Map<string, number>, out: Need[], SEQ: SeqMetrics): void {
  for (const item of items) {
    if (item.type === 'message') {
      const a = index.get(item.from);
      const b = index.get(item.to);
      if (a === undefined || b === undefined) continue;
      const label = seqLabel(item.label, TYPE.edgeLabel, SEQ.labelMax, 2);
      if (a === b) out.push({ from: a, to: a + 1, width: SEQ.selfLoopWidth + 12 + label.width + 16 });
      else out.push({ from: Math.min(a, b), to: Math.max(a, b), width: label.width + 2 * SEQ.badgeRoom });
    } else if (item.type === 'note' && item.over.length >= 2) {
      const cols = item.over.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      const note = seqLabel(item.text, TYPE.note, SEQ.noteMax * 1.5, 3);
      if (cols.length >= 2) out.push({ from: Math.min(...cols), to: Math.max(...cols), width: note.width - 40 });
    } else if (item.type === 'loop') {
      collectNeeds(item.items, index, out, SEQ);
    } else if (item.type === 'alt') {
      for (const b of item.branches) collectNeeds(b.items, index, out, SEQ);
    }
  }
}

/**
 * Lifeline x positions (relative, first at 0) and the extra room needed
 * right of the last lifeline for its self-call labels.
 */
export function columns(participants: readonly SequenceParticipant[], heads: readonly Header[], items: readonly SequenceItem[], m: SeqMetrics = SEQ): { xs: number[]; tail: number } {
  const n = participants.length;
  const gaps: number[] = [];
  for (let i = 0; i + 1 < n; i++) gaps.push(Math.max(m.minGap + heads[i]!.width / 2 + heads[i + 1]!.width / 2, m.minColumn));
  const index = new Map(participants.map((p, i) => [p.id, i]));
  const needs: Need[] = [];
  collectNeeds(items, index, needs, m);
  let tail = heads.length > 0 ? heads[n - 1]!.width / 2 : 0;
  // Short spans first, so long messages only widen what is still too narrow.
  needs.sort((a, b) => a.to - a.from - (b.to - b.from) || a.from - b.from);
  for (const need of needs) {
    if (need.to >= n) {
      tail = Math.max(tail, need.width);
      continue;
    }
    let have = 0;
    for (let g = need.from; g < need.to; g++) have += gaps[g]!;
    const deficit = need.width - have;
    if (deficit <= 0) continue;
    const share = deficit / (need.to - need.from);
    for (let g = need.from; g < need.to; g++) gaps[g] = gaps[g]! + share;
  }
  const xs = [0];
  for (const g of gaps) xs.push(xs[xs.length - 1]! + Math.ceil(g));
  return { xs, tail };
}
