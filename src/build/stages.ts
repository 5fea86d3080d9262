/**
 * The pipeline stages that build, check, diff and watch call, behind one
 * interface so tests can inject fakes (a render that fails mid-build, a
 * simulation that counts its calls) without touching the real stages.
 */
import type { Result } from '../common/result.ts';
import type { PictureCache } from '../render/frames.ts';
import type { Scenario } from '../scenario/types.ts';
import type { Trace } from '../trace/types.ts';
import type { View, ViewKind } from '../views/types.ts';

export interface Stages {
  loadScenario(path: string, opts: { cwd: string }): Promise<Result<Scenario>>;
  simulate(scenario: Scenario, opts?: { kubernetes?: string }): Trace;
  /** The view of one kind, with the scenario's `diagrams:` settings applied. */
  buildView(trace: Trace, kind: ViewKind, settings: Scenario['diagrams'] | undefined): View;
  renderView(view: View, opts: { format: 'svg' | 'png'; theme: 'light' | 'dark' }): Promise<string | Uint8Array>;
  /**
   * SVG and PNG of one view from one layout (the PNG rasterises that SVG).
   * `svg`: the view's light SVG when the caller already has it (then only the PNG is drawn).
   */
  renderSvgAndPng(view: View, svg?: string): Promise<{ svg: string; png: Uint8Array }>;
  toMermaid(view: View): string;
  /**
   * The step frames of a graph view (`frames: true` in `diagrams:`): one
   * layout, step N lit (src/render/frames.ts), for the given steps it draws.
   */
  frames(trace: Trace, kind: 'architecture' | 'flowchart', settings: Scenario['diagrams'], steps: readonly number[]): Promise<{ step: number; view: View; svg: string }[]>;
  /** The self-contained HTML player of a trace (`out/<name>/index.html`, src/render/html.ts). */
  player(trace: Trace, settings: Scenario['diagrams']): Promise<string>;
  /**
   * The same stages drawing the pictures of one trace (a scenario's gallery
   * pictures, frames and player) from one PictureCache (src/render/frames.ts):
   * each distinct view is laid out once and that layout is shared by every
   * output that draws it. The fit search's levels, a step's slide and its
   * player frame, the player's detail levels often draw the same view. Same
   * bytes as without it (test/workflows/scenario-cache.test.ts). Optional: a
   * fake without it draws through itself. `cache`: the cache to use (tests
   * count with it); default a new one, dropped with the returned stages.
   */
  forTrace?(trace: Trace, cache?: PictureCache): Stages;
}

/**
 * The real stages, imported lazily: `import-audit` or `export-otlp` should
 * not pay for loading elkjs, resvg and the cluster model. The renderer
 * (elkjs, resvg, fonts) loads on the first call of a drawing stage, so
 * `explain`, `trace` and `export-otlp`, which only load and simulate, never
 * load it (test/build/stages-lazy.test.ts).
 */
export async function realStages(): Promise<Stages> {
  const [scenario, cluster, views, mermaid] = await Promise.all([
    import('../scenario/index.ts'),
    import('../cluster/index.ts'),
    import('../views/index.ts'),
    import('../render/mermaid/index.ts'),
  ]);
  let renderP: Promise<typeof import('../render/index.ts')> | undefined;
  const renderer = () => (renderP ??= import('../render/index.ts'));
  let framesP: Promise<typeof import('../render/frames.ts')> | undefined;
  const framesModule = () => (framesP ??= import('../render/frames.ts'));
  /** The drawing stages, laying out through `shared`'s cache when given (one trace's pictures). */
  const drawing = (shared?: { trace: Trace; cache: () => Promise<PictureCache> }): Pick<Stages, 'renderView' | 'renderSvgAndPng' | 'frames' | 'player'> => {
    const cacheFor = async (trace: Trace) => (shared?.trace === trace ? await shared.cache() : undefined);
    const laid = async (view: View) => (shared ? (await shared.cache()).laid(view) : (await renderer()).layout(view));
    return {
      renderView: async (view, opts) => (await renderer()).renderLaidOut(await laid(view), opts),
      renderSvgAndPng: async (view, drawn) => {
        const render = await renderer();
        const svg = drawn ?? (render.renderLaidOut(await laid(view), { format: 'svg', theme: 'light' }) as string);
        return { svg, png: await render.renderPngAsync(svg) };
      },
      frames: async (trace, kind, settings, steps) => {
        const { viewFrames } = await framesModule();
        const cache = await cacheFor(trace);
        const frames = await viewFrames(trace, kind, { detail: settings.detail ?? 'standard', diagrams: settings, steps, ...(cache ? { cache } : {}) });
        return frames.map((f) => ({ step: f.step, view: f.view, svg: f.svg }));
      },
      player: async (trace, settings) => {
        const { playerHtml } = await import('../render/html.ts');
        const cache = await cacheFor(trace);
        return playerHtml(trace, { diagrams: settings, ...(settings.detail !== undefined ? { detail: settings.detail } : {}), ...(cache ? { cache } : {}) });
      },
    };
  };
  const stages: Stages = {
    loadScenario: (path, opts) => scenario.loadScenario(path, opts),
    simulate: (s, opts) => cluster.simulate(s, opts),
    buildView: (trace, kind, settings) => {
      const steps = kind === 'flowchart' ? undefined : settings?.[kind].steps;
      const step = kind === 'flowchart' ? settings?.flowchart.step : undefined;
      return views.buildView(trace, kind, { ...(steps ? { steps } : {}), ...(step !== undefined ? { step } : {}), ...(settings?.detail !== undefined ? { detail: settings.detail } : {}) });
    },
    toMermaid: (view) => mermaid.toMermaid(view),
    ...drawing(),
    forTrace: (trace, given) => {
      let cacheP: Promise<PictureCache> | undefined;
      const cache = () => (cacheP ??= given ? Promise.resolve(given) : framesModule().then((f) => new f.PictureCache(trace)));
      return { ...stages, ...drawing({ trace, cache }) };
    },
  };
  return stages;
}
