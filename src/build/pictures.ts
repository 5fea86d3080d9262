/**
 * Which pictures `build` writes for a scenario, and at which detail level.
 *
 * Flowchart: one picture, at the scenario's level.
 *
 * Architecture: one picture, at the most detailed level (the scenario's, then
 * coarser down to `summary`) that fits a slide; `summary` when none does.
 * The layout draws it to fit a ~900-px docs column as well when it can
 * (layout/graph.ts); when it is still too wide for one (fit.ts `fitsPage`),
 * a second picture of the same view laid out for the column, as tall as it
 * needs, `architecture.column.svg` (the view's `layoutFor: 'column'`): the
 * pages embed that one and link the slide picture (gallery.ts). Written only
 * when it fits the column.
 *
 * Sequence: a sequence diagram cannot wrap, so a long story drawn in detail
 * is a wall nobody can read on a slide. The gallery's `sequence.svg` is the
 * whole story at the most detailed level (the scenario's, then coarser down
 * to `summary`) that fits a slide (fit.ts). When that is not the
 * scenario's own level, each focus step that caused anything may get its own
 * slide, `sequence.step-NN.svg` (NN: the step number, two digits): the
 * step's own sequence (`stepSequence` in src/render/frames.ts: the state before it as a band,
 * then the step) at the most detailed level that fits.
 *
 * - The whole fits at a coarser level: it is `sequence.svg`, and a step gets
 *   a slide only when it fits at a finer level than the whole (more detail).
 * - The whole fits no slide: every such step gets a slide (at `summary` if
 *   nothing finer fits), and `sequence.svg` is the `summary` of the whole —
 *   an overview for a docs page, linked from the scenario page.
 * - A step that fits no slide even at `summary` (many lanes, many hops) is
 *   cut into consecutive slides between its exchanges, as few as fit (at
 *   most MAX_PARTS): `sequence.step-NNa.svg`, `sequence.step-NNb.svg` …, each
 *   with only the lanes it uses, numbers running on (views/sequence/split.ts).
 *
 * Frames (`frames: true` on a view's entry in `diagrams:`): every focus step
 * the view draws also gets `<view>.step-NN.svg` and `.png`, the names
 * `render --frames` writes (`frameName`, src/render/frames.ts).
 * - architecture, flowchart: the frames of `render --frames` (one layout,
 *   the step lit, the rest dimmed) at the scenario's level.
 * - sequence: a step's frame IS its per-step slide (its own sequence), so a
 *   step that already has a slide keeps it; every other focus step that caused
 *   anything gets one at the scenario's level, coarser when it does not fit a
 *   slide (at `summary` when nothing fits).
 */
import type { DetailLevel, DiagramSettings } from '../scenario/types.ts';
import type { Trace } from '../trace/types.ts';
import type { SequenceView, View, ViewKind } from '../views/types.ts';
import { splitSequence } from '../views/sequence/split.ts';
import { fitsPage, fitsSlide, svgSize, type PictureSize } from './fit.ts';
import type { Stages } from './stages.ts';

export interface Picture {
  /** File name without extension: `architecture`, `sequence`, `sequence.step-03`. */
  name: string;
  kind: ViewKind;
  view: View;
  svg: string;
  png: Uint8Array;
  size: PictureSize;
  detail: DetailLevel;
  /** Per-step slides and the flowchart: the step drawn. */
  step?: number;
  /** A step cut into consecutive slides (`sequence.step-01a`, `…b`): which one, of how many. */
  part?: { index: number; of: number };
  /** The whole sequence when it fits no slide (its slides are the per-step ones): for a docs page. */
  overview?: true;
}

/**
 * `sequence.step-03`: the file name (without extension) of a step's own
 * sequence; `sequence.step-03b` for the second part of a step cut into
 * slides (the letters sort the parts after each other and before step 04).
 */
export function stepPictureName(kind: ViewKind, step: number, part?: number): string {
  return `${kind}.step-${String(step).padStart(2, '0')}${part !== undefined ? String.fromCharCode(96 + part) : ''}`;
}

/** A step cut into at most this many slides; a step longer than that stays one (overfull) slide. */
export const MAX_PARTS = 4;

/** The scenario's level, then every coarser one: full → standard → summary. */
export function coarserLevels(level: DetailLevel): DetailLevel[] {
  const order: DetailLevel[] = ['full', 'standard', 'summary'];
  return order.slice(order.indexOf(level));
}

export async function galleryPictures(trace: Trace, settings: DiagramSettings, stages: Stages): Promise<Picture[]> {
  const level = settings.detail ?? 'standard';
  const out: Picture[] = [];
  // Frames are drawn at the level of the view's own gallery picture, so a slide deck of frames fits as that picture does.
  const frameLevel: Record<'architecture' | 'flowchart', DetailLevel> = { architecture: level, flowchart: level };
  for (const kind of ['architecture', 'sequence', 'flowchart'] as const) {
    if (kind === 'sequence') out.push(...(await sequencePictures(trace, settings, stages)));
    else if (kind === 'architecture') {
      const build = (detail: DetailLevel) => stages.buildView(trace, 'architecture', { ...settings, detail });
      // levels ends with summary, so when nothing fits, `tried` is the summary.
      const tried = (await firstFitting(coarserLevels(level), build, stages))!;
      frameLevel.architecture = tried.level;
      const slide = await picture('architecture', 'architecture', tried.view, tried.level, stages, undefined, tried.svg);
      out.push(slide);
      const column = fitsPage(slide.size) ? undefined : await columnPicture(tried.view, tried.level, stages);
      if (column) out.push(column);
    } else {
      const view = stages.buildView(trace, kind, settings);
      out.push(await picture(kind, kind, view, level, stages, view.kind === 'flowchart' ? view.step : undefined));
    }
  }
  for (const kind of ['architecture', 'flowchart'] as const) if (settings[kind].frames) out.push(...(await graphFrames(trace, kind, { ...settings, detail: frameLevel[kind] }, stages)));
  return out;
}

async function picture(name: string, kind: ViewKind, view: View, detail: DetailLevel, stages: Stages, step?: number, drawn?: string): Promise<Picture> {
  const { svg, png } = await stages.renderSvgAndPng(view, drawn);
  return { name, kind, view, svg, png, size: svgSize(svg), detail, ...(step !== undefined ? { step } : {}) };
}

/** File name (without extension) of an architecture picture laid out for a docs column (see the top of this file). */
export const COLUMN_PICTURE = 'architecture.column';

/** The architecture view laid out for a docs column, when that fits one (`fitsPage`); else nothing. */
async function columnPicture(view: View, detail: DetailLevel, stages: Stages): Promise<Picture | undefined> {
  if (view.kind !== 'architecture') return undefined;
  const column: View = { ...view, layoutFor: 'column' };
  const svg = (await stages.renderView(column, { format: 'svg', theme: 'light' })) as string;
  if (!fitsPage(svgSize(svg))) return undefined;
  return picture(COLUMN_PICTURE, 'architecture', column, detail, stages, undefined, svg);
}

interface Tried {
  level: DetailLevel;
  view: View;
  /** Its SVG, kept so the picture is not laid out and written a second time. */
  svg: string;
  fits: boolean;
}

/**
 * The first level whose view fits a slide; when none does, the last
 * (coarsest) one tried, with `fits: false`. `column: true` (sequences): the
 * first level that fits a slide AND a docs column (fit.ts), so the same
 * picture is shown 1:1 on the scenario page; when no level fits a column,
 * the first that fits a slide.
 */
async function firstFitting(levels: readonly DetailLevel[], build: (level: DetailLevel) => View, stages: Stages, column = false): Promise<Tried | undefined> {
  let last: Tried | undefined;
  let slideOnly: Tried | undefined;
  for (const level of levels) {
    const view = build(level);
    const svg = (await stages.renderView(view, { format: 'svg', theme: 'light' })) as string;
    const size = svgSize(svg);
    last = { level, view, svg, fits: fitsSlide(size) };
    if (last.fits && (!column || fitsPage(size))) return last;
    if (last.fits) slideOnly ??= last;
  }
  return slideOnly ?? last;
}

async function sequencePictures(trace: Trace, settings: DiagramSettings, stages: Stages): Promise<Picture[]> {
  const levels = coarserLevels(settings.detail ?? 'standard');
  const whole = (detail: DetailLevel) => stages.buildView(trace, 'sequence', { ...settings, detail });
  // levels ends with summary, so when nothing fits, `tried` is the summary of the whole story.
  const tried = (await firstFitting(levels, whole, stages, true))!;
  const main = await picture('sequence', 'sequence', tried.view, tried.level, stages, undefined, tried.svg);
  if (tried.fits && tried.level === levels[0]) return [main, ...(await sequenceFrames(trace, settings, stages, []))];
  const pictures: Picture[] = [tried.fits ? main : { ...main, overview: true as const }];
  // The whole story fits a slide only coarser than asked: a step is worth its own slide when it
  // fits at a finer level. When the whole fits no slide, every step gets one.
  const finer = tried.fits ? levels.slice(0, levels.indexOf(tried.level)) : levels;
  for (const step of slideSteps(trace, settings.sequence.steps)) {
    const own = (detail: DetailLevel) => stages.buildView(trace, 'sequence', { ...settings, detail, sequence: { steps: [step] } });
    const chosen = await firstFitting(finer, own, stages, true);
    // A step that fits no finer level gets a slide only when the whole story has none (at summary).
    if (chosen && (chosen.fits || !tried.fits)) pictures.push(...(await stepSlides(chosen, step, stages)));
  }
  const frames = await sequenceFrames(trace, settings, stages, pictures);
  return [...pictures, ...frames].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

/** `sequence: { frames: true }`: a slide for each slide step that has none yet (see the top of the file). */
async function sequenceFrames(trace: Trace, settings: DiagramSettings, stages: Stages, have: readonly Picture[]): Promise<Picture[]> {
  if (!settings.sequence.frames) return [];
  const levels = coarserLevels(settings.detail ?? 'standard');
  const out: Picture[] = [];
  for (const step of slideSteps(trace, settings.sequence.steps)) {
    if (have.some((p) => p.step === step)) continue;
    const own = (detail: DetailLevel) => stages.buildView(trace, 'sequence', { ...settings, detail, sequence: { steps: [step] } });
    const chosen = (await firstFitting(levels, own, stages, true))!;
    out.push(...(await stepSlides(chosen, step, stages)));
  }
  return out;
}

/**
 * A step's slide; a step that fits no slide even at `summary` is cut into
 * consecutive slides (views/sequence/split.ts), as few as fit, at most
 * MAX_PARTS: `sequence.step-01a`, `sequence.step-01b` … When no cut fits,
 * the step stays one slide (the slide test names it).
 */
async function stepSlides(chosen: Tried, step: number, stages: Stages): Promise<Picture[]> {
  const whole = () => picture(stepPictureName('sequence', step), 'sequence', chosen.view, chosen.level, stages, step, chosen.svg);
  if (chosen.fits || chosen.view.kind !== 'sequence') return [await whole()];
  for (let of = 2; of <= MAX_PARTS; of++) {
    const parts = splitSequence(chosen.view, of);
    if (parts === undefined) break;
    const drawn: { view: SequenceView; svg: string }[] = [];
    for (const view of parts) {
      const svg = (await stages.renderView(view, { format: 'svg', theme: 'light' })) as string;
      if (!fitsSlide(svgSize(svg))) break;
      drawn.push({ view, svg });
    }
    if (drawn.length < of) continue;
    const out: Picture[] = [];
    for (const [i, d] of drawn.entries()) out.push({ ...(await picture(stepPictureName('sequence', step, i + 1), 'sequence', d.view, chosen.level, stages, step, d.svg)), part: { index: i + 1, of } });
    return out;
  }
  return [await whole()];
}

/** `frames: true` on architecture or flowchart: the `render --frames` frame of every focus step the view draws. */
async function graphFrames(trace: Trace, kind: 'architecture' | 'flowchart', settings: DiagramSettings, stages: Stages): Promise<Picture[]> {
  const focus = trace.steps.filter((s) => s.setup !== true);
  const steps = (focus.length > 0 ? focus : trace.steps).map((s) => s.number);
  const level = settings.detail ?? 'standard';
  const out: Picture[] = [];
  for (const f of await stages.frames(trace, kind, settings, steps)) out.push(await picture(stepPictureName(kind, f.step), kind, f.view, level, stages, f.step, f.svg));
  return out;
}

/** Focus steps (of those the sequence draws) that caused anything: each gets its own slide. */
export function slideSteps(trace: Trace, selected: readonly number[] | undefined): number[] {
  const chosen = trace.steps.filter((s) => selected === undefined || selected.length === 0 || selected.includes(s.number));
  const focus = chosen.filter((s) => s.setup !== true);
  return (focus.length > 0 ? focus : chosen).filter((s) => s.events !== null).map((s) => s.number);
}
