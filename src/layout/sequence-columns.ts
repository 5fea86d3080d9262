/**
 * Sequence diagram columns: one per participant, spaced so that every
 * message label fits between the two lifelines it joins and every self-call
 * label fits before the next lifeline.
 */
import type { SequenceItem, SequenceParticipant } from '../views/types.ts';
import type { LaidLabel } from './types.ts';
import { textWidth, wrapText, type MeasuredText, type TextStyle } from './measure.ts';
import { urlWrapWidth, wrapUrl } from './wrap-url.ts';
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
  /** Participant names. */
  name: TextStyle;
  /** Narrow cards: a name (not its sublabel) may also wrap after a hyphen (`kube-` / `proxy`), not only between words. */
  hyphens: boolean;
  /** Header cards with the icon above the name, both centred (narrow cards); else the icon left of the name. */
  iconAbove: boolean;
  /** Lines a message label may wrap to before it is cut. */
  labelLines: number;
  /** Lines a note may wrap to before it is cut. */
  noteLines: number;
  /**
   * How far a message label may run past the lifeline its arrow ends at
   * (its background keeps it readable over that lifeline); 0: labels stay
   * between the two lifelines. Never past the first or last lifeline.
   */
  labelOverflow: number;
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
  name: TYPE.label,
  hyphens: false,
  iconAbove: false,
  labelLines: 3,
  noteLines: 4,
  labelOverflow: 0,
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
  name: TYPE.label,
  hyphens: false,
  iconAbove: false,
  labelLines: 3,
  noteLines: 4,
  labelOverflow: 0,
};

/** The widest a `standard` picture may be (issue 9: no standard picture wider than 2400 logical px). */
export const STANDARD_MAX_WIDTH = 2400;

/**
 * `standard` with many lanes (a dozen or more: HA control planes, StatefulSets
 * with their volumes): what SEQ draws wider than STANDARD_MAX_WIDTH is drawn
 * again with narrower cards and labels that wrap earlier, at the same text sizes.
 */
export const SEQ_NARROW: SeqMetrics = { ...SEQ, labelMax: 150, headerTextMax: 104, headerMinWidth: 96, minGap: 16, minColumn: 104, badgeRoom: 24, noteMax: 180 };

/**
 * `standard` in a docs column: SEQ_NARROW whose long labels (a DNAT with its chains) wrap to a fourth line instead of being shortened.
 */
export const SEQ_PAGE: SeqMetrics = { ...SEQ_NARROW, labelLines: 4, headerTextMax: SEQ.headerTextMax };

/** A docs column: the width a page shows a picture at 1:1 (build/fit.ts PAGE.shownWidth). */
export const COLUMN_WIDTH = 900;

/**
 * `summary` in a docs column: what SEQ_SUMMARY draws wider than
 * COLUMN_WIDTH is drawn again with these (layoutSequence keeps the
 * narrower). Cards carry the icon above the name and wrap it at a word
 * (`controller` / `manager`); message labels wrap to five short lines and
 * may run past the far lifeline into the next lane, over their background,
 * instead of widening the lane; notes wrap narrower, to six lines.
 */
export const SEQ_COLUMN: SeqMetrics = {
  labelMax: 92,
  headerTextMax: 66,
  headerLines: 3,
  headerMinWidth: 62,
  minGap: 6,
  minColumn: 66,
  badgeRoom: 22,
  selfLoopWidth: 20,
  noteMax: 150,
  mirrorAfter: Infinity,
  rowGap: 6,
  separatorH: 24,
  sublabel: { size: 12, weight: 'regular' },
  name: { size: 12, weight: 'semibold' },
  hyphens: false,
  iconAbove: true,
  labelLines: 5,
  noteLines: 6,
  labelOverflow: 48,
};

/** SEQ_COLUMN for a dozen lanes: names also wrap after a hyphen, cards as narrow as their widest piece. */
export const SEQ_TIGHT: SeqMetrics = { ...SEQ_COLUMN, labelMax: 72, headerTextMax: 40, headerMinWidth: 52, minColumn: 60, minGap: 4, hyphens: true };

export function seqLabel(text: string, style: TextStyle, maxWidth: number, maxLines: number, align: LaidLabel['align'] = 'middle'): LaidLabel {
  return laid(text, style, wrapText(text, style, maxWidth, maxLines), align);
}

/** A message label: seqLabel, but a URL in it stays whole or breaks once, after a `/` of its path (wrap-url.ts, gallery review D69). */
export function messageLabel(text: string, maxWidth: number, maxLines: number, align: LaidLabel['align'] = 'middle'): LaidLabel {
  const style = TYPE.edgeLabel;
  return laid(text, style, wrapUrl(text, style, maxWidth, maxLines) ?? wrapText(text, style, maxWidth, maxLines), align);
}

function laid(text: string, style: TextStyle, m: MeasuredText, align: LaidLabel['align']): LaidLabel {
  return { text, x: 0, y: 0, width: m.width, height: m.height, lines: m.lines, size: style.size, weight: style.weight, align };
}

/**
 * Where a message label wraps: at `labelMax`; on narrow columns
 * (`labelOverflow`) never inside a word or a path piece (`deployments/`);
 * a label with a URL, no narrower than that URL needs to break at most once
 * on two lines (`GET http://shop.example.com/` / `api/orders`).
 */
export function labelWrap(m: SeqMetrics, text: string, room = 0): number {
  return Math.max(m.labelMax, room, m.labelOverflow > 0 ? Math.min(WORD_MAX, widestWord(text, TYPE.edgeLabel, true)) : 0, urlWrapWidth(text, TYPE.edgeLabel, 2));
}

/** A word longer than this (`(hostpath.csi.k8s.io)`) is split where the line ends. */
const WORD_MAX = 96;

/** The widest piece of a text a line may not break inside: a word, or with `hyphens` the part of a word up to a hyphen or slash. */
function widestWord(text: string, style: TextStyle, hyphens: boolean): number {
  const pieces = text.split(/\s+/).flatMap((w) => (hyphens ? w.split(/(?<=[-/])/) : [w]));
  return Math.max(0, ...pieces.map((w) => Math.ceil(textWidth(w, style))));
}

/** Height the icon takes above the name on a narrow card (the chip and a gap). */
export const ICON_ABOVE = SPACE.icon + 8 + 4;

/** Inner side padding of a header card: narrower when the icon stands above the name. */
export function headerPadX(m: SeqMetrics): number {
  return m.iconAbove ? 6 : SPACE.padX;
}

export interface Header {
  width: number;
  height: number;
  label: LaidLabel;
  sublabel?: LaidLabel;
}

/** Participant header cards; all the same height for a clean top row. */
export function headers(participants: readonly SequenceParticipant[], m: SeqMetrics = SEQ): Header[] {
  const align = m.iconAbove ? 'middle' : 'start';
  const raw = participants.map((p) => {
    // A narrow card wraps its name between words, never inside one (`containerd`).
    const max = m.iconAbove ? Math.min(WORD_MAX, Math.max(m.headerTextMax, widestWord(p.label, m.name, m.hyphens), widestWord(p.sublabel ?? '', m.sublabel, false))) : m.headerTextMax;
    const label = seqLabel(p.label, m.name, max, m.headerLines, align);
    const sublabel = p.sublabel ? seqLabel(p.sublabel, m.sublabel, max, m.headerLines, align) : undefined;
    const hasIcon = p.icon !== 'none';
    const icon = hasIcon && !m.iconAbove ? SPACE.icon + SPACE.iconGap : 0;
    const text = Math.max(label.width, sublabel?.width ?? 0);
    const height = label.height + (sublabel ? sublabel.height + 2 : 0) + (hasIcon && m.iconAbove ? ICON_ABOVE : 0);
    return { width: Math.max(m.headerMinWidth, Math.ceil(2 * headerPadX(m) + icon + text + 2)), textHeight: height, label, sublabel };
  });
  const height = Math.max(48, ...raw.map((r) => Math.ceil(r.textHeight + 2 * SPACE.padY)));
  return raw.map((r) => (r.sublabel ? { width: r.width, height, label: r.label, sublabel: r.sublabel } : { width: r.width, height, label: r.label }));
}

/** A label that runs past its far lifeline starts this far from the near one, clear of the number badge. */
export const BADGE_CLEAR = 2 * SPACE.badgeRadius + 8;

/**
 * How far the label of a message ending at each lane may run past it
 * (SeqMetrics.labelOverflow): past the first or last lane only as far as
 * its card reaches, so a label never widens the drawing.
 */
export function labelRuns(m: SeqMetrics, heads: readonly Header[]): number[] {
  return heads.map((h, i) => (i === 0 || i === heads.length - 1 ? Math.min(m.labelOverflow, Math.floor(h.width / 2)) : m.labelOverflow));
}

interface Need {
  from: number;
  to: number;
  width: number;
}

function collectNeeds(items: readonly SequenceItem[], index: Map<string, number>, out: Need[], SEQ: SeqMetrics, runs: readonly number[]): void {
  for (const item of items) {
    if (item.type === 'message') {
      const a = index.get(item.from);
      const b = index.get(item.to);
      if (a === undefined || b === undefined) continue;
      const label = messageLabel(item.label, labelWrap(SEQ, item.label), SEQ.labelOverflow > 0 ? SEQ.labelLines : 2);
      if (a === b) out.push({ from: a, to: a + 1, width: SEQ.selfLoopWidth + 12 + label.width + 16 });
      else out.push({ from: Math.min(a, b), to: Math.max(a, b), width: (runs[b] ?? 0) > 0 ? label.width + BADGE_CLEAR - runs[b]! : label.width + 2 * SEQ.badgeRoom });
    } else if (item.type === 'note' && item.over.length >= 2) {
      const cols = item.over.map((id) => index.get(id)).filter((i): i is number => i !== undefined);
      const note = seqLabel(item.text, TYPE.note, SEQ.noteMax * 1.5, SEQ.noteLines - 1);
      if (cols.length >= 2) out.push({ from: Math.min(...cols), to: Math.max(...cols), width: note.width - 40 });
    } else if (item.type === 'loop') {
      collectNeeds(item.items, index, out, SEQ, runs);
    } else if (item.type === 'alt') {
      for (const b of item.branches) collectNeeds(b.items, index, out, SEQ, runs);
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
  collectNeeds(items, index, needs, m, labelRuns(m, heads));
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
