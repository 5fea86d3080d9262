/**
 * Step frames: one picture per step of a view, for slides, animations
 * (animate.ts, gif.ts), the HTML player (html.ts) and PPTX (pptx.ts).
 *
 * - architecture: frame N is step N's own picture (`stepArchitecture`): the
 *   cluster as it stood after step N (members and nodes up or down, the Pods
 *   and objects that existed then, their counts; Pods the step deleted as
 *   ghosts), step N's interactions, and a legend of what they carried. A
 *   picture dimmed to one step kept the end of the story's state and legend
 *   (gallery review D102, D104, D106). A step in which no component talks
 *   has no frame.
 * - flowchart: ONE layout shared by every frame; frame N draws step N's
 *   interactions lit and everything else dimmed (the SVG writer's `step`
 *   option, as `render --step N`). A flowchart is the decision flow of one
 *   step, so it has frames only for the steps it draws (usually one or two).
 * - sequence: frame N is step N's own sequence (`steps: [N]`: the messages of
 *   that step, opened by a band with the state before it), because a long
 *   sequence dimmed to one step is unreadable on a slide. `render --step N`
 *   draws the same picture.
 *
 * Pure apart from layout (ELK); deterministic.
 */
import type { Trace } from '../trace/types.ts';
import type { DetailLevel, View, ViewKind } from '../views/types.ts';
import type { DiagramSettings } from '../scenario/types.ts';
import type { LaidOut } from '../layout/types.ts';
import { buildView } from '../views/index.ts';
import { layout } from '../layout/index.ts';
import { renderSvg } from './svg/writer.ts';
import { loadTheme, type ThemeName } from './theme.ts';

export interface Frame {
  /** The step this frame shows. */
  step: number;
  /** That step's title. */
  title: string;
  /** True for a scene-setting step (`setup: true`). */
  setup: boolean;
  view: View;
  laid: LaidOut;
  svg: string;
}

/**
 * Views and layouts of one trace's pictures, made once: the player, the
 * frames and the animations of a scenario draw the same step sequences and
 * the same architecture, and ELK is most of their cost. The caller creates
 * one for the pictures it makes together (a build of one scenario, a bench
 * run) and drops it after; views are keyed by their content, so two detail
 * levels that draw the same view share one layout too.
 */
export class PictureCache {
  private readonly layouts = new Map<string, Promise<LaidOut>>();
  private readonly sequences = new Map<string, View>();

  constructor(readonly trace: Trace) {}

  /** The layout of a view (by content). */
  laid(view: View): Promise<LaidOut> {
    const key = JSON.stringify(view);
    let laid = this.layouts.get(key);
    if (laid === undefined) {
      laid = layout(view);
      this.layouts.set(key, laid);
    }
    return laid;
  }

  /** `stepSequence(trace, step, detail)`, built once. */
  stepSequence(step: number, detail: DetailLevel): View {
    const key = `${detail}/${step}`;
    let view = this.sequences.get(key);
    if (view === undefined) {
      view = stepSequence(this.trace, step, detail);
      this.sequences.set(key, view);
    }
    return view;
  }
}

export interface FrameOptions {
  detail?: DetailLevel;
  theme?: ThemeName;
  /**
   * Which steps get a frame (default: every step the view draws). Steps the
   * view does not draw are skipped (a flowchart draws one decision).
   */
  steps?: readonly number[];
  /** The scenario's `diagrams:` settings: which steps the architecture view and the flowchart show. */
  diagrams?: Pick<DiagramSettings, 'architecture' | 'flowchart'>;
  /** Views and layouts shared with the other pictures made of this trace (default: none shared). */
  cache?: PictureCache;
}

/** The scenario's subject: steps without `setup: true` (every step when all are setup). */
export function focusSteps(trace: Trace): number[] {
  const focus = trace.steps.filter((s) => s.setup !== true).map((s) => s.number);
  return focus.length > 0 ? focus : trace.steps.map((s) => s.number);
}

/** `<view>.step-NN.svg`: the step number with at least two digits, so names sort in step order. */
export function frameName(kind: ViewKind, step: number, ext = 'svg'): string {
  return `${kind}.step-${String(step).padStart(2, '0')}.${ext}`;
}

/** The steps a graph view (architecture, flowchart) draws something of. */
function drawnSteps(view: View): Set<number> {
  if (view.kind === 'sequence') return new Set(view.steps.map((s) => s.number));
  const drawn = new Set<number>();
  for (const x of [...view.nodes, ...view.edges]) for (const s of x.steps) drawn.add(s);
  return drawn;
}

/**
 * One step's own sequence: the state the earlier steps left as a band
 * (`Before step N`, or the setup band), then the step alone. `render --step N
 * --view sequence`, a sequence frame of `render --frames` and the gallery's
 * per-step slides (`sequence.step-NN.svg`, src/build/pictures.ts) are this view.
 */
export function stepSequence(trace: Trace, step: number, detail: DetailLevel = 'standard'): View {
  return buildView(trace, 'sequence', { detail, steps: [step] });
}

/**
 * One step's architecture: the cluster as it stood after step N (its Pods, node
 * and member states, objects and counts), that step's interactions only, and a
 * legend of what they carried. `render --step N --view architecture` and an
 * architecture frame of `render --frames` draw this view.
 */
export function stepArchitecture(trace: Trace, step: number, detail: DetailLevel = 'standard'): View {
  return buildView(trace, 'architecture', { detail, steps: [step] });
}

/** Does a graph view draw any interaction (a step in which no component talks draws none)? */
function drawsSomething(view: View): boolean {
  return view.kind !== 'sequence' && view.edges.length > 0;
}

/**
 * The single-step sequence of step N laid out, with every step of the trace
 * as its step list, so the frame's caption reads "Step N of <all steps>".
 */
export async function stepSequenceLaid(trace: Trace, step: number, detail: DetailLevel = 'standard', cache?: PictureCache): Promise<{ view: View; laid: LaidOut }> {
  const shared = cache?.trace === trace ? cache : undefined;
  const view = shared ? shared.stepSequence(step, detail) : stepSequence(trace, step, detail);
  const laid = shared ? await shared.laid(view) : await layout(view);
  return { view, laid: { ...laid, steps: trace.steps.map((s) => ({ number: s.number, title: s.title })) } };
}

/** Every frame of one view, in step order. */
export async function viewFrames(trace: Trace, kind: ViewKind, opts: FrameOptions = {}): Promise<Frame[]> {
  const detail = opts.detail ?? 'standard';
  const theme = loadTheme(opts.theme ?? 'light');
  const info = new Map(trace.steps.map((s) => [s.number, s]));
  const wanted = (n: number) => opts.steps === undefined || opts.steps.includes(n);
  const frame = (step: number, view: View, laid: LaidOut): Frame => ({
    step,
    title: info.get(step)?.title ?? '',
    setup: info.get(step)?.setup === true,
    view,
    laid,
    svg: renderSvg(laid, { theme, step }),
  });
  if (kind === 'sequence') {
    const out: Frame[] = [];
    for (const s of trace.steps) {
      if (!wanted(s.number)) continue;
      const { view, laid } = await stepSequenceLaid(trace, s.number, detail, opts.cache);
      out.push(frame(s.number, view, laid));
    }
    return out;
  }
  if (kind === 'architecture') {
    const out: Frame[] = [];
    // The steps the whole picture draws interactions of: the scenario's `diagrams.architecture.steps`, else its focus
    // (scene-setting steps have no frame, as their interactions are not drawn).
    const focus = focusSteps(trace);
    const chosen = opts.diagrams?.architecture.steps;
    const chosenFocus = chosen?.filter((n) => focus.includes(n));
    const shown = chosen === undefined ? focus : chosenFocus !== undefined && chosenFocus.length > 0 ? chosenFocus : chosen;
    for (const s of trace.steps) {
      if (!wanted(s.number) || !shown.includes(s.number)) continue;
      const view = stepArchitecture(trace, s.number, detail);
      if (!drawsSomething(view)) continue;
      const laid = opts.cache?.trace === trace ? await opts.cache.laid(view) : await layout(view);
      out.push(frame(s.number, view, { ...laid, steps: trace.steps.map((t) => ({ number: t.number, title: t.title })) }));
    }
    return out;
  }
  const view = buildView(trace, kind, { detail, ...(opts.diagrams?.flowchart.step !== undefined ? { step: opts.diagrams.flowchart.step } : {}) });
  const laid = opts.cache?.trace === trace ? await opts.cache.laid(view) : await layout(view);
  const drawn = drawnSteps(view);
  return trace.steps.filter((s) => drawn.has(s.number) && wanted(s.number)).map((s) => frame(s.number, view, laid));
}
