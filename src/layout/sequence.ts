/**
 * Sequence diagram layout, without ELK: participants in columns, items in
 * rows from top to bottom, boxes around participant groups, loop/alt frames,
 * notes, separators and activation bars. Fully determined by the view.
 */
import type { SequenceAlt, SequenceItem, SequenceLoop, SequenceMessage, SequenceNote, SequenceView } from '../views/types.ts';
import type { LaidEdge, LaidLabel, LaidNode, LaidOut } from './types.ts';
import { roundLaidOut, titleNode } from './frame.ts';
import { SPACE, TYPE } from './style.ts';
import { textWidth } from './measure.ts';
import { BADGE_CLEAR, columns, COLUMN_WIDTH, headers, labelRuns, labelWrap, messageLabel, SEQ, SEQ_COLUMN, SEQ_NARROW, SEQ_PAGE, SEQ_SUMMARY, SEQ_TIGHT, seqLabel, STANDARD_MAX_WIDTH, type SeqMetrics } from './sequence-columns.ts';
import { BOX_BAND, boxNodes, headerNode, participantSteps } from './sequence-parts.ts';

const ACT_WIDTH = 10;
const FRAME_TAG_H = 20;

/** A slide's height (build/fit.ts SLIDE.height): a column drawing taller than this would lose the step its slide. */
const SLIDE_HEIGHT = 900;
const SELF_H = 22;
/** How far short of its target's lifeline a lost message (a dropped packet) ends, in its cross. */
const LOST_GAP = 26;

/** Frame conditions and branch labels wrap at this width. */
const FRAME_TEXT_MAX = 420;

interface FrameHead {
  tag: LaidLabel;
  cond: LaidLabel;
  width: number;
  height: number;
}

interface Bar {
  start: number;
  step: number;
  depth: number;
}

interface Extent {
  min: number;
  max: number;
}

class Builder {
  y: number;
  readonly nodes: LaidNode[] = [];
  readonly edges: LaidEdge[] = [];
  readonly active = new Map<string, Bar[]>();
  readonly frames: { node: LaidNode; depth: number }[] = [];
  activations = 0;
  constructor(
    readonly view: SequenceView,
    readonly x: Map<string, number>,
    readonly left: number,
    readonly right: number,
    top: number,
    readonly m: SeqMetrics,
    /** How far a message label may run past the lifeline it ends at, per participant (labelRuns). */
    readonly runs: Map<string, number>,
  ) {
    this.y = top;
  }

  /** Offset of the arrow end from the lifeline: the edge of the innermost open bar. */
  barEdge(id: string, towards: number): number {
    const bars = this.active.get(id) ?? [];
    if (bars.length === 0) return 0;
    const depth = bars.length - 1;
    return towards > 0 ? ACT_WIDTH / 2 + depth * 4 : -ACT_WIDTH / 2 + depth * 4;
  }

  items(items: readonly SequenceItem[], depth: number): Extent {
    const ext: Extent = { min: Infinity, max: -Infinity };
    for (const item of items) {
      const e = this.item(item, depth);
      ext.min = Math.min(ext.min, e.min);
      ext.max = Math.max(ext.max, e.max);
    }
    return ext;
  }

  item(item: SequenceItem, depth: number): Extent {
    switch (item.type) {
      case 'message':
        return item.from === item.to ? this.self(item) : this.message(item);
      case 'note':
        return this.note(item);
      case 'separator':
        return item.state && item.state.length > 0 ? this.band(item.id, item.title, item.state, item.step) : this.separator(item.id, item.title, item.step);
      case 'loop':
        return this.loop(item, depth);
      case 'alt':
        return this.alt(item, depth);
    }
  }

  message(m: SequenceMessage): Extent {
    const xa = this.x.get(m.from);
    const xb = this.x.get(m.to);
    if (xa === undefined || xb === undefined) return { min: Infinity, max: -Infinity };
    const dir = xb > xa ? 1 : -1;
    // Use the room the columns give: a long label wraps only if it must (a label that may run past the far lifeline has that room too).
    const run = this.runs.get(m.to) ?? 0;
    const room = Math.max(Math.abs(xb - xa) - 2 * this.m.badgeRoom, run > 0 ? Math.abs(xb - xa) - BADGE_CLEAR + run : 0);
    const label = messageLabel(m.label, labelWrap(this.m, m.label, room), this.m.labelLines);
    const lineY = this.y + label.height + 6;
    if (m.activate) this.open(m.to, lineY, m.step);
    const x1 = xa + this.barEdge(m.from, dir);
    // A lost message stops short of its target, where its cross is drawn.
    const x2 = xb - (dir > 0 ? -this.barEdge(m.to, -1) : this.barEdge(m.to, 1)) - (m.lost ? dir * LOST_GAP : 0);
    const mid = (x1 + x2) / 2 + (dir * this.m.badgeRoom) / 2;
    let lx = mid - label.width / 2;
    // Wider than the room between the lifelines (SeqMetrics.labelOverflow): from just past the number badge on, running past the far lifeline.
    if (label.width > Math.abs(x2 - x1) - 2 * this.m.badgeRoom && run > 0) {
      const near = x1 + dir * BADGE_CLEAR;
      lx = dir > 0 ? near : near - label.width;
    }
    const placed: LaidLabel = { ...label, x: lx, y: this.y + 2 };
    this.push(m, [{ x: x1, y: lineY }, { x: x2, y: lineY }], placed);
    if (m.deactivate) this.close(m.from, lineY);
    this.y = lineY + this.m.rowGap;
    return { min: Math.min(xa, xb), max: Math.max(xa, xb) };
  }

  self(m: SequenceMessage): Extent {
    const x0 = this.x.get(m.from);
    if (x0 === undefined) return { min: Infinity, max: -Infinity };
    const label = messageLabel(m.label, this.m.labelMax, 4, 'start');
    const startY = this.y + 6;
    const xs = x0 + this.barEdge(m.from, 1);
    const loopX = xs + this.m.selfLoopWidth;
    const placed: LaidLabel = { ...label, x: loopX + 10, y: startY - 2 };
    const endY = startY + Math.max(SELF_H, label.height);
    if (m.activate) this.open(m.to, endY, m.step);
    const xe = x0 + this.barEdge(m.to, 1);
    this.push(m, [{ x: xs, y: startY }, { x: loopX, y: startY }, { x: loopX, y: endY }, { x: xe, y: endY }], placed);
    if (m.deactivate) this.close(m.from, endY);
    this.y = endY + this.m.rowGap;
    return { min: x0, max: placed.x + placed.width };
  }

  push(m: SequenceMessage, points: { x: number; y: number }[], label: LaidLabel): void {
    this.edges.push({ id: m.id, from: m.from, to: m.to, points, label, number: m.number, emphasis: m.emphasis, arrow: m.arrow, steps: [m.step], ...(m.lost ? { lost: true as const } : {}) });
  }

  open(id: string, y: number, step: number): void {
    const bars = this.active.get(id) ?? [];
    bars.push({ start: y, step, depth: bars.length });
    this.active.set(id, bars);
  }

  close(id: string, y: number): void {
    const bar = this.active.get(id)?.pop();
    const x = this.x.get(id);
    if (!bar || x === undefined) return;
    const bx = x - ACT_WIDTH / 2 + bar.depth * 4;
    this.nodes.push({
      id: `activation-${this.activations++}`,
      parent: null,
      kind: 'activation',
      x: bx,
      y: bar.start,
      width: ACT_WIDTH,
      height: Math.max(8, y - bar.start),
      label: { text: '', x: bx, y: bar.start, width: 0, height: 0 },
      emphasis: 'normal',
      steps: [bar.step],
    });
  }

  note(n: SequenceNote): Extent {
    const cols = n.over.map((id) => this.x.get(id)).filter((v): v is number => v !== undefined);
    if (cols.length === 0) return { min: Infinity, max: -Infinity };
    const lo = Math.min(...cols);
    const hi = Math.max(...cols);
    const maxText = cols.length > 1 ? Math.max(this.m.noteMax, hi - lo + 40) : this.m.noteMax;
    const label = seqLabel(n.text, TYPE.note, maxText, this.m.noteLines);
    const width = Math.max(label.width + 20, cols.length > 1 ? hi - lo + 48 : 100);
    const height = label.height + 12;
    // Centred on its lifelines, but never past the drawing's left or right edge.
    const x = Math.max(this.left, Math.min((lo + hi) / 2 - width / 2, this.right - width));
    this.nodes.push({
      id: n.id,
      parent: null,
      kind: 'note',
      x,
      y: this.y,
      width,
      height,
      label: { ...label, x: x + (width - label.width) / 2, y: this.y + 6 },
      emphasis: 'normal',
      steps: [n.step],
    });
    this.y += height + this.m.rowGap;
    return { min: x, max: x + width };
  }

  separator(id: string, title: string, step: number): Extent {
    const label = seqLabel(title, TYPE.legendTitle, this.right - this.left - 32, 1);
    const y = this.y + 4;
    this.nodes.push({
      id,
      parent: null,
      kind: 'separator',
      x: this.left,
      y,
      width: this.right - this.left,
      height: this.m.separatorH,
      label: { ...label, x: (this.left + this.right) / 2 - label.width / 2, y: y + (this.m.separatorH - label.height) / 2 },
      emphasis: 'normal',
      steps: [step],
    });
    this.y = y + this.m.separatorH + this.m.rowGap + 2;
    return { min: this.left, max: this.right };
  }

  /**
   * The setup band: the collapsed setup steps' titles and, below, the state
   * they left (one line each, wrapped, never cut), across the whole drawing.
   */
  band(id: string, title: string, state: readonly string[], step: number): Extent {
    const width = this.right - this.left;
    const head = seqLabel(title, TYPE.legendTitle, width - 32, 2, 'start');
    const wrapped = packLines(state, width - 32).map((line) => seqLabel(line, TYPE.note, width - 32, 3, 'start'));
    const lines = wrapped.flatMap((l) => l.lines ?? [l.text]);
    const body: LaidLabel = { text: state.join('\n'), x: 0, y: 0, width: Math.max(0, ...wrapped.map((l) => l.width)), height: wrapped.reduce((h, l) => h + l.height, 0), lines, size: TYPE.note.size, weight: TYPE.note.weight, align: 'start' };
    const y = this.y + 4;
    const height = 6 + head.height + 2 + body.height + 8;
    this.nodes.push({
      id,
      parent: null,
      kind: 'band',
      x: this.left,
      y,
      width,
      height,
      label: { ...head, x: this.left + 16, y: y + 6 },
      sublabel: { ...body, x: this.left + 16, y: y + 6 + head.height + 2 },
      emphasis: 'normal',
      steps: [step],
    });
    this.y = y + height + this.m.rowGap + 2;
    return { min: this.left, max: this.right };
  }

  /**
   * A frame's tag (`loop`, `alt`) and its condition, side by side in the
   * top-left corner; a long condition wraps (up to three lines) instead of
   * being cut.
   */
  frameHead(tag: string, condition: string): FrameHead {
    const t = seqLabel(tag, TYPE.frameTag, 80, 1, 'middle');
    const c = seqLabel(condition ? `[${condition}]` : '', TYPE.edgeLabel, FRAME_TEXT_MAX, 3, 'start');
    const height = Math.max(FRAME_TAG_H, c.height + 4);
    return { tag: { ...t, width: t.width + 16, height: FRAME_TAG_H }, cond: c, width: t.width + 16 + 8 + c.width + 12, height };
  }

  frame(id: string, head: FrameHead, top: number, inner: Extent, depth: number, step: number): LaidNode {
    const pad = Math.max(10, 30 - depth * 8);
    let min = (Number.isFinite(inner.min) ? inner.min : this.left + pad) - pad;
    let max = (Number.isFinite(inner.max) ? inner.max : min + head.width) + pad;
    if (max - min < head.width) max = min + head.width;
    min = Math.max(min, this.left);
    const bottom = this.y + 2;
    const node: LaidNode = {
      id,
      parent: null,
      kind: 'frame',
      x: min,
      y: top,
      width: max - min,
      height: bottom - top,
      label: { ...head.tag, x: min, y: top },
      sublabel: { ...head.cond, x: min + head.tag.width + 8, y: top + (head.height - head.cond.height) / 2 },
      emphasis: 'normal',
      steps: [step],
    };
    this.frames.push({ node, depth });
    // The tag and condition again, as their own node drawn above lifelines and activation bars.
    const tagRight = node.sublabel!.x + node.sublabel!.width + 4;
    this.nodes.push({ ...node, id: `${id}-label`, parent: id, kind: 'frame-label', width: tagRight - min, height: head.height });
    this.y = bottom + this.m.rowGap;
    return node;
  }

  loop(l: SequenceLoop, depth: number): Extent {
    const top = this.y;
    const head = this.frameHead('loop', l.label);
    this.y += head.height + 8;
    const inner = this.items(l.items, depth + 1);
    const node = this.frame(l.id, head, top, inner, depth, l.step);
    return { min: node.x, max: node.x + node.width };
  }

  alt(a: SequenceAlt, depth: number): Extent {
    const top = this.y;
    const first = a.branches[0]?.label ?? '';
    const head = this.frameHead('alt', first);
    this.y += head.height + 8;
    const inner: Extent = { min: Infinity, max: -Infinity };
    const dividers: { y: number; label: LaidLabel }[] = [];
    a.branches.forEach((b, i) => {
      if (i > 0) {
        const label = seqLabel(`[${b.label}]`, TYPE.edgeLabel, FRAME_TEXT_MAX, 3, 'start');
        dividers.push({ y: this.y, label });
        this.y += label.height + 10;
      }
      const e = this.items(b.items, depth + 1);
      inner.min = Math.min(inner.min, e.min);
      inner.max = Math.max(inner.max, e.max);
    });
    // The head and every branch label must fit inside the frame too.
    const widest = Math.max(head.width, ...dividers.map((d) => d.label.width + 24));
    if (Number.isFinite(inner.min)) inner.max = Math.max(inner.max, inner.min + widest);
    const node = this.frame(a.id, head, top, inner, depth, a.step);
    dividers.forEach((d, i) => {
      this.nodes.push({
        id: `${a.id}-branch-${i + 1}`,
        parent: a.id,
        kind: 'frame-divider',
        x: node.x,
        y: d.y,
        width: node.width,
        height: d.label.height + 6,
        label: { ...d.label, x: node.x + 8, y: d.y + 4 },
        emphasis: 'normal',
        steps: [a.step],
        dashed: true,
      });
    });
    return { min: node.x, max: node.x + node.width };
  }

  /** Closes bars still open at the end of the diagram. */
  finish(): void {
    for (const id of [...this.active.keys()].sort()) {
      while ((this.active.get(id) ?? []).length > 0) this.close(id, this.y - this.m.rowGap / 2);
    }
  }
}

/**
 * `summary` is drawn with SEQ_SUMMARY; when that is wider than a docs
 * column (COLUMN_WIDTH), with SEQ_COLUMN (narrow cards, labels that wrap
 * short and may run past a lifeline), then SEQ_TIGHT (names wrap after a
 * hyphen too): the first that fits the column, its lanes spread to the
 * column's width; else the narrowest.
 */
export function layoutSequence(view: SequenceView): LaidOut {
  if (view.detail === 'standard') return standardLayout(view);
  if (view.detail !== 'summary') return layoutWith(view, SEQ);
  let best = layoutWith(view, SEQ_SUMMARY);
  if (best.width <= COLUMN_WIDTH) return best;
  for (const m of [SEQ_COLUMN, SEQ_TIGHT]) {
    const laid = layoutWith(view, m);
    if (laid.width <= COLUMN_WIDTH) {
      // The column's spare width goes to the lanes (fewer wrapped lines), unless a frame or title then overflows it.
      const filled = layoutWith(view, m, COLUMN_WIDTH);
      return filled.width <= COLUMN_WIDTH ? filled : laid;
    }
    if (laid.width < best.width) best = laid;
  }
  return best;
}

/**
 * `standard`: the first metrics at most STANDARD_MAX_WIDTH wide (narrowest);
 * when that is wider than a docs column but narrower metrics draw the
 * picture within the column, no taller than a slide (or than the wide
 * drawing, when that is taller already), the narrower drawing: a step of a
 * few lanes (a Service's traffic) is read in a page at full text size
 * instead of scaled down.
 */
function standardLayout(view: SequenceView): LaidOut {
  const wide = narrowest(view, [SEQ, SEQ_NARROW, SEQ_COLUMN, SEQ_TIGHT], STANDARD_MAX_WIDTH);
  if (wide.width <= COLUMN_WIDTH) return wide;
  for (const m of [SEQ_PAGE, SEQ_COLUMN, SEQ_TIGHT]) {
    const laid = layoutWith(view, m);
    if (laid.width > COLUMN_WIDTH) continue;
    if (laid.height > Math.max(wide.height, SLIDE_HEIGHT)) return wide;
    const filled = layoutWith(view, m, COLUMN_WIDTH);
    return filled.width <= COLUMN_WIDTH && filled.height <= laid.height ? filled : laid;
  }
  return wide;
}

/**
 * `standard`: the first metrics whose drawing is at most `max` wide (SEQ for
 * all but the widest stories), else the narrowest drawing.
 */
function narrowest(view: SequenceView, tries: readonly SeqMetrics[], max: number): LaidOut {
  let best: LaidOut | undefined;
  for (const m of tries) {
    const laid = layoutWith(view, m);
    if (laid.width <= max) return laid;
    if (best === undefined || laid.width < best.width) best = laid;
  }
  return best!;
}

/**
 * `fill`: lanes narrower than this drawing width are spread evenly to fill
 * it, so labels that wrap at the room between lifelines take fewer lines
 * (a shorter picture in the same column).
 */
function layoutWith(view: SequenceView, m: SeqMetrics, fill?: number): LaidOut {
  const heads = headers(view.participants, m);
  const cols = columns(view.participants, heads, view.items, m);
  const boxPad = view.boxes.length > 0 ? 14 : 0;
  const left = SPACE.margin + boxPad + (heads[0]?.width ?? 0) / 2;
  const n = cols.xs.length;
  if (fill !== undefined && n >= 2) {
    const natural = left + cols.xs[n - 1]! + Math.max(cols.tail, (heads[n - 1]?.width ?? 0) / 2) + boxPad + SPACE.margin;
    const extra = Math.floor(Math.max(0, fill - natural) / (n - 1));
    cols.xs = cols.xs.map((x, i) => x + i * extra);
  }
  const xs = cols.xs.map((x) => x + left);
  const lastX = xs[xs.length - 1] ?? left;
  const contentRight = Math.max(lastX + cols.tail, lastX + (heads[heads.length - 1]?.width ?? 0) / 2) + boxPad;
  const title = titleNode(view.title, contentRight - SPACE.margin, view.steps.length > 0);
  const headerTop = title.bottom + (view.boxes.length > 0 ? BOX_BAND : 0);
  const headerH = heads[0]?.height ?? 48;
  const xById = new Map(view.participants.map((p, i) => [p.id, xs[i]!]));

  // Rows (bands, step titles, notes) span at least the title's width: a picture of one lane is as wide as its title.
  const runs = labelRuns(m, heads);
  const runById = new Map(view.participants.map((p, i) => [p.id, runs[i]!]));
  const b = new Builder(view, xById, SPACE.margin, Math.max(contentRight, SPACE.margin + title.node.width), headerTop + headerH + m.rowGap + 4, m, runById);
  b.items(view.items, 0);
  b.finish();
  const lifelineEnd = b.y + 6;
  // A long diagram repeats the participant cards at the bottom, so a reader
  // deep down the page still knows which lifeline is which.
  const mirror = view.participants.length > 0 && lifelineEnd - headerTop - headerH > m.mirrorAfter;
  const bottom = mirror ? lifelineEnd + headerH : lifelineEnd;

  const steps = participantSteps(view);
  const stepsOf = (id: string) => [...(steps.get(id) ?? [])].sort((a, c) => a - c);
  const parts = view.participants.map((p, i) => headerNode(view, i, xs[i]!, headerTop, heads[i]!, stepsOf(p.id), m));
  const footers = mirror
    ? view.participants.map((p, i) => ({ ...headerNode(view, i, xs[i]!, lifelineEnd, heads[i]!, stepsOf(p.id), m), id: `${p.id}~footer` }))
    : [];
  const lifelines: LaidNode[] = view.participants.map((p, i) => ({
    id: `lifeline-${p.id}`,
    parent: null,
    kind: 'lifeline',
    x: xs[i]!,
    y: headerTop + headerH,
    width: 0,
    height: lifelineEnd - headerTop - headerH,
    label: { text: '', x: xs[i]!, y: headerTop + headerH, width: 0, height: 0 },
    emphasis: 'normal',
    steps: stepsOf(p.id),
  }));
  const boxes = boxNodes(view, parts, title.bottom, bottom + 8, boxPad);
  const width = Math.max(contentRight + SPACE.margin, title.node.width + 2 * SPACE.margin, ...b.frames.map((f) => f.node.x + f.node.width + SPACE.margin));
  const height = bottom + (view.boxes.length > 0 ? 8 : 0) + SPACE.margin;
  const frames = [...b.frames].sort((a, c) => a.depth - c.depth).map((f) => f.node);
  const rows = b.nodes.map((n) => (n.kind === 'separator' || n.kind === 'band' ? widen(n, width - SPACE.margin) : n));
  const nodes = [title.node, ...boxes, ...frames, ...lifelines, ...rows, ...parts, ...footers];
  return roundLaidOut({ view: 'sequence', title: view.title, width, height, nodes, edges: b.edges, steps: view.steps });
}

/** Separator bands span the whole drawing, which frames may have widened after they were placed. */
function widen(n: LaidNode, right: number): LaidNode {
  const width = right - n.x;
  if (n.kind === 'band') return { ...n, width };
  return { ...n, width, label: { ...n.label, x: n.x + (width - n.label.width) / 2 } };
}

/**
 * State lines side by side (`a · b`) while they fit the band's width: a wide
 * picture does not spend a row on each short line.
 */
function packLines(lines: readonly string[], max: number): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const last = out[out.length - 1];
    if (last !== undefined && textWidth(`${last} · ${line}`, TYPE.note) <= max) out[out.length - 1] = `${last} · ${line}`;
    else out.push(line);
  }
  return out;
}
