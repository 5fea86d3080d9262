/**
 * Box sizes for graph nodes, from measured text. Every function returns the
 * size and the label positions relative to the box's top-left corner; the
 * graph layout adds the absolute position ELK chose.
 */
import type { GraphNode } from '../views/types.ts';
import type { LaidLabel, LaidTag } from './types.ts';
import { textWidth, wrapText, wrapWords, lineHeight, type TextStyle } from './measure.ts';
import { COMPONENT_MIN_WIDTH, COMPONENT_TEXT_MAX, SPACE, TYPE } from './style.ts';

export interface SizedBox {
  width: number;
  height: number;
  label: LaidLabel;
  sublabel?: LaidLabel;
}

/**
 * How many lines a box's label and sublabel may take, and whether they break
 * only between words (the flowchart: a long label keeps its start and end
 * and is never cut mid-word). Without it, the graph layout's defaults.
 */
export interface TextFit {
  label: number;
  sublabel: number;
  words: true;
  /** Widest text line of a component box (default COMPONENT_TEXT_MAX; the flowchart's compact rows use less). */
  textMax?: number;
  /** Narrowest component box (default COMPONENT_MIN_WIDTH). */
  minWidth?: number;
}

function makeLabel(text: string, style: TextStyle, maxWidth: number, maxLines: number, align: LaidLabel['align'], words = false): LaidLabel {
  const m = words ? wrapWords(text, style, maxWidth, maxLines) : wrapText(text, style, maxWidth, maxLines);
  return { text, x: 0, y: 0, width: m.width, height: m.height, lines: m.lines, size: style.size, weight: style.weight, align };
}

function hasIcon(node: GraphNode): boolean {
  return node.icon !== 'none' && node.icon !== 'start' && node.icon !== 'end' && node.icon !== 'decision';
}

/** Natural text block of a component/process box: label over sublabel. */
export function componentText(node: GraphNode, fit?: TextFit): { label: LaidLabel; sublabel?: LaidLabel; width: number; height: number } {
  const align = hasIcon(node) ? 'start' : 'middle';
  const max = fit?.textMax ?? COMPONENT_TEXT_MAX;
  const label = makeLabel(node.label, TYPE.label, max, fit?.label ?? 3, align, fit?.words);
  const sublabel = node.sublabel ? makeLabel(node.sublabel, TYPE.sublabel, max, fit?.sublabel ?? 2, align, fit?.words) : undefined;
  const width = Math.max(label.width, sublabel?.width ?? 0);
  const height = label.height + (sublabel ? sublabel.height + 2 : 0);
  return sublabel ? { label, sublabel, width, height } : { label, width, height };
}

/** Width/height a component needs on its own (before views make them uniform). */
export function componentNeed(node: GraphNode, fit?: TextFit): { width: number; height: number } {
  const t = componentText(node, fit);
  const iconPart = hasIcon(node) ? SPACE.icon + SPACE.iconGap : 0;
  return {
    width: Math.max(fit?.minWidth ?? COMPONENT_MIN_WIDTH, Math.ceil(2 * SPACE.padX + iconPart + t.width + 2)),
    height: Math.max(48, Math.ceil(2 * SPACE.padY + Math.max(t.height, SPACE.icon))),
  };
}

/** The one size a set of components shares: the largest width and height any of them needs (0 × 0 for none). */
export function uniformNeed(nodes: readonly GraphNode[], fit?: TextFit): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const n of nodes) {
    const need = componentNeed(n, fit);
    width = Math.max(width, need.width);
    height = Math.max(height, need.height);
  }
  return { width, height };
}

/** Places the text block in a component box of the given size. */
export function componentBox(node: GraphNode, width: number, height: number, fit?: TextFit): SizedBox {
  const t = componentText(node, fit);
  const icon = hasIcon(node);
  const left = icon ? SPACE.padX + SPACE.icon + SPACE.iconGap : SPACE.padX;
  const avail = width - left - SPACE.padX;
  const top = (height - t.height) / 2;
  const place = (l: LaidLabel, y: number): LaidLabel => ({
    ...l,
    x: icon ? left : (width - l.width) / 2,
    y,
    width: icon ? avail : l.width,
  });
  const label = place(t.label, top);
  if (!t.sublabel) return { width, height, label };
  return { width, height, label, sublabel: place(t.sublabel, top + t.label.height + 2) };
}

/** A flowchart diamond: the text rectangle fits inside the rhombus with room to spare. */
export function decisionBox(node: GraphNode, fit?: TextFit): SizedBox {
  const label = makeLabel(node.label, TYPE.label, 130, fit?.label ?? 3, 'middle', fit?.words);
  const width = Math.max(120, Math.ceil(label.width * 1.6 + 40));
  const height = Math.max(72, Math.ceil(label.height * 1.8 + 28));
  return { width, height, label: { ...label, x: (width - label.width) / 2, y: (height - label.height) / 2 } };
}

/** A start/end pill. */
export function terminalBox(node: GraphNode, fit?: TextFit): SizedBox {
  const label = makeLabel(node.label, TYPE.label, 200, fit?.label ?? 2, 'middle', fit?.words);
  const width = Math.max(96, Math.ceil(label.width + 2 * 24));
  const height = Math.max(40, Math.ceil(label.height + 2 * 10));
  return { width, height, label: { ...label, x: (width - label.width) / 2, y: (height - label.height) / 2 } };
}

export type HeaderMode = 'one-line' | 'two-lines';

export interface GroupHeader {
  mode: HeaderMode;
  /** Width the group had when the header was planned, and the width its header needs in that mode. */
  estimate: number;
  needWidth: number;
  /** Top padding the header needs. */
  top: number;
  /** Width the header needs on one line. */
  naturalWidth: number;
  label: LaidLabel;
  sublabel?: LaidLabel;
  tags?: LaidTag[];
}

/** Padding and gaps of a state tag pill in a group header. */
const TAG_PAD = 6;
const TAG_GAP = 6;

/** Tag pills laid out in a row from x, vertically centred on a line of group-label text at y. */
function tagRow(node: GraphNode, x: number, y: number): { tags: LaidTag[]; width: number } {
  const tags: LaidTag[] = [];
  let at = x;
  const h = lineHeight(TYPE.tag) + 2;
  const cy = y + lineHeight(TYPE.groupLabel) / 2;
  for (const t of node.tags ?? []) {
    const w = Math.ceil(textWidth(t.text, TYPE.tag) + 2 * TAG_PAD);
    tags.push({ text: t.text, x: at + TAG_GAP, y: cy - h / 2, width: w, height: h, lines: [t.text], size: TYPE.tag.size, weight: TYPE.tag.weight, align: 'middle', emphasis: t.emphasis });
    at += TAG_GAP + w;
  }
  return { tags, width: at - x };
}

/**
 * A group's header: icon, label and the sublabel after it on the same line,
 * or under it when one line does not fit `width`. Text that still does not
 * fit ends with an ellipsis.
 */
export function groupHeader(node: GraphNode, width: number, mode?: HeaderMode): GroupHeader {
  const x = SPACE.groupSide + (node.icon !== 'none' ? SPACE.groupIcon + 8 : 0);
  const avail = Math.max(40, width - x - SPACE.groupSide);
  const lh = lineHeight(TYPE.groupLabel);
  const y = (SPACE.groupTop - 6 - lh) / 2 + 2;
  const full = makeLabel(node.label, TYPE.groupLabel, 10_000, 1, 'start');
  const fullSub = node.sublabel ? makeLabel(node.sublabel, TYPE.sublabel, 10_000, 1, 'start') : undefined;
  const tagsWidth = tagRow(node, 0, 0).width;
  const naturalWidth = x + full.width + (fullSub ? 8 + fullSub.width : 0) + tagsWidth + SPACE.groupSide;
  const chosen: HeaderMode = mode ?? (naturalWidth <= width || (!fullSub && tagsWidth === 0) ? 'one-line' : 'two-lines');
  const needWidth = chosen === 'one-line' ? naturalWidth : x + Math.max(full.width, (fullSub?.width ?? 0) + tagsWidth) + SPACE.groupSide;
  const base = { mode: chosen, estimate: width, needWidth, naturalWidth };
  const label = { ...makeLabel(node.label, TYPE.groupLabel, avail, 1, 'start'), x, y };
  const withTags = (h: GroupHeader, tx: number, ty: number): GroupHeader => {
    const row = tagRow(node, tx, ty);
    return row.tags.length > 0 ? { ...h, tags: row.tags } : h;
  };
  // A subtitle (`worker node`, `control plane`) that does not fit beside the label and the tags is left
  // out, not cut: `worker…` says less than `worker-2` alone.
  const fits = (text: string, room: number) => textWidth(text, TYPE.sublabel) <= room;
  if (!node.sublabel) {
    if (chosen === 'one-line' || tagsWidth === 0) return withTags({ ...base, top: SPACE.groupTop, label }, x + label.width, y);
    return withTags({ ...base, top: SPACE.groupTop + 16, label }, x - TAG_GAP, y + lh);
  }
  if (chosen === 'one-line') {
    const subX = x + label.width + 8;
    const room = Math.max(20, width - subX - tagsWidth - SPACE.groupSide);
    if (!fits(node.sublabel, room)) return withTags({ ...base, top: SPACE.groupTop, label }, x + label.width, y);
    const sub = makeLabel(node.sublabel, TYPE.sublabel, room, 1, 'start');
    const subY = y + (lh - lineHeight(TYPE.sublabel)) / 2 + 0.5;
    return withTags({ ...base, top: SPACE.groupTop, label, sublabel: { ...sub, x: subX, y: subY } }, subX + sub.width, y);
  }
  const room = Math.max(20, avail - tagsWidth);
  // The tags take the second line's room: they stand there alone.
  if (!fits(node.sublabel, room)) return withTags({ ...base, top: SPACE.groupTop + 16, label }, x - TAG_GAP, y + lh);
  const sub = makeLabel(node.sublabel, TYPE.sublabel, room, 1, 'start');
  return withTags({ ...base, top: SPACE.groupTop + 16, label, sublabel: { ...sub, x, y: y + lh } }, x + sub.width, y + lh);
}

/** An edge label: wrapped text on a small pill. */
export function edgeLabelBox(text: string): LaidLabel {
  const l = makeLabel(text, TYPE.edgeLabel, 160, 2, 'middle');
  return { ...l, width: Math.ceil(l.width + 10), height: Math.ceil(l.height + 4) };
}

export function badgeSize(): number {
  return 2 * SPACE.badgeRadius;
}

export { textWidth };
