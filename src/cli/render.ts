/**
 * `kubescene render <scenario|trace>`: views of one trace as SVG, PNG, layout
 * JSON (native renderer), Mermaid/D2/PlantUML text, or SVG/PNG through
 * mermaid-cli. Everything is rendered in memory first and then written
 * atomically, so an error never leaves a half-written file.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { DiagnosticError, type Diagnostic } from '../common/diagnostic.ts';
import { writeAtomic } from '../common/fs.ts';
import { EXIT } from '../common/io.ts';
import type { Trace } from '../trace/types.ts';
import { VIEW_KINDS, type DetailLevel, type View, type ViewKind } from '../views/types.ts';
import { DETAIL_LEVELS, type Scenario } from '../scenario/types.ts';
import { THEME_NAMES, type ThemeName } from '../render/theme.ts';
import type { CliContext } from './context.ts';

type Diagrams = Scenario['diagrams'];

const VIEW_CHOICES = [...VIEW_KINDS, 'all'] as const;
const FORMATS = ['svg', 'png', 'layout', 'mmd', 'd2', 'puml', 'animated-svg', 'gif', 'apng', 'html', 'pptx'] as const;
/** Formats drawn from a view's step frames (src/render/frames.ts). */
const FRAME_FORMATS = ['animated-svg', 'gif', 'apng', 'html', 'pptx'] as const;
type FrameFormat = (typeof FRAME_FORMATS)[number];
const RENDERERS = ['native', 'mermaid'] as const;
type Format = (typeof FORMATS)[number];

interface RenderFlags {
  view: string;
  format: string;
  renderer: string;
  theme: string;
  step?: string;
  frames?: boolean;
  delay?: string;
  detail?: string;
  scale?: string;
  output: string;
}

interface RenderPlan {
  views: ViewKind[];
  format: Format;
  renderer: 'native' | 'mermaid';
  theme: ThemeName;
  step?: number;
  /** --frames / --step all: every step's frame of each view (svg, png). */
  frames?: boolean;
  /** --delay: ms per frame of animated-svg, gif, apng and the player's play button. */
  delayMs?: number;
  /** From --detail; else the scenario's `diagrams.detail`; else standard. */
  detail?: DetailLevel;
  /** PNG pixel density; default: the pixel budget of src/render/png.ts. */
  scale?: number;
  output: string;
}

/** One file to write: name and content. */
interface Output {
  name: string;
  data: string | Uint8Array;
}

class UsageError extends Error {}

export function registerRender(program: Command, ctx: CliContext): void {
  program
    .command('render')
    .description('render the views of a scenario or trace (SVG, PNG, layout JSON, Mermaid, D2, PlantUML)')
    .argument('<input>', 'scenario (YAML) or trace (JSON)')
    .option('--view <view>', `which view: ${VIEW_CHOICES.join(', ')}`, 'all')
    .option('--format <format>', `output format: ${FORMATS.join(', ')}`, 'svg')
    .option('--renderer <renderer>', 'native (no browser) or mermaid (mermaid-cli + Chromium), for svg and png', 'native')
    .option('--theme <theme>', `colour theme: ${THEME_NAMES.join(', ')}`, 'light')
    .option('--step <n>', 'step frame: architecture: the cluster after step N with step N\'s interactions; sequence: step N\'s own sequence; flowchart: the decision flow of step N; `all` = --frames')
    .option('--frames', 'every step\'s frame of each view in one call (<view>.step-NN.svg or .png)')
    .option('--delay <ms>', 'ms each frame shows in animated-svg, gif and apng, and between steps when the player plays (default 2000)')
    .option('--detail <level>', `how much to draw: ${DETAIL_LEVELS.join(', ')} (default: the scenario's diagrams.detail, else standard)`)
    .option('--scale <n>', 'PNG pixel density (default: 2 while the PNG stays within 4 Mpx, else the largest scale ≥ 1 that fits; docs/performance.md)')
    .option('-o, --output <dir>', 'output directory, or - for stdout (one view, text formats)', '.')
    .addHelpText(
      'after',
      '\nFiles are written as <dir>/<view>.<ext>, or <dir>/<view>.step-NN.<ext> (NN: two digits at\n' +
        'least) with --step N and with --frames, <dir>/<view>.animated.svg, <dir>/<view>.gif,\n' +
        '<dir>/<view>.apng, <dir>/index.html (the player: every view, step list, explanations) and\n' +
        '<dir>/slides.pptx (one slide per focus step; summary detail unless --detail). docs/outputs.md.\n' +
        'A scenario is simulated first; a trace (kubescene trace -o trace.json) is rendered as is.\n\n' +
        'Detail levels: summary draws one message per component hop (kubectl → API server → etcd →\n' +
        'controllers → scheduler → kubelet → runtime), sized for a slide; standard (the default) draws\n' +
        'every request with the API server\'s checks as one note and repeated work folded into loops;\n' +
        'full draws every event of the trace. Setup steps (setup: true) are always one band at the top.\n\n' +
        'Examples:\n' +
        '  kubescene render scenarios/apply-deployment.yaml -o out/apply-deployment\n' +
        '  kubescene render trace.json --view sequence --format png --theme dark\n' +
        '  kubescene render scenarios/get-pods.yaml --view sequence --detail summary --format png\n' +
        '  kubescene render trace.json --view architecture --step 2 -o slides\n' +
        '  kubescene render scenarios/rolling-update.yaml --frames -o frames\n' +
        '  kubescene render scenarios/apply-deployment.yaml --view architecture --format gif --delay 1500\n' +
        '  kubescene render scenarios/apply-deployment.yaml --format html -o player\n' +
        '  kubescene render trace.json --view flowchart --format mmd -o -',
    )
    .action(async (input: string, flags: RenderFlags) => {
      let plan: RenderPlan;
      try {
        plan = parseFlags(flags);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        ctx.io.stderr.write(`kubescene render: ${e.message}\n(run with --help for usage)\n`);
        ctx.fail(EXIT.invalid);
        return;
      }
      const loaded = await loadInput(ctx, input);
      if (!loaded) return;
      const { trace, detail, diagrams } = loaded;
      if (plan.detail === undefined && detail !== undefined) plan.detail = detail;
      try {
        const outputs = await renderAll(trace, plan, diagrams);
        await writeOutputs(ctx, plan, outputs);
      } catch (e) {
        if (!(e instanceof UsageError)) throw e;
        ctx.io.stderr.write(`kubescene render: ${e.message}\n`);
        ctx.fail(EXIT.invalid);
      }
    });
}

function oneOf<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')} (got ${JSON.stringify(value)})`);
}

export function parseFlags(flags: RenderFlags): RenderPlan {
  const view = oneOf('--view', flags.view, VIEW_CHOICES);
  const format = oneOf('--format', flags.format, FORMATS);
  const renderer = oneOf('--renderer', flags.renderer, RENDERERS);
  const theme = oneOf('--theme', flags.theme, THEME_NAMES);
  const views = view === 'all' ? [...VIEW_KINDS] : [view];
  const plan: RenderPlan = { views, format, renderer, theme, output: flags.output };
  if (flags.detail !== undefined) plan.detail = oneOf('--detail', flags.detail, DETAIL_LEVELS);
  if (flags.step === 'all') plan.frames = true;
  else if (flags.step !== undefined) {
    if (!/^[1-9]\d*$/.test(flags.step)) throw new UsageError(`--step must be a step number (1, 2, …), got ${JSON.stringify(flags.step)}`);
    plan.step = Number(flags.step);
  }
  if (flags.frames) plan.frames = true;
  const frameFormat = (FRAME_FORMATS as readonly string[]).includes(format);
  if (plan.frames && plan.step !== undefined) throw new UsageError('--frames draws every step: leave out --step N');
  if (plan.frames && format !== 'svg' && format !== 'png') throw new UsageError(`--frames writes svg or png frames (--format ${format} steps through the frames by itself)`);
  if (frameFormat && plan.step !== undefined) throw new UsageError(`--format ${format} steps through every frame: leave out --step N`);
  if (flags.delay !== undefined) {
    const delay = Number(flags.delay);
    if (!/^\d+$/.test(flags.delay) || delay < 20 || delay > 600_000) throw new UsageError(`--delay must be a whole number of ms from 20 to 600000, got ${JSON.stringify(flags.delay)}`);
    if (!['animated-svg', 'gif', 'apng', 'html'].includes(format)) throw new UsageError('--delay applies to --format animated-svg, gif, apng and html');
    plan.delayMs = delay;
  }
  if (flags.scale !== undefined) {
    const scale = Number(flags.scale);
    if (!/^\d+(\.\d+)?$/.test(flags.scale) || !(scale > 0 && scale <= 8)) throw new UsageError(`--scale must be a number above 0 and at most 8, got ${JSON.stringify(flags.scale)}`);
    if (!['png', 'gif', 'apng', 'pptx'].includes(format) || renderer !== 'native') throw new UsageError('--scale applies to --format png, gif, apng and pptx with --renderer native');
    plan.scale = scale;
  }
  if (renderer === 'mermaid' && format !== 'svg' && format !== 'png') {
    throw new UsageError(`--renderer mermaid draws svg or png; --format ${format} needs no renderer`);
  }
  if (renderer === 'mermaid' && (plan.step !== undefined || plan.frames)) throw new UsageError('--step frames need --renderer native');
  if (flags.output === '-') {
    if (views.length !== 1 && format !== 'html') throw new UsageError('-o - (stdout) needs a single --view');
    if (format === 'png' || format === 'gif' || format === 'apng' || format === 'pptx') throw new UsageError(`${format.toUpperCase()} is binary: write it to a directory with -o DIR`);
    if (plan.frames) throw new UsageError('--frames writes one file per step: write them to a directory with -o DIR');
  }
  return plan;
}

/**
 * A trace from a trace file, or by simulating a scenario (with the scenario's
 * `diagrams.detail`). Prints diagnostics and returns undefined on bad input.
 */
async function loadInput(ctx: CliContext, input: string): Promise<{ trace: Trace; detail?: DetailLevel; diagrams?: Diagrams } | undefined> {
  const [{ loadScenario, displayPath }, { looksLikeTrace, readHead, readTraceFile }] = await Promise.all([import('../scenario/index.ts'), import('../trace/io.ts')]);
  const abs = resolve(ctx.io.cwd, input);
  const shown = displayPath(ctx.io.cwd, abs);
  let head: string;
  try {
    head = await readHead(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : 'cannot be read';
    throw new DiagnosticError([{ code: 'input-unreadable', severity: 'error', message: `${why}: ${shown}`, file: shown }]);
  }
  if (looksLikeTrace(head)) {
    // Streamed: a trace file can be larger than V8's longest string (trace/read.ts).
    const read = await readTraceFile(abs, shown);
    if (!read.ok) throw new DiagnosticError(read.diagnostics);
    return { trace: read.value };
  }
  const loaded = await loadScenario(input, { cwd: ctx.io.cwd });
  if (!loaded.ok) throw new DiagnosticError(loaded.diagnostics);
  if (loaded.warnings.length > 0) ctx.printDiagnostics(loaded.warnings);
  const { simulate } = await import('../cluster/index.ts');
  const detail = loaded.value.diagrams.detail;
  return { trace: simulate(loaded.value), diagrams: loaded.value.diagrams, ...(detail !== undefined ? { detail } : {}) };
}

function checkStep(trace: Trace, step: number): void {
  if (trace.steps.some((s) => s.number === step)) return;
  const known = trace.steps.map((s) => s.number);
  throw new UsageError(`--step ${step}: the trace has ${known.length === 0 ? 'no steps' : `steps ${known.join(', ')}`}`);
}

function extension(format: Format): string {
  return format === 'layout' ? 'layout.json' : format;
}

/**
 * Every view asked for. From a scenario, its `diagrams:` settings choose the
 * steps as in `build` (so `render` draws what the gallery shows): the
 * flowchart's `step`, the architecture's and sequence's `steps`. `--step N`
 * overrides them.
 */
async function renderAll(trace: Trace, plan: RenderPlan, diagrams?: Diagrams): Promise<Output[]> {
  if (plan.step !== undefined) checkStep(trace, plan.step);
  if (plan.frames || (FRAME_FORMATS as readonly string[]).includes(plan.format)) return renderFrameFormats(trace, plan, diagrams);
  const detail = plan.detail ?? 'standard';
  const [{ buildView }, { stepSequence, stepSequenceLaid, stepArchitecture, frameName }] = await Promise.all([import('../views/index.ts'), import('../render/frames.ts')]);
  const views = plan.views.map((kind) => {
    // A sequence frame is the step's own sequence (as in --frames), not the whole run dimmed.
    if (plan.step !== undefined && kind === 'sequence') return stepSequence(trace, plan.step, detail);
    // An architecture frame is the cluster after that step with that step's interactions (as in --frames).
    if (plan.step !== undefined && kind === 'architecture') return stepArchitecture(trace, plan.step, detail);
    if (plan.step !== undefined) return buildView(trace, kind, { detail, step: plan.step });
    const steps = kind === 'flowchart' ? undefined : diagrams?.[kind].steps;
    const step = kind === 'flowchart' ? diagrams?.flowchart.step : undefined;
    return buildView(trace, kind, { detail, ...(steps ? { steps } : {}), ...(step !== undefined ? { step } : {}) });
  });
  // The same names as --frames and the gallery's per-step slides: <view>.step-NN.<ext>.
  const name = (v: View) => (plan.step !== undefined ? frameName(v.kind, plan.step, extension(plan.format)) : `${v.kind}.${extension(plan.format)}`);
  if (plan.format === 'mmd' || plan.format === 'd2' || plan.format === 'puml') {
    const emit = await textEmitter(plan.format);
    return views.map((v) => ({ name: name(v), data: emit(v) }));
  }
  if (plan.renderer === 'mermaid') return renderWithMermaid(views, plan, name);
  const [{ layout }, { renderLaidOut }] = await Promise.all([import('../layout/index.ts'), import('../render/index.ts')]);
  const out: Output[] = [];
  for (const v of views) {
    // A step's own sequence still counts every step in its caption ("Step 2 of 5").
    // So does an architecture frame, which is of that one step too.
    const own = plan.step !== undefined && v.kind === 'architecture' ? { ...(await layout(v)), steps: trace.steps.map((s) => ({ number: s.number, title: s.title })) } : undefined;
    const laid = plan.step !== undefined && v.kind === 'sequence' ? (await stepSequenceLaid(trace, plan.step, detail)).laid : (own ?? (await layout(v)));
    const opts = { format: plan.format as 'svg' | 'png' | 'layout', theme: plan.theme, ...(plan.step !== undefined ? { step: plan.step } : {}), ...(plan.scale !== undefined ? { scale: plan.scale } : {}) };
    out.push({ name: name(v), data: renderLaidOut(laid, opts) });
  }
  return out;
}

/**
 * --frames (svg/png frames of every step) and the formats made of frames:
 * animated SVG, GIF, APNG, the HTML player and PPTX (src/render/frames.ts …).
 */
async function renderFrameFormats(trace: Trace, plan: RenderPlan, diagrams?: Diagrams): Promise<Output[]> {
  const format = plan.format as FrameFormat | 'svg' | 'png';
  const frames = await import('../render/frames.ts');
  const theme = plan.theme;
  const frameOpts = (detail: DetailLevel) => ({ detail, theme, ...(diagrams ? { diagrams } : {}) });
  const delay = plan.delayMs !== undefined ? { delayMs: plan.delayMs } : {};
  const scale = plan.scale !== undefined ? { scale: plan.scale } : {};
  if (format === 'html') {
    const { playerHtml } = await import('../render/html.ts');
    const initial = plan.views.length === 1 ? plan.views[0]! : 'architecture';
    return [{ name: 'index.html', data: await playerHtml(trace, { view: initial, ...(plan.detail ? { detail: plan.detail } : {}), ...(diagrams ? { diagrams } : {}), ...delay }) }];
  }
  if (format === 'pptx') {
    const { slidesPptx } = await import('../render/pptx.ts');
    const kind = plan.views.length === 1 ? plan.views[0]! : 'sequence';
    const name = plan.views.length === 1 ? `${kind}.pptx` : 'slides.pptx';
    return [{ name, data: await slidesPptx(trace, { view: kind, detail: plan.detail ?? 'summary', theme, ...(diagrams ? { diagrams } : {}), ...scale }) }];
  }
  const detail = plan.detail ?? 'standard';
  const out: Output[] = [];
  for (const kind of plan.views) {
    const list = await frames.viewFrames(trace, kind, frameOpts(detail));
    if (list.length === 0) continue;
    if (format === 'svg' || format === 'png') {
      const { renderPng } = await import('../render/png.ts');
      for (const f of list) out.push({ name: frames.frameName(kind, f.step, format), data: format === 'svg' ? f.svg : renderPng(f.svg, scale) });
    } else if (format === 'animated-svg') {
      const [{ animatedSvg }, { loadTheme }] = await Promise.all([import('../render/animate.ts'), import('../render/theme.ts')]);
      out.push({ name: `${kind}.animated.svg`, data: animatedSvg(list, { background: loadTheme(theme).background, title: trace.header.scenario.title, ...delay }) });
    } else {
      const [{ animatedGif, animatedPng }, { loadTheme }] = await Promise.all([import('../render/gif.ts'), import('../render/theme.ts')]);
      const opts = { background: loadTheme(theme).background, ...delay, ...scale };
      out.push(format === 'gif' ? { name: `${kind}.gif`, data: animatedGif(list, opts) } : { name: `${kind}.apng`, data: animatedPng(list, opts) });
    }
  }
  return out;
}

type Emitter = (view: View) => string;

/** The text emitters live in their own modules and are loaded on demand. */
async function textEmitter(format: 'mmd' | 'd2' | 'puml'): Promise<Emitter> {
  const spec = {
    mmd: { path: '../render/mermaid/index.ts', fn: 'toMermaid' },
    d2: { path: '../render/d2/index.ts', fn: 'toD2' },
    puml: { path: '../render/plantuml/index.ts', fn: 'toPlantUml' },
  }[format];
  const mod = await importOptional(spec.path);
  const fn = mod?.[spec.fn];
  if (typeof fn !== 'function') throw new UsageError(`--format ${format} is not available in this build of kubescene`);
  return fn as Emitter;
}

async function importOptional(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(path)) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

interface MermaidRendererLike {
  render(mmd: string, opts: { format: 'svg' | 'png'; theme: ThemeName }): Promise<string | Uint8Array>;
  close(): Promise<void>;
}

async function renderWithMermaid(views: View[], plan: RenderPlan, name: (v: View) => string): Promise<Output[]> {
  const emit = await textEmitter('mmd');
  const browser = await importOptional('../render/mermaid/browser.ts');
  const cls = browser?.MermaidRenderer as { open(): Promise<MermaidRendererLike> } | undefined;
  if (!cls) {
    throw new UsageError(
      '--renderer mermaid needs the optional packages @mermaid-js/mermaid-cli and puppeteer, which are not installed\n' +
        '  (install them with `npm install --include=optional`, and a Chromium: see .puppeteerrc.cjs; --renderer native needs neither)',
    );
  }
  const renderer = await cls.open();
  try {
    const out: Output[] = [];
    for (const v of views) out.push({ name: name(v), data: await renderer.render(emit(v), { format: plan.format as 'svg' | 'png', theme: plan.theme }) });
    return out;
  } finally {
    await renderer.close();
  }
}

async function writeOutputs(ctx: CliContext, plan: RenderPlan, outputs: Output[]): Promise<void> {
  if (plan.output === '-') {
    // parseFlags refused PNG here, so every output is text.
    for (const o of outputs) if (typeof o.data === 'string') ctx.io.stdout.write(o.data);
    return;
  }
  const dir = resolve(ctx.io.cwd, plan.output);
  try {
    await mkdir(dir, { recursive: true });
  } catch (e) {
    throw new DiagnosticError([outputProblem(plan.output, e)]);
  }
  for (const o of outputs) {
    const target = join(dir, o.name);
    await writeAtomic(target, o.data);
    ctx.io.stderr.write(`wrote ${join(plan.output, o.name)}\n`);
  }
}

function outputProblem(dir: string, e: unknown): Diagnostic {
  return { code: 'output-unwritable', severity: 'error', message: `cannot create output directory ${dir}: ${(e as Error).message.split('\n')[0]}`, file: dir };
}

