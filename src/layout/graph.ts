/**
 * Architecture and flowchart layout: size the boxes, run ELK (trying a second
 * direction when the first comes out badly proportioned), put badges and
 * labels on the edges, add the title and the legend.
 */
import type { Emphasis } from '../views/types.ts';
import type { LaidLabel, LaidOut } from './types.ts';
import { layoutLegend } from './legend.ts';
import { placeBadges, placeTextLabels } from './badges.ts';
import { roundLaidOut, shiftEdge, shiftNode, titleNode } from './frame.ts';
import { hasBadge, prepare, textLabel, type GraphView, type Prepared } from './graph-prepare.ts';
import { runElk, type Placed } from './graph-elk.ts';
import { SPACE } from './style.ts';

/** Room for a legend beside the drawing: one column. */
const LEGEND_SIDE_WIDTH = 380;

/** Scale at which a picture fits a 1600×900 slide. */
function slideFit(size: { width: number; height: number }): number {
  return Math.min(1600 / size.width, 900 / size.height);
}

/** How large the drawing appears when fitted onto a 1280×800 slide (bigger is better). */
function slideScale(p: Placed): number {
  return Math.min(1280 / (p.width + 2 * SPACE.margin), 800 / (p.height + 140));
}

/**
 * Architecture reads top-down (client, control plane, workers) unless that
 * comes out much taller than wide, in which case left-to-right is tried and the one
 * that shows larger on a slide wins. Flowcharts always run top-down.
 */
async function bestLayout(view: GraphView, prep: Prepared): Promise<Placed> {
  const down = await runElk(view, prep, 'DOWN');
  // ELK is the expensive part of rendering: only try the other direction when top-down is really tall.
  if (view.kind === 'flowchart' || down.height < down.width * 1.6) return down;
  const right = await runElk(view, prep, 'RIGHT');
  return slideScale(right) > slideScale(down) * 1.05 ? right : down;
}

export async function layoutGraph(view: GraphView): Promise<LaidOut> {
  const prep = prepare(view);
  const placed = await bestLayout(view, prep);
  const numbered = new Set(view.edges.filter((e) => hasBadge(e, view.kind)).map((e) => e.id));
  const texts = new Map<string, LaidLabel>();
  for (const e of view.edges) {
    const t = textLabel(e, view.kind);
    if (t) texts.set(e.id, t);
  }
  placeTextLabels(placed.nodes, placed.edges, texts);
  placeBadges(placed.nodes, placed.edges, numbered);

  const title = titleNode(view.title, placed.width, view.steps.length > 0);
  const dx = SPACE.margin;
  const dy = title.bottom;
  const nodes = [title.node, ...placed.nodes.map((n) => shiftNode(n, dx, dy))];
  const edges = placed.edges.map((e) => shiftEdge(e, dx, dy));

  let width = Math.max(placed.width, title.node.width) + 2 * SPACE.margin;
  let height = dy + placed.height + SPACE.margin;
  if (view.kind === 'architecture' && view.legend.length > 0) {
    const emphasis = new Map<number, Emphasis>();
    for (const e of view.edges) if (e.number !== undefined && !emphasis.has(e.number)) emphasis.set(e.number, e.emphasis);
    // Under the drawing, or beside it when that shows larger on a 16:9 slide (tall drawings).
    const below = layoutLegend(view.legend, SPACE.margin, height - SPACE.margin + 28, width - 2 * SPACE.margin, emphasis);
    const belowSize = { width: Math.max(width, below[0]!.width + 2 * SPACE.margin), height: below[0]!.y + below[0]!.height + SPACE.margin };
    const side = layoutLegend(view.legend, width, dy, LEGEND_SIDE_WIDTH, emphasis);
    const sideSize = { width: width + side[0]!.width + SPACE.margin, height: Math.max(height, side[0]!.y + side[0]!.height + SPACE.margin) };
    const useSide = slideFit(sideSize) > slideFit(belowSize) * 1.05;
    nodes.push(...(useSide ? side : below));
    ({ width, height } = useSide ? sideSize : belowSize);
  }
  return roundLaidOut({ view: view.kind, title: view.title, width, height, nodes, edges, steps: view.steps });
}
