/**
 * Architecture and flowchart layout: size the boxes, run ELK (trying a second
 * direction when the first comes out badly proportioned), put badges and
 * labels on the edges, add the title and the legend.
 */
import type { Emphasis } from '../views/types.ts';
import type { LaidEdge, LaidLabel, LaidNode, LaidOut } from './types.ts';
import { LEGEND_CHROME, LEGEND_TEXT_MIN, layoutLegend } from './legend.ts';
import { placeBadges, placeTextLabels } from './badges.ts';
import { roundLaidOut, shiftEdge, shiftNode, titleNode } from './frame.ts';
import { hasBadge, prepare, textLabel, type GraphView, type Prepared } from './graph-prepare.ts';
import { runElk, WIDE_TRACKS, type ElkPlan, type Placed } from './graph-elk.ts';
import { actorCrossings } from './crossings.ts';
import { alignRows, staggeredRows } from './row-align.ts';
import { offBorders } from './graph-borders.ts';
import { separateBesides } from './graph-tracks.ts';
import { spreadBundles } from './graph-bundles.ts';
import { SPACE } from './style.ts';
import { allProblems, badgesBesideLines, badgesOnBorders, badgesOnSharedLines, clippedTexts, edgeHooks, edgeBuses, edgeDetours, edgesAlongBorders, edgesCrossingOutsideCluster, edgesSideBySide, edgesThroughHeaders, nearParallelEdges, workersDiffer } from './checks.ts';

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

/** Does it fit a slide: at most 1280 px wide (so its 12-px text stays 12 px) and 900 tall (build/fit.ts). */
function fitsSlide(size: { width: number; height: number }): boolean {
  return size.width <= 1280 && size.height <= 900;
}

/** How large (slideFit) the regular layout must show for the compact ones to be tried. */
const COMPACT_REACH = 0.75;

/**
 * Architecture reads top-down (client, control plane, workers); left-to-right
 * is tried too, and the one that shows larger on a slide, legend included,
 * wins. When that one fits no slide, the other direction is taken if it
 * fits, else the compact layout (graph-prepare.ts: every box as wide as its
 * own text, tighter gaps) in both directions, else the compact layout with
 * the control plane's components and each node's boxes stacked in rows
 * (graph-elk.ts), else the tight compact layout left to right (graph-elk.ts
 * TIGHT); the first that fits a slide, or the one that shows largest (of
 * all but the tight one).
 * Then, when an edge of a box outside the cluster crosses another edge
 * (crossings.ts), the same layout with those boxes the other way round is
 * taken if it has fewer such crossings and fits as well.
 * Flowcharts always run top-down.
 */
async function bestLayout(view: GraphView): Promise<LaidOut> {
  const prep = prepare(view);
  const run = async (p: Prepared, plan: ElkPlan, target: Target = 'slide'): Promise<Attempt> => {
    const placed = await runElk(view, p, plan);
    // A docs column's rows of workers lined up under each other (row-align.ts), when no geometry check finds more
    // problems; finish() works on what it is given, so the rows are aligned on a copy taken before it.
    const fresh = target === 'column' && plan.rowCols !== undefined && staggeredRows(placed.nodes) > 0 ? structuredClone(placed) : undefined;
    const laid = finish(view, placed, target);
    // What ELK and the passes after it placed is asked for again only by apart(), for the one layout taken that still
    // has edges side by side: ELK's result then comes from its cache (elk-cache.ts) and the passes after it run again
    // (deterministic), instead of a copy of every attempt kept before finish() changes it.
    const replay = () => runElk(view, p, plan);
    if (fresh !== undefined) {
      const rows = { ...fresh, ...alignRows(fresh.nodes, fresh.edges) };
      const aligned = finish(view, rows, target);
      if (staggeredRows(aligned.nodes) < staggeredRows(laid.nodes) && noWorse(aligned, problemCounts(laid))) {
        const replayRows = async () => {
          const again = await replay();
          return { ...again, ...alignRows(again.nodes, again.edges) };
        };
        return { laid: aligned, replay: replayRows, prep: p, plan, target };
      }
    }
    return { laid, replay, prep: p, plan, target };
  };
  const down = await run(prep, { direction: 'DOWN' });
  if (view.kind === 'flowchart') return down.laid;
  const slide = await chooseArchitecture(view, prep, down, run);
  return (await apart(view, await widened(view, await untangled(await forColumn(view, slide, run), run), run))).laid;
}

type Target = 'slide' | 'column';

/** A docs column (common/embed.ts PAGE): 900 px wide shows 12-px text at 12 px; at most a slide tall (build/fit.ts SLIDE). */
const COLUMN = { width: 900, height: 900 } as const;

function fitsColumn(size: { width: number; height: number }): boolean {
  return size.width <= COLUMN.width && size.height <= COLUMN.height;
}

/** The tallest a column picture of its own may be: two screens of a docs page. */
const COLUMN_MAX_HEIGHT = 1800;

type Run = (p: Prepared, plan: ElkPlan, target?: Target) => Promise<Attempt>;

/** Does a layout for a docs column fit: 900 px wide, and a column picture of its own (view.layoutFor, build's `architecture.column.svg`) as tall as it needs within COLUMN_MAX_HEIGHT. */
function columnFits(view: GraphView): (size: { width: number; height: number }) => boolean {
  const own = view.kind === 'architecture' && view.layoutFor === 'column';
  return (size) => size.width <= COLUMN.width && size.height <= (own ? COLUMN_MAX_HEIGHT : COLUMN.height);
}

/**
 * The slide layout when it fits a docs column too; else, when the slide
 * layout fits a slide, the compact layouts laid out for the column (the
 * legend under the drawing in as many columns as 900 px hold, or in the
 * band above the cluster: whichever is lowest within 900 px): top-down,
 * then with the control plane and each node's boxes stacked (graph-elk.ts),
 * then the same tight: the first that fits a column (900×900, so a slide
 * as well), has no more geometry problems of any kind (checks.ts) than
 * the slide layout and no row of workers staggered (row-align.ts)
 * replaces it; else the lowest of those that do with the
 * boxes under the control plane (workers, objects) in rows (graph-elk.ts
 * rowCols): of three placed simply (graph-elk.ts simplify), of two, of one,
 * of three with the workers first (graph-elk.ts workersFirst);
 * if none is, the same rows with the workers as they are drawn, not stacked
 * (the kubelet over its Pods, kube-proxy beside it; the control plane
 * stacked): stacked, a worker's Pods stand in a column under kube-proxy, and
 * the edges of a Pod that talks ran along the fan into the Pods below it
 * (canary-release's client along kube-proxy's deliver edges, statefulset's
 * web-0 along the kubelet's: 3 edge buses each);
 * so one picture serves both (issue 9: architecture pictures were 905–1278 px
 * wide, their 12-px text 8.5–11.9 px in a 900-px column). Else the slide
 * layout stays.
 */
async function forColumn(view: GraphView, slide: Attempt, run: Run): Promise<Attempt> {
  if (fitsColumn(slide.laid) || !fitsSlide(slide.laid)) return slide;
  // A column picture of its own (view.layoutFor, build's `architecture.column.svg`): as tall as it needs, within COLUMN_MAX_HEIGHT.
  const fits = columnFits(view);
  const compact = prepare(view, true);
  let before: number[] | undefined;
  // Clean: no more problems of any kind than the slide layout, and no row of workers staggered under the row above
  // (row-align.ts; test/views/column-fit.test.ts): with one inner order on every summary worker top-down (graph-elk.ts),
  // canary-release's compact top-down layout had no worker difference left and was taken, worker-2 a step left of
  // worker-1 (880×1503) instead of the rows of unstacked workers lined up (880×1442).
  const clean = (attempt: Attempt): boolean => fits(attempt.laid) && staggeredRows(attempt.laid.nodes) === 0 && noWorse(attempt.laid, (before ??= problemCounts(slide.laid)));
  // The whole drawing compact, stacked, tight: the first that fits and is clean.
  for (const plan of [{ direction: 'DOWN' }, { direction: 'DOWN', stacked: true }, { direction: 'DOWN', stacked: true, tight: true }] as const) {
    const attempt = await run(compact, plan, 'column');
    if (clean(attempt)) return attempt;
  }
  // Else the boxes under the control plane in rows: the lowest clean one. Rows of three placed simply (graph-elk.ts
  // simplify: each row from the middle, not a step further right than the boxes that feed it) with the objects one over
  // the other (objectsStacked), so the objects box stands in a row of workers (architecture-overview's column picture
  // was a staircase of workers in rows of one, 880×1457; in one row 880×1046); rows of two, of one; rows of three
  // placed simply with the objects side by side, and the same with the boxes outside the cluster the other way round,
  // since a column stands them in one band over the cluster where one order crosses the other's edges (service-types:
  // the edge creating the cloud load balancer crossed the load balancer's own edge to its Service); last, rows of three
  // with the workers first and the boxes that talk to no worker (quiet objects, unscheduled Pods) under them
  // (graph-elk.ts workersFirst): persistent-volumes' objects box stood among its workers in rows of two, worker-2's
  // edge round its side (880×1313; now 845×1196), drain-pdb's the same (782×1145; 841×1129), and hpa-autoscaling's
  // and daemonset's workers now stand in one row (880×1112 → 899×999, 880×1030 → 771×998; gallery review D30; measured
  // before graph-elk.ts wideTracks, with it 845×1231, 841×1160, 899×1027, 771×1021).
  const simple: ElkPlan = { direction: 'DOWN', stacked: true, rowCols: 3, tight: true, simple: true };
  const rows: ElkPlan[] = [{ ...simple, objectsStacked: true }, { direction: 'DOWN', stacked: true, rowCols: 2 }, { direction: 'DOWN', stacked: true, rowCols: 1 }, simple, { ...simple, actorsReversed: true }, { direction: 'DOWN', stacked: true, rowCols: 3, tight: true, workersFirst: true }];
  let lowest: Attempt | undefined;
  for (const plan of rows) {
    const attempt = await run(compact, plan, 'column');
    if (clean(attempt) && (lowest === undefined || attempt.laid.height < lowest.laid.height)) lowest = attempt;
  }
  if (lowest !== undefined) return lowest;
  // Else the rows with the workers unstacked (the kubelet over its Pods): the first clean one.
  for (const plan of [{ direction: 'DOWN', rowCols: 2 }, { direction: 'DOWN', rowCols: 1 }] as const) {
    const attempt = await run(compact, plan, 'column');
    if (clean(attempt)) return attempt;
  }
  return slide;
}

/**
 * How many problems each geometry check (checks.ts; the tests assert them on
 * every scenario) finds: a column layout replaces the slide layout only with
 * no more of any kind.
 */
function problemCounts(laid: LaidOut): number[] {
  const checks = [allProblems, edgesCrossingOutsideCluster, edgesThroughHeaders, workersDiffer, edgeDetours, nearParallelEdges, edgeBuses, badgesOnSharedLines, clippedTexts, edgesAlongBorders];
  return checks.map((check) => check(laid).length);
}

/** No geometry check finds more problems in `laid` than `before` (problemCounts of the layout it would replace). */
function noWorse(laid: LaidOut, before: readonly number[]): boolean {
  return problemCounts(laid).every((n, i) => n <= before[i]!);
}

interface Attempt {
  laid: LaidOut;
  /** What ELK and the passes after it placed, before finish(), placed again (for apart()). */
  replay: () => Promise<Placed>;
  prep: Prepared;
  plan: ElkPlan;
  target: Target;
}

async function chooseArchitecture(view: GraphView, prep: Prepared, down: Attempt, run: Run): Promise<Attempt> {
  const right = await run(prep, { direction: 'RIGHT' });
  const chosen = slideFit(right.laid) > slideFit(down.laid) * 1.05 ? right : down;
  if (fitsSlide(chosen.laid)) return chosen;
  const tried = [chosen, chosen === down ? right : down];
  if (fitsSlide(tried[1]!.laid)) return tried[1]!;
  // The compact layouts gain a fifth or so: not worth three more runs of ELK for a picture far from fitting (a `full` one),
  // unless it is wider than a picture may be (MAX_WIDTH).
  const narrowEnough = (a: Attempt) => a.laid.width <= MAX_WIDTH;
  if (Math.max(slideFit(down.laid), slideFit(right.laid)) < COMPACT_REACH && narrowEnough(chosen)) return chosen;
  const compact = prepare(view, true);
  for (const plan of [{ direction: 'DOWN' }, { direction: 'RIGHT' }, { direction: 'DOWN', stacked: true }] as const) {
    const attempt = await run(compact, plan);
    if (fitsSlide(attempt.laid)) return attempt;
    tried.push(attempt);
  }
  // Last, the tight layout (graph-elk.ts TIGHT) left to right, taken only when it fits.
  const tight = await run(compact, { direction: 'RIGHT', tight: true });
  if (fitsSlide(tight.laid)) return tight;
  const allowed = tried.filter(narrowEnough);
  return (allowed.length > 0 ? allowed : tried).reduce((best, t) => (slideFit(t.laid) > slideFit(best.laid) ? t : best));
}

/** The widest a summary or standard picture may be (issue 9: no standard picture wider than 2400 logical px). */
const MAX_WIDTH = 2400;

/** The attempt, or the same with the boxes outside the cluster reversed when that crosses fewer edges and fits as well. */
async function untangled(attempt: Attempt, run: Run): Promise<Attempt> {
  const crossings = actorCrossings(attempt.laid).length;
  if (crossings === 0) return attempt;
  const other = await run(attempt.prep, { ...attempt.plan, actorsReversed: true }, attempt.target);
  const fits = attempt.target === 'column' ? fitsColumn : fitsSlide;
  const fitsAsWell = fits(other.laid) || (!fits(attempt.laid) && slideFit(other.laid) >= slideFit(attempt.laid));
  return actorCrossings(other.laid).length < crossings && fitsAsWell ? other : attempt;
}

/** How much smaller (slideFit) a wide-track layout of a picture that fits no slide anyway may show: 6 %. */
const WIDE_LOSS = 0.94;

/**
 * The chosen layout, or the same plan with the edges' tracks wider apart (graph-elk.ts WIDE_TRACKS: 10 px, else 8)
 * when that leaves fewer pairs of edges side by side (checks.ts edgesSideBySide; gallery review D6: edges into the API
 * server 6 px apart for 300–1100 px read as one thick line on a slide), fits its target as well (a slide or a docs
 * column; one that fits neither shows at most 6 % smaller and stays within MAX_WIDTH), and no geometry check finds more
 * problems (problemCounts, the badge and hook checks of test/layout/arch-clean.test.ts, rows of workers staggered).
 * When the wider tracks make an edge of a box outside the cluster cross another, the same with those boxes the other way
 * round is tried too. One to four more runs of ELK, only for a picture with such a pair.
 */
async function widened(view: GraphView, attempt: Attempt, run: Run): Promise<Attempt> {
  if (view.kind !== 'architecture') return attempt;
  const before = edgesSideBySide(attempt.laid).length;
  if (before === 0) return attempt;
  const fits = attempt.target === 'column' ? columnFits(view) : fitsSlide;
  const a = attempt.laid;
  const was = checkCounts(a);
  const takes = (w: LaidOut): boolean => {
    const fitsAsWell = fits(a) ? fits(w) : slideFit(w) >= slideFit(a) * WIDE_LOSS && (w.width <= MAX_WIDTH || a.width > MAX_WIDTH);
    return fitsAsWell && edgesSideBySide(w).length < before && checkCounts(w).every((n, i) => n <= was[i]!);
  };
  for (const gap of WIDE_TRACKS) {
    const wide = await run(attempt.prep, { ...attempt.plan, wideTracks: gap }, attempt.target);
    if (takes(wide.laid)) return wide;
    // Wider tracks can move an edge of a box outside the cluster across another (gitops-sync at standard): the boxes
    // outside the other way round then, as untangled does.
    if (actorCrossings(wide.laid).length > actorCrossings(a).length) {
      const turned = await run(attempt.prep, { ...attempt.plan, wideTracks: gap, actorsReversed: !(attempt.plan.actorsReversed ?? false) }, attempt.target);
      if (takes(turned.laid)) return turned;
    }
  }
  return attempt;
}

/** What every geometry check widened and apart weigh finds (problemCounts, the badge and hook checks of test/layout/arch-clean.test.ts, rows of workers staggered). */
function checkCounts(l: LaidOut): number[] {
  return [...problemCounts(l), badgesOnBorders(l).length, badgesBesideLines(l).length, edgeHooks(l).length, staggeredRows(l.nodes)];
}

/**
 * The chosen layout, or the same with the segments that still run beside another edge's line moved to free tracks
 * (graph-tracks.ts separateBesides; gallery review D6: the pairs ELK's own router leaves, ha-control-plane at standard
 * with tracks 10 px apart, and those of a picture whose wide tracks would push it off its slide), when that leaves fewer
 * such pairs, no geometry check finds more problems and the picture grows in neither direction; where moving one
 * segment at a time leaves pairs, the same after each bundle of tracks side by side is spread across the gap it lies in
 * (graph-bundles.ts spreadBundles: hpa-autoscaling at summary, scheduling-constraints at standard). No more runs of ELK:
 * its result for the chosen layout comes from elk-cache.ts again (Attempt.replay), the passes after it, the badges and
 * labels run again.
 */
async function apart(view: GraphView, attempt: Attempt): Promise<Attempt> {
  if (view.kind !== 'architecture') return attempt;
  if (edgesSideBySide(attempt.laid).length === 0) return attempt;
  const was = checkCounts(attempt.laid);
  const fine = (laid: LaidOut) => laid.width <= attempt.laid.width && laid.height <= attempt.laid.height && checkCounts(laid).every((n, i) => n <= was[i]!);
  // Each segment to a free track alone first; where that leaves pairs, the bundles spread across their gaps
  // (graph-bundles.ts) before it.
  const passes: ((p: Placed) => void)[] = [(p) => separateBesides(p.nodes, p.edges), (p) => (spreadBundles(p.nodes, p.edges), separateBesides(p.nodes, p.edges))];
  let best = attempt;
  for (const pass of passes) {
    const moved = async (): Promise<Placed> => {
      const placed = await attempt.replay();
      pass(placed);
      return placed;
    };
    const laid = finish(view, await moved(), attempt.target);
    if (fine(laid) && edgesSideBySide(laid).length < edgesSideBySide(best.laid).length) best = { ...attempt, laid, replay: moved };
    if (edgesSideBySide(best.laid).length === 0) break;
  }
  return best;
}

export async function layoutGraph(view: GraphView): Promise<LaidOut> {
  return bestLayout(view);
}

function finish(view: GraphView, placed: Placed, target: Target = 'slide'): LaidOut {
  // No stretch of an edge along a group's border (graph-borders.ts), before the badges and labels go on the edges.
  if (view.kind === 'architecture') offBorders(placed.nodes, placed.edges);
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
    const at = (nodes: LaidNode[], legend: LaidNode[], size: { width: number; height: number }): Placement => ({ ...size, nodes: [...nodes, ...legend], edges });
    // Under the drawing (for the column: in as many columns as the column's width holds), or beside it when that shows larger on a 16:9 slide (tall drawings).
    const belowWidth = target === 'column' ? Math.max(width, COLUMN.width) : width;
    const below = layoutLegend(view.legend, SPACE.margin, height - SPACE.margin + 28, belowWidth - 2 * SPACE.margin, emphasis);
    const belowSize = { width: Math.max(width, below[0]!.width + 2 * SPACE.margin), height: below[0]!.y + below[0]!.height + SPACE.margin };
    // Beside the drawing, the entries wrap narrower when that keeps the picture within 1280 px (its text then stays 12 px on a slide).
    const room = 1280 - width - SPACE.margin - LEGEND_CHROME;
    const side = layoutLegend(view.legend, width, dy, LEGEND_SIDE_WIDTH, emphasis, room >= LEGEND_TEXT_MIN && room < 220 ? Math.floor(room) : undefined);
    const sideSize = { width: width + side[0]!.width + SPACE.margin, height: Math.max(height, side[0]!.y + side[0]!.height + SPACE.margin) };
    // Or in the band of the clients above the cluster, beside them: the picture grows by what the legend needs beyond
    // that band, not by a column or a row (or in the free corner beside the cluster, above the clients there).
    const band = legendOnTop(view, nodes, edges, width, height, dy, emphasis);
    // The corner only beside a usable band (legendOnTop found the cluster box and room above it).
    const corner = band === null ? null : legendInCorner(view, nodes, edges, width, height, dy, band.cluster, emphasis);
    if (target === 'column') {
      // For a docs column: the lowest placement within the column's width, else the narrowest.
      const all = [at(nodes, below, belowSize), at(nodes, side, sideSize), ...(band !== null ? [band] : []), ...(corner !== null ? [corner] : [])];
      const best = all.reduce((a, b) => (columnBetter(b, a) ? b : a));
      return roundLaidOut({ view: view.kind, title: view.title, width: best.width, height: best.height, nodes: best.nodes, edges: best.edges, steps: view.steps });
    }
    const useSide = slideFit(sideSize) > slideFit(belowSize) * 1.05;
    // The band when it fits a slide at least as well as below or beside; the corner when it shows better than the band (ties keep the band).
    const top = corner !== null && band !== null && !betterOrEqual(band, corner) ? corner : band;
    if (top !== null && betterOrEqual(top, useSide ? sideSize : belowSize)) {
      return roundLaidOut({ view: view.kind, title: view.title, width: top.width, height: top.height, nodes: top.nodes, edges: top.edges, steps: view.steps });
    }
    nodes.push(...(useSide ? side : below));
    ({ width, height } = useSide ? sideSize : belowSize);
  }
  return roundLaidOut({ view: view.kind, title: view.title, width, height, nodes, edges, steps: view.steps });
}

/** For a docs column, is `a` better than `b`: within the column's width when `b` is not, then lower, then narrower. */
function columnBetter(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  const [fa, fb] = [a.width <= COLUMN.width, b.width <= COLUMN.width];
  if (fa !== fb) return fa;
  if (!fa) return a.width < b.width || (a.width === b.width && a.height < b.height);
  return a.height < b.height || (a.height === b.height && a.width < b.width);
}

/**
 * Does `a` show at least as well as `b`: as large on a slide (up to
 * fitting one: 1280 px wide, 900 tall), then as large in a 900-px docs column?
 */
function betterOrEqual(a: { width: number; height: number }, b: { width: number; height: number }): boolean {
  const slide = (s: { width: number; height: number }) => Math.round(Math.min(1, slideFit(s)) * 1000);
  const page = (s: { width: number; height: number }) => Math.min(1, 900 / s.width);
  return slide(a) > slide(b) || (slide(a) === slide(b) && page(a) >= page(b));
}

/** Room kept between the legend and what it stands beside. */
const LEGEND_GAP = 24;

interface Placement {
  width: number;
  height: number;
  nodes: LaidNode[];
  edges: LaidEdge[];
}

/**
 * The legend in the widest free stretch of the band above the cluster box
 * (where the clients stand), in as many columns as fit there. When it is
 * taller than the band, everything from the cluster's top down moves down by
 * the difference: boxes, edge points and badges below that line; the edges
 * that cross it are vertical there (they enter the cluster from above), so
 * they just get longer. Null when there is no cluster box, no stretch wide
 * enough, or something crosses the line other than vertically. Returns the
 * cluster box too, for legendInCorner.
 */
function legendOnTop(view: GraphView & { kind: 'architecture' }, nodes: LaidNode[], edges: LaidEdge[], width: number, height: number, top: number, emphasis: Map<number, Emphasis>): (Placement & { cluster: LaidNode }) | null {
  const cluster = nodes.find((n) => n.id === 'cluster' && n.parent === null);
  if (cluster === undefined) return null;
  const line = cluster.y;
  const roots = nodes.filter((n) => n.parent === null && n.id !== 'cluster' && n.kind !== 'title');
  if (roots.some((n) => n.y < line && n.y + n.height > line)) return null;
  const taken: [number, number][] = [];
  for (const n of roots) if (n.y < line) taken.push([n.x, n.x + n.width]);
  for (const e of edges) {
    for (let i = 1; i < e.points.length; i++) {
      const [p, q] = [e.points[i - 1]!, e.points[i]!];
      if (Math.min(p.y, q.y) >= line) continue;
      if (Math.max(p.y, q.y) > line && Math.abs(p.x - q.x) > 0.5) return null;
      taken.push([Math.min(p.x, q.x), Math.max(p.x, q.x)]);
    }
    if (e.label && e.label.y < line) taken.push([e.label.x, e.label.x + e.label.width]);
  }
  // The widest free stretch between margin and margin, LEGEND_GAP away from anything in the band.
  taken.sort((a, b) => a[0] - b[0]);
  let best: [number, number] = [0, 0];
  let from: number = SPACE.margin;
  for (const [a, b] of [...taken, [width - SPACE.margin + LEGEND_GAP, Infinity] as [number, number]]) {
    const to = a - LEGEND_GAP;
    if (to - from > best[1] - best[0]) best = [from, to];
    from = Math.max(from, b + LEGEND_GAP);
  }
  const [x0, x1] = best;
  const legend = lowestLegend(view, x0, x1, top, emphasis);
  if (legend === null) return null;
  const box = legend[0]!;
  // Flush right when the stretch is at the right edge, so the legend does not float in the middle.
  const dx = x1 >= width - SPACE.margin - 1 ? x1 - x0 - box.width : 0;
  const need = Math.max(0, top + box.height + LEGEND_GAP - line);
  const below = (y: number) => y >= line - 0.5;
  const moved = nodes.map((n) => (n.kind !== 'title' && below(n.y) ? shiftNode(n, 0, need) : n));
  const movedEdges = edges.map((e) => {
    const out: LaidEdge = { ...e, points: e.points.map((p) => (below(p.y) ? { x: p.x, y: p.y + need } : p)) };
    if (e.label && below(e.label.y + e.label.height / 2)) out.label = { ...e.label, y: e.label.y + need };
    return out;
  });
  return { width, height: height + need, nodes: [...moved, ...legend.map((n) => shiftNode(n, dx, 0))], edges: movedEdges, cluster };
}

/** The entry width that makes the legend lowest in the stretch x0..x1 (one line per entry when there is room); null when none fits. */
function lowestLegend(view: GraphView & { kind: 'architecture' }, x0: number, x1: number, top: number, emphasis: Map<number, Emphasis>): LaidNode[] | null {
  if (x1 - x0 <= 0) return null;
  let legend: LaidNode[] | null = null;
  for (let limit = LEGEND_TEXT_MIN; limit <= 360; limit += 20) {
    const tried = layoutLegend(view.legend, x0, top, x1 - x0, emphasis, limit);
    if (tried[0]!.width <= x1 - x0 && (legend === null || tried[0]!.height < legend[0]!.height)) legend = tried;
  }
  return legend;
}

/**
 * The legend in the free corner beside the cluster box, under the title
 * (left of the cluster, or right of it), above the first box or edge there:
 * when it is taller than that room, the whole drawing moves down by the
 * difference (a plain shift, so no edge changes its shape). Null when the
 * corner is narrower than a legend.
 */
function legendInCorner(view: GraphView & { kind: 'architecture' }, nodes: LaidNode[], edges: LaidEdge[], width: number, height: number, top: number, cluster: LaidNode, emphasis: Map<number, Emphasis>): Placement | null {
  const stretches: [number, number][] = [
    [SPACE.margin, cluster.x - LEGEND_GAP],
    [cluster.x + cluster.width + LEGEND_GAP, width - SPACE.margin],
  ];
  let best: Placement | null = null;
  for (const [x0, x1] of stretches) {
    const legend = lowestLegend(view, x0, x1, top, emphasis);
    if (legend === null) continue;
    const box = legend[0]!;
    const [lx0, lx1] = x1 >= width - SPACE.margin - 1 ? [x1 - box.width, x1] : [x0, x0 + box.width];
    // The highest thing under the legend's columns: a box or an edge.
    let first = Infinity;
    const overlaps = (a: number, b: number) => b > lx0 - LEGEND_GAP && a < lx1 + LEGEND_GAP;
    for (const n of nodes) if (n.kind !== 'title' && n.parent === null && overlaps(n.x, n.x + n.width)) first = Math.min(first, n.y);
    for (const e of edges) {
      for (let i = 1; i < e.points.length; i++) {
        const [p, q] = [e.points[i - 1]!, e.points[i]!];
        if (overlaps(Math.min(p.x, q.x), Math.max(p.x, q.x))) first = Math.min(first, p.y, q.y);
      }
      if (e.label && overlaps(e.label.x, e.label.x + e.label.width)) first = Math.min(first, e.label.y);
    }
    const need = Math.max(0, top + box.height + LEGEND_GAP - first);
    const placed: Placement = {
      width,
      height: Math.max(height + need, top + box.height + SPACE.margin),
      nodes: [...nodes.map((n) => (n.kind === 'title' ? n : shiftNode(n, 0, need))), ...legend.map((n) => shiftNode(n, lx0 - x0, 0))],
      edges: edges.map((e) => shiftEdge(e, 0, need)),
    };
    if (best === null || !betterOrEqual(best, placed)) best = placed;
  }
  return best;
}
