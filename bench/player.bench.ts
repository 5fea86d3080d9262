/**
 * The HTML player and the animated SVG of one scenario (apply-deployment,
 * simulated from scenarios/), warm, in this process, median of a few runs,
 * against the native SVG render of the same three views (layout + SVG writer,
 * at the scenario's level) measured in the same run.
 *
 * The player and the animated SVGs of architecture and sequence made together
 * (one PictureCache per run, as a build of one scenario would share it): the
 * issue-13 target, < 1 s warm.
 *
 * And what `out/<name>/index.html` adds to a cold gallery build: the scenario
 * library built in-process into fresh folders with the real stages, and with
 * the real stages but no player (`player` returns ''), alternately
 * (without, with, without: the first pays module loading and JIT warm-up;
 * the figure is "with" against the later "without").
 * KUBESCENE_BENCH_PLAYER_BUILD=0 skips the two gallery builds (minutes).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../src/scenario/index.ts';
import { simulate } from '../src/cluster/index.ts';
import { buildView } from '../src/views/index.ts';
import { VIEW_KINDS } from '../src/views/types.ts';
import { layout } from '../src/layout/index.ts';
import { renderSvg } from '../src/render/svg/index.ts';
import { loadTheme } from '../src/render/theme.ts';
import { PictureCache, viewFrames } from '../src/render/frames.ts';
import { animatedSvg } from '../src/render/animate.ts';
import { playerHtml } from '../src/render/html.ts';
import { runBuild } from '../src/build/build.ts';
import { toolHash } from '../src/build/fsio.ts';
import { realStages, type Stages } from '../src/build/stages.ts';
import type { BenchFigure } from './types.ts';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
export const BASELINE = 'native svg 3 views of apply-deployment (scenario level)';
const RUNS = 5;
const WARMUP = 1;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** min/median/max of the warm runs, for the figure's note. */
const spreads = new Map<string, string>();

async function time(fn: () => Promise<unknown>, runs = RUNS, label?: string): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  const s = [...times].sort((a, b) => a - b);
  if (label) spreads.set(label, `min/median/max ${s[0]!.toFixed(0)}/${median(times).toFixed(0)}/${s[s.length - 1]!.toFixed(0)} ms over ${runs} warm runs`);
  return median(times);
}

async function galleryBuild(stages: Stages, tool: string): Promise<number> {
  const out = await mkdtemp(join(tmpdir(), 'ks-bench-player-'));
  try {
    const t = performance.now();
    await runBuild({ paths: ['scenarios'], out, cwd: ROOT, stages, toolHash: tool });
    return performance.now() - t;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

export async function run(): Promise<BenchFigure[]> {
  const loaded = await loadScenario('scenarios/apply-deployment.yaml', { cwd: ROOT });
  if (!loaded.ok) throw new Error('scenarios/apply-deployment.yaml does not load');
  const scenario = loaded.value;
  const trace = simulate(scenario);
  const detail = scenario.diagrams.detail ?? 'standard';
  const theme = loadTheme('light');
  const background = theme.background;

  const native = await time(async () => {
    for (const k of VIEW_KINDS) renderSvg(await layout(buildView(trace, k, { detail })), { theme });
  }, RUNS, 'native');
  let size = 0;
  const player = await time(async () => {
    size = (await playerHtml(trace, { diagrams: scenario.diagrams, detail })).length;
  }, RUNS, 'player');
  const animated: BenchFigure[] = [];
  for (const kind of ['sequence', 'architecture'] as const) {
    let bytes = 0;
    const ms = await time(async () => {
      const frames = await viewFrames(trace, kind, { detail, diagrams: scenario.diagrams });
      bytes = animatedSvg(frames, { background, title: trace.header.scenario.title }).length;
    }, RUNS, kind);
    animated.push({ name: `animated svg ${kind} of apply-deployment`, ms, baseline: BASELINE, note: `${bytes} bytes; ${spreads.get(kind)}` });
  }
  // What one scenario's player and its animated SVGs cost made together, as a build makes them: one
  // PictureCache per run (fresh each run, so no run reuses an earlier run's layouts).
  let together = 0;
  const both = await time(async () => {
    const cache = new PictureCache(trace);
    together = (await playerHtml(trace, { diagrams: scenario.diagrams, detail, cache })).length;
    for (const kind of ['architecture', 'sequence'] as const) {
      const frames = await viewFrames(trace, kind, { detail, diagrams: scenario.diagrams, cache });
      together += animatedSvg(frames, { background, title: trace.header.scenario.title }).length;
    }
  }, RUNS, 'both');
  const figures: BenchFigure[] = [
    { name: BASELINE, ms: native, note: spreads.get('native') },
    { name: 'player + animated svg (architecture, sequence) of apply-deployment, one PictureCache', ms: both, baseline: BASELINE, note: `${together} bytes; ${spreads.get('both')}` },
    { name: 'html player of apply-deployment (index.html)', ms: player, baseline: BASELINE, note: `${size} bytes, 3 views × 3 levels × 2 themes; ${spreads.get('player')}` },
    ...animated,
  ];
  if (process.env.KUBESCENE_BENCH_PLAYER_BUILD === '0') return figures;

  const real = await realStages();
  const noPlayer: Stages = { ...real, player: async () => '' };
  const tool = await toolHash();
  await galleryBuild(noPlayer, tool); // warm-up: module loading, JIT
  const withPlayer = await galleryBuild(real, tool);
  const without = await galleryBuild(noPlayer, tool);
  figures.push(
    { name: 'gallery build without index.html (in-process, fresh folder)', ms: without },
    { name: 'gallery build with index.html (in-process, fresh folder)', ms: withPlayer, baseline: 'gallery build without index.html (in-process, fresh folder)', note: `index.html adds ${((withPlayer - without) / 1000).toFixed(1)} s` },
  );
  return figures;
}
