/**
 * Shapes of the sequence view: participant cards, lifelines, activation bars,
 * notes, loop/alt frames, separators, participant boxes and messages.
 */
import type { LaidEdge, LaidNode } from '../../layout/types.ts';
import { SPACE, TYPE } from '../../layout/style.ts';
import { dimAttr, emphasisColours, inStep, type DrawContext } from './context.ts';
import { markerId, markerKind, roundedPath } from './edges.ts';
import { drawCard } from './shapes.ts';
import { centredBaseline, drawLabel, drawLine } from './text.ts';
import { textWidth } from '../../layout/measure.ts';
import { escapeXml, num } from './xml.ts';

export const SEQUENCE_LAYERS: Record<string, number> = {
  box: 0,
  // The setup band and the step title bars are opaque and drawn over the lifelines, so none runs through their text.
  separator: 4.6,
  band: 4.6,
  frame: 2,
  lifeline: 3,
  activation: 3.5,
  // Frame tags, conditions and branch labels sit above lifelines and bars, on their own background.
  'frame-divider': 4.5,
  'frame-label': 4.5,
  note: 5,
  participant: 5,
};

function g(ctx: DrawContext, n: LaidNode, body: string): string {
  return `<g data-id="${escapeXml(n.id)}" class="ks-${n.kind}"${dimAttr(ctx, ctx.lit.has(n.id))}>${body}</g>`;
}

function drawBox(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  return g(
    ctx,
    n,
    `<rect x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}" rx="12" fill="${s.boxFill}" stroke="${s.boxStroke}"/>` +
      drawLabel(n.label, TYPE.groupLabel, { fill: s.boxLabel }),
  );
}

function drawLifeline(ctx: DrawContext, n: LaidNode): string {
  return g(ctx, n, `<path d="M${num(n.x)} ${num(n.y)}V${num(n.y + n.height)}" stroke="${ctx.theme.sequence.lifeline}" stroke-width="1.25" stroke-dasharray="4 4"/>`);
}

function drawActivation(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  return g(ctx, n, `<rect x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}" rx="2" fill="${s.activationFill}" stroke="${s.activationStroke}"/>`);
}

/** A note: a card with a folded top-right corner. */
function drawNote(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  const f = 8;
  const r = n.x + n.width;
  const b = n.y + n.height;
  const d = `M${num(n.x)} ${num(n.y)}H${num(r - f)}L${num(r)} ${num(n.y + f)}V${num(b)}H${num(n.x)}Z`;
  const fold = `M${num(r - f)} ${num(n.y)}V${num(n.y + f)}H${num(r)}`;
  return g(
    ctx,
    n,
    `<path d="${d}" fill="${s.noteFill}" stroke="${s.noteStroke}" stroke-linejoin="round"/><path d="${fold}" fill="none" stroke="${s.noteStroke}" stroke-linejoin="round"/>` +
      drawLabel(n.label, TYPE.note, { fill: s.noteText }),
  );
}

/** A loop/alt frame's outline (its tag and condition are the `frame-label` node, drawn on top). */
function drawFrame(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  return g(ctx, n, `<rect x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}" rx="4" fill="none" stroke="${s.frameStroke}" stroke-width="1.25"/>`);
}

/** A text box's background, so lifelines and bars never run through the text. */
function textBackground(ctx: DrawContext, l: LaidNode['label']): string {
  return `<rect x="${num(l.x - 3)}" y="${num(l.y)}" width="${num(l.width + 6)}" height="${num(l.height)}" rx="3" fill="${ctx.theme.background}" fill-opacity="0.92"/>`;
}

/** The tag in a notched box and the condition beside it, above lifelines and activation bars. */
function drawFrameLabel(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  const t = n.label;
  const notch = 6;
  const tag = `M${num(t.x)} ${num(t.y)}H${num(t.x + t.width)}V${num(t.y + t.height - notch)}L${num(t.x + t.width - notch)} ${num(t.y + t.height)}H${num(t.x)}Z`;
  let body = `<path d="${tag}" fill="${s.frameTagFill}" stroke="${s.frameStroke}" stroke-width="1.25" stroke-linejoin="round"/>` + drawLabel(t, TYPE.frameTag, { fill: s.frameTagText });
  if (n.sublabel && n.sublabel.width > 0) body += textBackground(ctx, n.sublabel) + drawLabel(n.sublabel, TYPE.edgeLabel, { fill: ctx.theme.text.secondary });
  return g(ctx, n, body);
}

function drawDivider(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  return g(
    ctx,
    n,
    `<path d="M${num(n.x)} ${num(n.y)}H${num(n.x + n.width)}" stroke="${s.frameStroke}" stroke-width="1.25" stroke-dasharray="6 4"/>` +
      textBackground(ctx, n.label) +
      drawLabel(n.label, TYPE.edgeLabel, { fill: ctx.theme.text.secondary }),
  );
}

/** The setup band: what the collapsed setup steps left behind, across the drawing. */
function drawBand(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  return g(
    ctx,
    n,
    `<rect x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}" rx="6" fill="${s.separatorFill}" stroke="${s.boxStroke}"/>` +
      drawLabel(n.label, TYPE.legendTitle, { fill: s.separatorText }) +
      (n.sublabel ? drawLabel(n.sublabel, TYPE.note, { fill: s.separatorText }) : ''),
  );
}

function drawSeparator(ctx: DrawContext, n: LaidNode): string {
  const s = ctx.theme.sequence;
  return g(
    ctx,
    n,
    `<rect x="${num(n.x)}" y="${num(n.y)}" width="${num(n.width)}" height="${num(n.height)}" rx="6" fill="${s.separatorFill}"/>` +
      drawLabel(n.label, TYPE.legendTitle, { fill: s.separatorText }),
  );
}

export function drawSequenceNode(ctx: DrawContext, n: LaidNode): string | undefined {
  switch (n.kind) {
    case 'box':
      return drawBox(ctx, n);
    case 'lifeline':
      return drawLifeline(ctx, n);
    case 'activation':
      return drawActivation(ctx, n);
    case 'note':
      return drawNote(ctx, n);
    case 'frame':
      return drawFrame(ctx, n);
    case 'frame-label':
      return drawFrameLabel(ctx, n);
    case 'frame-divider':
      return drawDivider(ctx, n);
    case 'band':
      return drawBand(ctx, n);
    case 'separator':
      return drawSeparator(ctx, n);
    case 'participant':
      return drawCard(ctx, n);
    default:
      return undefined;
  }
}

/** Message numbers at 12 px (no text under 12 px on a slide), in a circle that grows for three digits. */
const BADGE_TEXT = { size: 12, weight: 'semibold' } as const;

function messageBadge(ctx: DrawContext, cx: number, cy: number, n: number, colour: string): string {
  const text = String(n);
  const r = Math.max(SPACE.badgeRadius, textWidth(text, BADGE_TEXT) / 2 + 3);
  return `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(r)}" fill="${colour}"/>` + drawLine(text, cx, centredBaseline(cy, BADGE_TEXT), BADGE_TEXT, ctx.theme.text.inverse, 'middle');
}

/** The cross a lost message ends in (UML's lost message): it never reached the lifeline it points at. */
function lostCross(e: LaidEdge, colour: string, width: number): string {
  const p = e.points[e.points.length - 1];
  if (p === undefined) return '';
  const r = 5;
  return `<path d="M${num(p.x - r)} ${num(p.y - r)}L${num(p.x + r)} ${num(p.y + r)}M${num(p.x - r)} ${num(p.y + r)}L${num(p.x + r)} ${num(p.y - r)}" stroke="${colour}" stroke-width="${width}" stroke-linecap="round"/>`;
}

/** A message: the arrow, its label above it and its number badge at the start. */
export function drawMessage(ctx: DrawContext, e: LaidEdge): string {
  const c = emphasisColours(ctx, e.emphasis);
  const dashed = e.dashed || e.arrow === 'reply' ? ' stroke-dasharray="6 4"' : '';
  const width = e.emphasis === 'normal' || e.emphasis === 'faint' ? ctx.theme.strokeWidth.edge : ctx.theme.strokeWidth.emphasis;
  const end = e.lost ? '' : ` marker-end="url(#${markerId(ctx, e.emphasis, markerKind(e))})"`;
  const line = `<path d="${roundedPath(e.points, 4)}" fill="none" stroke="${c.stroke}" stroke-width="${width}"${dashed} stroke-linejoin="round"${end}/>` + (e.lost ? lostCross(e, c.stroke, width) : '');
  let text = '';
  if (e.label) {
    const l = e.label;
    const labelColour = e.emphasis === 'normal' || e.emphasis === 'faint' ? ctx.theme.text.primary : c.stroke;
    text =
      `<rect x="${num(l.x - 3)}" y="${num(l.y)}" width="${num(l.width + 6)}" height="${num(l.height)}" rx="3" fill="${ctx.theme.background}" fill-opacity="0.85"/>` +
      drawLabel(l, TYPE.edgeLabel, { fill: labelColour });
  }
  let mark = '';
  if (e.number !== undefined && e.points.length >= 2) {
    const a = e.points[0]!;
    const b = e.points[1]!;
    const dir = Math.sign(b.x - a.x) || 1;
    mark = messageBadge(ctx, a.x + dir * (SPACE.badgeRadius + 3), a.y, e.number, c.badge);
  }
  const title = e.label ? `<title>${escapeXml(e.number !== undefined ? `${e.number}. ${e.label.text}` : e.label.text)}</title>` : '';
  return `<g data-id="${escapeXml(e.id)}" class="ks-message"${dimAttr(ctx, inStep(ctx, e.steps))}>${title}${line}${text}${mark}</g>`;
}
