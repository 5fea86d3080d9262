/**
 * Which pictures `build` writes for a scenario, and at which detail level.
 *
 * Architecture and flowchart: one picture each, at the scenario's level.
 *
 * Sequence: a sequence diagram cannot wrap, so a long story drawn in detail
 * is a wall nobody can read on a slide. The gallery's `sequence.svg` is the
 * whole story at the most detailed level (the scenario's, then coarser down
 * to `summary`) that fits a slide (fit.ts). When even that is not the
 * scenario's own level, the story is also cut into one slide per focus step
 * that caused anything, `sequence.step-NN.svg` (NN: the step number, two
 * digits), each the step's own sequence (`buildStepSequence`: the state
 * before it as a band, then the step) at the most detailed level that fits;
 * and `sequence.svg` is then the `summary` of the whole story — an overview
 * for a docs page, when it fits no slide.
 */
import type { DetailLevel, DiagramSettings } from '../scenario/types.ts';
import type { Trace } from '../trace/types.ts';
import type { View, ViewKind } from '../views/types.ts';
import { fitsSlide, svgSize, type PictureSize } from './fit.ts';
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
}

/** `sequence.step-03`: the file name (without extension) of a step's own sequence. */
export function stepPictureName(kind: ViewKind, step: number): string {
  return `${kind}.step-${String(step).padStart(2, '0')}`;
}

/** The scenario's level, then every coarser one: full → standard → summary. */
export function coarserLevels(level: DetailLevel): DetailLevel[] {
  const order: DetailLevel[] = ['full', 'standard', 'summary'];
  return order.slice(order.indexOf(level));
}

export async function galleryPictures(trace: Trace, settings: DiagramSettings, stages: Stages): Promise<Picture[]> {
  const level = settings.detail ?? 'standard';
  const out: Picture[] = [];
  for (const kind of ['architecture', 'sequence', 'flowchart'] as const) {
    if (kind === 'sequence') out.push(...(await sequencePictures(trace, settings, stages)));
    else {
      const view = stages.buildView(trace, kind, settings);
      out.push(await picture(kind, kind, view, level, stages, view.kind === 'flowchart' ? view.step : undefined));
    }
  }
  return out;
}

async function picture(name: string, kind: ViewKind, view: View, detail: DetailLevel, stages: Stages, step?: number): Promise<Picture> {
  const { svg, png } = await stages.renderSvgAndPng(view);
  return { name, kind, view, svg, png, size: svgSize(svg), detail, ...(step !== undefined ? { step } : {}) };
}

/** The first level whose view fits a slide, with its view; undefined when none does. */
async function firstFitting(levels: readonly DetailLevel[], build: (level: DetailLevel) => View, stages: Stages): Promise<{ level: DetailLevel; view: View } | undefined> {
  for (const level of levels) {
    const view = build(level);
    const svg = (await stages.renderView(view, { format: 'svg', theme: 'light' })) as string;
    if (fitsSlide(svgSize(svg))) return { level, view };
  }
  return undefined;
}

async function sequencePictures(trace: Trace, settings: DiagramSettings, stages: Stages): Promise<Picture[]> {
  const levels = coarserLevels(settings.detail ?? 'standard');
  const whole = (detail: DetailLevel) => stages.buildView(trace, 'sequence', { ...settings, detail });
  const fit = await firstFitting(levels, whole, stages);
  if (fit && fit.level === levels[0]) return [await picture('sequence', 'sequence', fit.view, fit.level, stages)];
  const overview = fit ?? { level: 'summary' as const, view: whole('summary') };
  const pictures = [await picture('sequence', 'sequence', overview.view, overview.level, stages)];
  for (const step of slideSteps(trace, settings.sequence.steps)) {
    const own = (detail: DetailLevel) => stages.buildView(trace, 'sequence', { ...settings, detail, sequence: { steps: [step] } });
    const chosen = (await firstFitting(levels, own, stages)) ?? { level: 'summary' as const, view: own('summary') };
    pictures.push(await picture(stepPictureName('sequence', step), 'sequence', chosen.view, chosen.level, stages, step));
  }
  return pictures;
}

/** Focus steps (of those the sequence draws) that caused anything: each gets its own slide. */
export function slideSteps(trace: Trace, selected: readonly number[] | undefined): number[] {
  const chosen = trace.steps.filter((s) => selected === undefined || selected.length === 0 || selected.includes(s.number));
  const focus = chosen.filter((s) => s.setup !== true);
  return (focus.length > 0 ? focus : chosen).filter((s) => s.events !== null).map((s) => s.number);
}
