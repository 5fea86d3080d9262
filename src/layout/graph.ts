/**
 * Architecture and flowchart layout: size the boxes, run ELK (trying a second
 * direction when the first comes out badly proportioned), put badges and
 * labels on the edges, add the title and the legend.
 */
import type { Emphasis } from '../views/types.ts';
import type { LaidLabel, LaidOut } from './types.ts';
import { LEGEND_CHROME, LEGEND_TEXT_MIN, layoutLegend } from './legend.ts';
import { placeBadges, placeTextLabels } from './badges.ts';
import { roundLaidOut, shiftEdge, shiftNode, titleNode } from './frame.ts';
import { hasBadge, prepare, textLabel, type GraphView, type Prepared } from './graph-prepare.ts';
import { runElk, type Placed } from './graph-elk.ts';
import { SPACE } from './style.ts';

/** Room for a legend beside the drawing: one column. */
const LEGEND_SIDE_WIDTH = 270;

/**
 * How large a picture shows on a slide: it is shown at most 1280 px wide and
 * must be at most 900 logical px tall (build/fit.ts), so the scale is the
 * smaller of the two ratios (bigger is better).
 */
function slideFit(size: { width: number; height: number }): number {
  return Math.min(1280 / size.width, 900 / size.height);
}

/**
 * Architecture reads top-down (client, control plane, workers); left-to-right
 * is tried too, and the one that shows larger on a slide, legend included,
 * wins. Flowcharts always run top-down.
 */
async function bestLayout(view: GraphView, prep: Prepared): Promise<LaidOut> {
  const down = finish(view, await runElk(view, prep, 'DOWN'));
  if (view.kind === 'flowchart') return down;
  const right = finish(view, await runElk(view, prep, 'RIGHT'));
  return slideFit(right) > slideFit(down) * 1.05 ? right : down;
}

export async function layoutGraph(view: GraphView): Promise<LaidOut> {
  return bestLayout(view, prepare(view));
}

function finish(view: GraphView, placed: Placed): LaidOut {
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
    // Beside the drawing, the entries wrap narrower when that keeps the picture within 1280 px (its text then stays 12 px on a slide).
    const room = 1280 - width - SPACE.margin - LEGEND_CHROME;
    const side = layoutLegend(view.legend, width, dy, LEGEND_SIDE_WIDTH, emphasis, room >= LEGEND_TEXT_MIN && room < 220 ? Math.floor(room) : undefined);
    const sideSize = { width: width + side[0]!.width + SPACE.margin, height: Math.max(height, side[0]!.y + side[0]!.height + SPACE.margin) };
    const useSide = slideFit(sideSize) > slideFit(belowSize) * 1.05;
    nodes.push(...(useSide ? side : below));
    ({ width, height } = useSide ? sideSize : belowSize);
  }
  return roundLaidOut({ view: view.kind, title: view.title, width, height, nodes, edges, steps: view.steps });
}
