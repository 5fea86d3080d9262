/**
 * Edges: orthogonal polylines with softly rounded corners, arrowheads per
 * emphasis (filled for requests, open for asynchronous and reply arrows),
 * number badges and label pills.
 */
import type { LaidEdge } from '../../layout/types.ts';
import { TYPE } from '../../layout/style.ts';
import type { Emphasis } from '../../views/types.ts';
import { dimAttr, emphasisColours, inStep, type DrawContext } from './context.ts';
import { badge } from './shapes.ts';
import { drawLabel } from './text.ts';
import { escapeXml, num } from './xml.ts';

type Point = { x: number; y: number };

/** Polyline with corners rounded by up to `radius` (never more than half a segment). */
export function roundedPath(points: readonly Point[], radius = 6): string {
  if (points.length === 0) return '';
  let d = `M${num(points[0]!.x)} ${num(points[0]!.y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const prev = points[i - 1]!;
    const cur = points[i]!;
    const next = points[i + 1]!;
    const lenIn = Math.hypot(cur.x - prev.x, cur.y - prev.y);
    const lenOut = Math.hypot(next.x - cur.x, next.y - cur.y);
    const r = Math.min(radius, lenIn / 2, lenOut / 2);
    if (r < 0.5) {
      d += `L${num(cur.x)} ${num(cur.y)}`;
      continue;
    }
    const a = { x: cur.x - ((cur.x - prev.x) / lenIn) * r, y: cur.y - ((cur.y - prev.y) / lenIn) * r };
    const b = { x: cur.x + ((next.x - cur.x) / lenOut) * r, y: cur.y + ((next.y - cur.y) / lenOut) * r };
    d += `L${num(a.x)} ${num(a.y)}Q${num(cur.x)} ${num(cur.y)} ${num(b.x)} ${num(b.y)}`;
  }
  const last = points[points.length - 1]!;
  return d + `L${num(last.x)} ${num(last.y)}`;
}

export type MarkerKind = 'filled' | 'open';

export function markerId(ctx: DrawContext, emphasis: Emphasis, kind: MarkerKind): string {
  return `${ctx.prefix}-arrow-${kind}-${emphasis}`;
}

/** Marker definitions for every (emphasis, kind) an SVG uses, in a fixed order. */
export function markerDefs(ctx: DrawContext, used: Set<string>): string {
  const out: string[] = [];
  for (const key of [...used].sort()) {
    const [kind, emphasis] = key.split(':') as [MarkerKind, Emphasis];
    const colour = emphasisColours(ctx, emphasis).stroke;
    const shape =
      kind === 'filled'
        ? `<path d="M1 1.5L10 5L1 8.5L3 5Z" fill="${colour}" stroke="${colour}" stroke-width="1" stroke-linejoin="round"/>`
        : `<path d="M1.5 1.5L9.5 5L1.5 8.5" fill="none" stroke="${colour}" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round"/>`;
    out.push(
      `<marker id="${markerId(ctx, emphasis, kind)}" viewBox="0 0 12 10" refX="10" refY="5" markerWidth="12" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto" overflow="visible">${shape}</marker>`,
    );
  }
  return out.join('');
}

export function markerKind(e: LaidEdge): MarkerKind {
  return e.arrow === 'async' || e.arrow === 'reply' ? 'open' : 'filled';
}

export function drawEdgeLine(ctx: DrawContext, e: LaidEdge): string {
  const c = emphasisColours(ctx, e.emphasis);
  const dashed = e.dashed || e.arrow === 'reply' ? ' stroke-dasharray="6 4"' : '';
  const width = e.emphasis === 'taken' || e.emphasis === 'success' || e.emphasis === 'danger' ? ctx.theme.strokeWidth.emphasis : ctx.theme.strokeWidth.edge;
  const kind = markerKind(e);
  const title = e.label ? `<title>${escapeXml(e.number !== undefined ? `${e.number}. ${e.label.text}` : e.label.text)}</title>` : '';
  return (
    `<g data-id="${escapeXml(e.id)}" class="ks-edge"${dimAttr(ctx, inStep(ctx, e.steps))}>${title}` +
    `<path d="${roundedPath(e.points)}" fill="none" stroke="${c.stroke}" stroke-width="${width}"${dashed} stroke-linejoin="round" marker-end="url(#${markerId(ctx, e.emphasis, kind)})"/></g>`
  );
}

/** Badge or label pill of an edge, drawn above all lines and boxes. */
export function drawEdgeLabel(ctx: DrawContext, e: LaidEdge, badgeOnly: boolean): string {
  if (!e.label) return '';
  const l = e.label;
  const dim = dimAttr(ctx, inStep(ctx, e.steps));
  const c = emphasisColours(ctx, e.emphasis);
  if (e.number !== undefined && badgeOnly) {
    return `<g class="ks-badge"${dim}>${badge(ctx, l.x + l.width / 2, l.y + l.height / 2, e.number, c.badge)}</g>`;
  }
  const t = ctx.theme.edgeLabel;
  const pill = `<rect x="${num(l.x)}" y="${num(l.y)}" width="${num(l.width)}" height="${num(l.height)}" rx="4" fill="${t.fill}" stroke="${t.stroke}"/>`;
  const text = drawLabel(l, TYPE.edgeLabel, { fill: e.emphasis === 'normal' || e.emphasis === 'faint' ? t.text : c.stroke });
  return `<g class="ks-edge-label"${dim}>${pill}${text}</g>`;
}
