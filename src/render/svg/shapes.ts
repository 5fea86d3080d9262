/**
 * Node shapes of the graph views: groups, component cards, flowchart
 * decisions and terminals, the legend.
 */
import type { LaidLabel, LaidNode, LaidTag } from '../../layout/types.ts';
import { textWidth } from '../../layout/measure.ts';
import { SPACE, TYPE } from '../../layout/style.ts';
import type { GroupStyle } from '../theme.ts';
import { dimAttr, emphasisColours, type DrawContext } from './context.ts';
import { iconUse } from './icons.ts';
import { centredBaseline, drawLabel, drawLine } from './text.ts';
import { escapeXml, num } from './xml.ts';

/** Width of the text actually drawn (labels of start-aligned text may be wider than it). */
function textWidthOf(l: LaidLabel): number {
  const style = { size: l.size ?? TYPE.label.size, weight: l.weight ?? TYPE.label.weight };
  return Math.min(l.width, Math.max(0, ...(l.lines ?? [l.text]).map((line) => textWidth(line, style))));
}

function rect(x: number, y: number, w: number, h: number, rx: number, attrs: string): string {
  return `<rect x="${num(x)}" y="${num(y)}" width="${num(w)}" height="${num(h)}" rx="${num(rx)}"${attrs}/>`;
}

function groupStyle(ctx: DrawContext, n: LaidNode): GroupStyle {
  const g = ctx.theme.groups;
  if ((ctx.depth.get(n.id) ?? 0) === 0 && n.icon !== 'control-plane' && n.icon !== 'node' && n.icon !== 'pod') return g.outer;
  return (n.icon && g[n.icon]) || g.default;
}

function wrap(ctx: DrawContext, n: LaidNode, body: string): string {
  return `<g data-id="${escapeXml(n.id)}" class="ks-${n.kind}"${dimAttr(ctx, ctx.lit.has(n.id))}>${body}</g>`;
}

export function drawGroup(ctx: DrawContext, n: LaidNode): string {
  const s = groupStyle(ctx, n);
  const faint = n.emphasis === 'faint';
  const dash = s.dash || faint ? ` stroke-dasharray="${s.dash ?? '4 3'}"` : '';
  const emph = n.emphasis !== 'normal' ? emphasisColours(ctx, n.emphasis).stroke : s.stroke;
  const fill = faint ? emphasisColours(ctx, 'faint').fill : s.fill;
  const width = n.emphasis === 'danger' || n.emphasis === 'warning' ? ctx.theme.strokeWidth.emphasis : ctx.theme.strokeWidth.group;
  return wrap(ctx, n, rect(n.x, n.y, n.width, n.height, 12, ` fill="${fill}" stroke="${emph}" stroke-width="${width}"${dash}`));
}

/**
 * A group's icon and label, drawn above the edges on a patch of the group's
 * fill: an edge leaving the group through its header passes behind the text.
 */
export function drawGroupHeader(ctx: DrawContext, n: LaidNode): string {
  const s = groupStyle(ctx, n);
  // The icon stands before the name, wherever the layout put the header (layout/graph-headers.ts).
  const iconX = n.label.x - SPACE.groupIcon - 8;
  const left = n.icon ? iconX - 4 : n.label.x - 4;
  const parts = n.sublabel ? [n.label, n.sublabel] : [n.label];
  const right = Math.max(...parts.map((p) => p.x + textWidthOf(p)), ...(n.tags ?? []).map((t) => t.x + t.width)) + 4;
  const top = Math.min(...parts.map((p) => p.y)) - 1;
  const bottom = Math.max(...parts.map((p) => p.y + p.height)) + 1;
  let body = rect(left, top, right - left, bottom - top, 4, ` fill="${s.fill}"`);
  if (n.icon) {
    const y = n.label.y + n.label.height / 2 - SPACE.groupIcon / 2;
    body += iconUse(n.icon, ctx.prefix, iconX, y, SPACE.groupIcon, s.label);
  }
  body += drawLabel(n.label, TYPE.groupLabel, { fill: s.label });
  if (n.sublabel) body += drawLabel(n.sublabel, TYPE.sublabel, { fill: ctx.theme.text.secondary });
  for (const t of n.tags ?? []) body += drawTag(ctx, t);
  return `<g class="ks-group-label"${dimAttr(ctx, ctx.lit.has(n.id))}>${body}</g>`;
}

/** A state tag (`NotReady`, `cordoned`): a pill in the emphasis colours, text in its stroke colour. */
function drawTag(ctx: DrawContext, t: LaidTag): string {
  const c = emphasisColours(ctx, t.emphasis);
  return (
    `<g class="ks-tag">` +
    rect(t.x, t.y, t.width, t.height, t.height / 2, ` fill="${c.fill}" stroke="${c.stroke}"`) +
    drawLabel(t, TYPE.tag, { fill: c.badge }) +
    '</g>'
  );
}

/** Fill and stroke of a card, by emphasis. */
function cardPaint(ctx: DrawContext, n: LaidNode): { fill: string; stroke: string; width: number; dash: string } {
  const t = ctx.theme;
  if (n.emphasis === 'normal') return { fill: t.node.fill, stroke: t.node.stroke, width: t.strokeWidth.node, dash: '' };
  const e = emphasisColours(ctx, n.emphasis);
  if (n.emphasis === 'faint') return { fill: e.fill, stroke: e.stroke, width: t.strokeWidth.node, dash: ' stroke-dasharray="4 3"' };
  return { fill: e.fill, stroke: e.stroke, width: t.strokeWidth.emphasis, dash: '' };
}

function textColours(ctx: DrawContext, n: LaidNode): { label: string; sublabel: string } {
  if (n.emphasis === 'faint') return { label: ctx.theme.text.secondary, sublabel: ctx.theme.text.secondary };
  return { label: ctx.theme.text.primary, sublabel: ctx.theme.text.secondary };
}

/** The tinted square with the kind's icon, left in a card. */
export function iconChip(ctx: DrawContext, n: LaidNode, x: number, cy: number): string {
  if (!n.icon) return '';
  const colour = ctx.theme.kinds[n.icon] ?? ctx.theme.kinds.none;
  const chip = SPACE.icon + 8;
  return (
    rect(x - 4, cy - chip / 2, chip, chip, 6, ` fill="${colour}" fill-opacity="${ctx.theme.chipOpacity}"`) +
    iconUse(n.icon, ctx.prefix, x, cy - SPACE.icon / 2, SPACE.icon, colour)
  );
}

export function drawCard(ctx: DrawContext, n: LaidNode): string {
  const p = cardPaint(ctx, n);
  const c = textColours(ctx, n);
  let body = rect(n.x, n.y, n.width, n.height, SPACE.corner, ` fill="${p.fill}" stroke="${p.stroke}" stroke-width="${p.width}"${p.dash} filter="url(#${ctx.prefix}-shadow)"`);
  if (n.icon && n.label.align === 'start') body += iconChip(ctx, n, n.x + SPACE.padX, n.y + n.height / 2);
  // A narrow sequence card (layout/sequence-parts.ts headerNode): the icon centred above the centred name.
  else if (n.icon && n.kind === 'participant') body += iconChip(ctx, n, n.x + n.width / 2 - SPACE.icon / 2, n.label.y - 4 - (SPACE.icon + 8) / 2);
  body += drawLabel(n.label, TYPE.label, { fill: c.label });
  if (n.sublabel) body += drawLabel(n.sublabel, TYPE.sublabel, { fill: c.sublabel });
  if (n.crossed) body += crossOut(ctx, n);
  return wrap(ctx, n, body);
}

/** Two diagonals over a card: the component is down. */
function crossOut(ctx: DrawContext, n: LaidNode): string {
  const c = emphasisColours(ctx, 'danger').stroke;
  const i = 6;
  const d = `M${num(n.x + i)} ${num(n.y + i)}L${num(n.x + n.width - i)} ${num(n.y + n.height - i)}M${num(n.x + n.width - i)} ${num(n.y + i)}L${num(n.x + i)} ${num(n.y + n.height - i)}`;
  return `<path class="ks-crossed" d="${d}" stroke="${c}" stroke-width="${ctx.theme.strokeWidth.emphasis}" stroke-linecap="round" opacity="0.8"/>`;
}

export function drawDecision(ctx: DrawContext, n: LaidNode): string {
  const p = cardPaint(ctx, n);
  const fill = n.emphasis === 'normal' ? ctx.theme.emphasis.warning.fill : p.fill;
  const stroke = n.emphasis === 'normal' ? ctx.theme.kinds.decision : p.stroke;
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  const d = `M${num(cx)} ${num(n.y)}L${num(n.x + n.width)} ${num(cy)}L${num(cx)} ${num(n.y + n.height)}L${num(n.x)} ${num(cy)}Z`;
  const body =
    `<path d="${d}" fill="${fill}" stroke="${stroke}" stroke-width="${ctx.theme.strokeWidth.emphasis}" stroke-linejoin="round"${p.dash} filter="url(#${ctx.prefix}-shadow)"/>` +
    drawLabel(n.label, TYPE.label, { fill: textColours(ctx, n).label }) +
    (n.sublabel ? drawLabel(n.sublabel, TYPE.sublabel, { fill: textColours(ctx, n).sublabel }) : '');
  return wrap(ctx, n, body);
}

export function drawTerminal(ctx: DrawContext, n: LaidNode): string {
  const p = cardPaint(ctx, n);
  const e = n.emphasis === 'normal' ? { fill: ctx.theme.node.fill, stroke: ctx.theme.text.secondary } : { fill: p.fill, stroke: p.stroke };
  const body =
    rect(n.x, n.y, n.width, n.height, Math.min(n.height / 2, 22), ` fill="${e.fill}" stroke="${e.stroke}" stroke-width="${ctx.theme.strokeWidth.emphasis}"${p.dash} filter="url(#${ctx.prefix}-shadow)"`) +
    drawLabel(n.label, TYPE.label, { fill: textColours(ctx, n).label }) +
    (n.sublabel ? drawLabel(n.sublabel, TYPE.sublabel, { fill: textColours(ctx, n).sublabel }) : '');
  return wrap(ctx, n, body);
}

/** A numbered circle, as on edges and in the legend. */
export function badge(ctx: DrawContext, cx: number, cy: number, n: number, colour: string): string {
  return (
    `<circle cx="${num(cx)}" cy="${num(cy)}" r="${SPACE.badgeRadius}" fill="${colour}"/>` +
    drawLine(String(n), cx, centredBaseline(cy, TYPE.badge), TYPE.badge, ctx.theme.text.inverse, 'middle')
  );
}

export function drawLegend(ctx: DrawContext, n: LaidNode): string {
  const l = ctx.theme.legend;
  const body = rect(n.x, n.y, n.width, n.height, SPACE.corner, ` fill="${l.fill}" stroke="${l.stroke}"`) + drawLabel(n.label, TYPE.legendTitle, { fill: l.title });
  return `<g class="ks-legend">${body}</g>`;
}

export function drawLegendEntry(ctx: DrawContext, n: LaidNode): string {
  const r = SPACE.badgeRadius;
  const colour = emphasisColours(ctx, n.emphasis).badge;
  const body = (n.number !== undefined ? badge(ctx, n.x + r, n.y + r, n.number, colour) : '') + drawLabel(n.label, TYPE.legend, { fill: ctx.theme.legend.text });
  return wrap(ctx, n, body);
}

export function drawTitle(ctx: DrawContext, n: LaidNode, override?: string): string {
  const label = override === undefined ? n.label : { ...n.label, text: override, lines: [override] };
  return `<g class="ks-title">${drawLabel(label, TYPE.title, { fill: ctx.theme.text.title })}</g>`;
}
