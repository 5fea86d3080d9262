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

/**
 * The soft shadow under a card, a decision or a terminal, drawn without a
 * filter: three copies of the box's outline (its stroke's outer edge) moved
 * 1 px down and grown by 0, 1 and 2 px, filled with `theme.shadow.color`,
 * each at a share of `theme.shadow.opacity`. Stacked, they give the profile
 * of the `feDropShadow dy="1" stdDeviation="1.5"` they replace (a blurred
 * edge is opacity · Φ(−distance / σ)): about 0.63 · opacity in the first
 * pixel under the box, 0.37 in the second and beside it, 0.16 in the third,
 * in the second beside it and in the first above it. A filter made resvg draw
 * every box into a blurred layer (~100 ns per pixel of its region, half of a
 * PNG's CPU, docs/performance.md); three plain fills cost next to nothing
 * and look the same in a browser and in the PNG.
 */
const SHADOW_DY = 1;
const SHADOW_LAYERS: readonly { grow: number; share: number }[] = [
  { grow: 0, share: 0.26 },
  { grow: 1, share: 0.21 },
  { grow: 2, share: 0.16 },
];

/** An opacity with at most 3 decimals (a shadow layer's is about 0.02). */
function opacity(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** `outline(grow)`: the box's shape grown by `grow` px on every side and moved SHADOW_DY down, as an element without paint (`<rect …` / `<path …`). */
function shadow(ctx: DrawContext, outline: (grow: number) => string): string {
  const s = ctx.theme.shadow;
  if (s.opacity <= 0) return '';
  const layers = SHADOW_LAYERS.map((l) => `${outline(l.grow)} fill-opacity="${opacity(s.opacity * l.share)}"/>`).join('');
  return `<g class="ks-shadow" fill="${s.color}">${layers}</g>`;
}

/** A rounded rectangle's shadow; `strokeWidth`: half of it lies outside the box. */
function rectShadow(ctx: DrawContext, n: LaidNode, rx: number, strokeWidth: number): string {
  return shadow(ctx, (grow) => {
    const g = grow + strokeWidth / 2;
    return `<rect x="${num(n.x - g)}" y="${num(n.y - g + SHADOW_DY)}" width="${num(n.width + 2 * g)}" height="${num(n.height + 2 * g)}" rx="${num(rx + g)}"`;
  });
}

/**
 * The outline of a convex polygon (points clockwise on screen) grown by `g`:
 * each side moved out along its normal, the corners rounded with radius `g`
 * (as a stroke with round joins is), moved SHADOW_DY down.
 */
function grownPolygon(points: readonly (readonly [number, number])[], g: number): string {
  const normal = (i: number): [number, number] => {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    return [(b[1] - a[1]) / len, -(b[0] - a[0]) / len];
  };
  const at = (p: readonly [number, number], nrm: readonly [number, number]): string => `${num(p[0] + g * nrm[0])} ${num(p[1] + g * nrm[1] + SHADOW_DY)}`;
  let d = `M${at(points[0]!, normal(0))}`;
  points.forEach((_, i) => {
    const next = (i + 1) % points.length;
    d += `L${at(points[next]!, normal(i))}`;
    if (g > 0) d += `A${num(g)} ${num(g)} 0 0 1 ${at(points[next]!, normal(next))}`;
  });
  return `${d}Z`;
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
  let body = rectShadow(ctx, n, SPACE.corner, p.width) + rect(n.x, n.y, n.width, n.height, SPACE.corner, ` fill="${p.fill}" stroke="${p.stroke}" stroke-width="${p.width}"${p.dash}`);
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
  const corners = [[cx, n.y], [n.x + n.width, cy], [cx, n.y + n.height], [n.x, cy]] as const;
  const sw = ctx.theme.strokeWidth.emphasis;
  const body =
    shadow(ctx, (grow) => `<path d="${grownPolygon(corners, grow + sw / 2)}"`) +
    `<path d="${d}" fill="${fill}" stroke="${stroke}" stroke-width="${sw}" stroke-linejoin="round"${p.dash}/>` +
    drawLabel(n.label, TYPE.label, { fill: textColours(ctx, n).label }) +
    (n.sublabel ? drawLabel(n.sublabel, TYPE.sublabel, { fill: textColours(ctx, n).sublabel }) : '');
  return wrap(ctx, n, body);
}

export function drawTerminal(ctx: DrawContext, n: LaidNode): string {
  const p = cardPaint(ctx, n);
  const e = n.emphasis === 'normal' ? { fill: ctx.theme.node.fill, stroke: ctx.theme.text.secondary } : { fill: p.fill, stroke: p.stroke };
  const rx = Math.min(n.height / 2, 22);
  const body =
    rectShadow(ctx, n, rx, ctx.theme.strokeWidth.emphasis) +
    rect(n.x, n.y, n.width, n.height, rx, ` fill="${e.fill}" stroke="${e.stroke}" stroke-width="${ctx.theme.strokeWidth.emphasis}"${p.dash}`) +
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
