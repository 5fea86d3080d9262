/**
 * The native SVG writer: LaidOut → a standalone SVG string. Pure: no I/O,
 * no clock; ids are prefixed with a hash of the content so several SVGs can
 * be inlined in one HTML page.
 */
import type { LaidEdge, LaidNode, LaidOut } from '../../layout/types.ts';
import { ellipsize } from '../../layout/measure.ts';
import { SPACE, TYPE } from '../../layout/style.ts';
import { shortHash } from '../../common/hash.ts';
import type { IconName } from '../../views/types.ts';
import type { Theme } from '../theme.ts';
import { depthMap, litNodes, type DrawContext } from './context.ts';
import { drawEdgeLabel, drawEdgeLine, markerDefs, markerKind } from './edges.ts';
import { iconSymbols } from './icons.ts';
import { drawCard, drawDecision, drawGroup, drawGroupHeader, drawLegend, drawLegendEntry, drawTerminal, drawTitle } from './shapes.ts';
import { drawSequenceNode, drawMessage, SEQUENCE_LAYERS } from './sequence.ts';
import { drawLabel } from './text.ts';
import { escapeXml, num } from './xml.ts';
import { fontFaceStyle } from './font.ts';
import { plural } from '../../common/text.ts';

export interface RenderSvgOptions {
  theme: Theme;
  /** Draw this step lit and everything else dimmed (same geometry for every step). */
  step?: number;
  /** Replaces the view's title. */
  title?: string;
  /**
   * Embed the subset of Inter the text uses as `@font-face` (default true), so
   * browsers draw what the layout measured. The PNG path turns it off: resvg
   * loads the bundled fonts itself.
   */
  embedFont?: boolean;
}

/** Paint order by role: backgrounds first, text-bearing boxes last. */
const LAYER: Record<string, number> = {
  group: 0,
  legend: 8,
  'legend-entry': 9,
  title: 10,
  caption: 10,
  ...SEQUENCE_LAYERS,
};
const EDGE_LAYER = 4;
const EDGE_LABEL_LAYER = 7;
const GROUP_HEADER_LAYER = 6;
const DEFAULT_LAYER = 5;

function drawNode(ctx: DrawContext, n: LaidNode, title?: string): string {
  switch (n.kind) {
    case 'group':
      return drawGroup(ctx, n);
    case 'decision':
      return drawDecision(ctx, n);
    case 'terminal':
      return drawTerminal(ctx, n);
    case 'legend':
      return drawLegend(ctx, n);
    case 'legend-entry':
      return drawLegendEntry(ctx, n);
    case 'title':
      return drawTitle(ctx, n, title);
    case 'component':
    case 'process':
      return drawCard(ctx, n);
    default:
      return drawSequenceNode(ctx, n) ?? drawCard(ctx, n);
  }
}

function stepCaption(ctx: DrawContext, laid: LaidOut): string {
  if (ctx.step === undefined) return '';
  const title = laid.nodes.find((n) => n.kind === 'title');
  if (!title) return '';
  const ref = laid.steps?.find((s) => s.number === ctx.step);
  const total = laid.steps?.length ?? 0;
  // A view of that one step (a flowchart is of one step, titled with it) has nothing to count: no caption.
  if (total <= 1) return '';
  // "of N" only when the view's steps are the scenario's 1..N; a view of some steps (a flowchart of steps 4 and 5,
  // an architecture of the focus steps) does not know how many the scenario has, and "Step 5 of 2" is wrong.
  const numbered = laid.steps?.every((s, i) => s.number === i + 1) ?? false;
  const text = `Step ${ctx.step}${numbered ? ` of ${total}` : ''}${ref ? ` · ${ref.title}` : ''}`;
  const maxWidth = laid.width - 2 * SPACE.margin;
  const line = ellipsize(text, TYPE.caption, maxWidth);
  const label = { text: line, lines: [line], x: title.label.x, y: title.label.y + title.label.height + 2, width: maxWidth, height: TYPE.caption.size * 1.3, align: 'start' as const };
  return `<g class="ks-caption">${drawLabel(label, TYPE.caption, { fill: ctx.theme.text.secondary })}</g>`;
}

function usedIcons(laid: LaidOut): IconName[] {
  return laid.nodes.map((n) => n.icon).filter((i): i is IconName => i !== undefined);
}

function usedMarkers(edges: readonly LaidEdge[]): Set<string> {
  return new Set(edges.map((e) => `${markerKind(e)}:${e.emphasis}`));
}

function defs(ctx: DrawContext, laid: LaidOut, edges: readonly LaidEdge[]): string {
  const t = ctx.theme;
  return `<defs>${markerDefs(ctx, usedMarkers(edges))}${iconSymbols(usedIcons(laid), ctx.prefix, t.strokeWidth.icon)}</defs>`;
}

function description(laid: LaidOut): string {
  const boxes = laid.nodes.filter((n) => n.kind !== 'title' && n.kind !== 'legend' && n.kind !== 'legend-entry' && n.kind !== 'lifeline' && n.kind !== 'activation').length;
  return `${laid.view} diagram with ${plural(boxes, 'element')} and ${plural(laid.edges.length, 'connection')}`;
}

/** The JSON of a laid-out picture, once per object: step frames and themes of one layout share it (layouts are not mutated). */
const laidJson = new WeakMap<LaidOut, string>();

function jsonOf(laid: LaidOut): string {
  let json = laidJson.get(laid);
  if (json === undefined) {
    json = JSON.stringify(laid);
    laidJson.set(laid, json);
  }
  return json;
}

export function renderSvg(laid: LaidOut, opts: RenderSvgOptions): string {
  const prefix = 'ks' + shortHash(jsonOf(laid) + '\u0000' + opts.theme.name + '\u0000' + String(opts.step ?? '') + '\u0000' + (opts.title ?? ''), 8);
  const ctx: DrawContext = {
    theme: opts.theme,
    prefix,
    depth: depthMap(laid.nodes),
    lit: litNodes(laid.nodes, laid.edges, opts.step),
    markers: new Set(),
  };
  if (opts.step !== undefined) ctx.step = opts.step;
  const title = opts.title ?? laid.title;

  const layers: { layer: number; order: number; svg: string }[] = [];
  laid.nodes.forEach((n, i) => {
    layers.push({ layer: LAYER[n.kind] ?? DEFAULT_LAYER, order: i, svg: drawNode(ctx, n, opts.title) });
    if (n.kind === 'group') layers.push({ layer: GROUP_HEADER_LAYER, order: i, svg: drawGroupHeader(ctx, n) });
  });
  const badgeOnly = (e: LaidEdge) => e.number !== undefined && e.label?.lines === undefined;
  // A frame of a step where some of an edge's requests failed draws it failed, though the whole picture draws it working.
  const step = opts.step;
  const edges = step === undefined ? laid.edges : laid.edges.map((e): LaidEdge => (e.failedSteps?.includes(step) ? { ...e, emphasis: 'danger' } : e));
  edges.forEach((e, i) => {
    const line = laid.view === 'sequence' ? drawMessage(ctx, e) : drawEdgeLine(ctx, e);
    layers.push({ layer: EDGE_LAYER, order: i, svg: line });
    if (laid.view !== 'sequence') layers.push({ layer: EDGE_LABEL_LAYER, order: i, svg: drawEdgeLabel(ctx, e, badgeOnly(e)) });
  });
  layers.sort((a, b) => a.layer - b.layer || a.order - b.order);

  const w = num(laid.width);
  const h = num(laid.height);
  const body = layers.map((l) => l.svg).join('') + stepCaption(ctx, laid);
  // The embedded face has a family of its own, so several SVGs inlined in one page keep their own subsets.
  const family = `${prefix} Inter`;
  const embed = opts.embedFont !== false;
  const style = embed ? fontFaceStyle(body, family) : '';
  const fontFamily = style !== '' ? `'${family}', ${opts.theme.fontFamily}` : opts.theme.fontFamily;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-labelledby="${prefix}-title ${prefix}-desc" font-family="${escapeXml(fontFamily)}">` +
    `<title id="${prefix}-title">${escapeXml(title)}</title>` +
    `<desc id="${prefix}-desc">${escapeXml(description(laid))}</desc>` +
    style +
    defs(ctx, laid, edges) +
    `<rect width="100%" height="100%" fill="${opts.theme.background}"/>` +
    body +
    '</svg>\n'
  );
}
