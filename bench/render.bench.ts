/**
 * Native render speed: all three views of the apply-deployment fixture trace
 * to SVG (layout + SVG writer), warm, median of N runs. The Mermaid engineer's
 * bench compares mermaid-cli against the figure named BASELINE.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readTrace } from '../src/trace/io.ts';
import { buildView } from '../src/views/index.ts';
import { VIEW_KINDS } from '../src/views/types.ts';
import { layout } from '../src/layout/index.ts';
import { renderSvg } from '../src/render/svg/index.ts';
import { renderPng } from '../src/render/png.ts';
import { loadTheme } from '../src/render/theme.ts';
import type { BenchFigure } from './types.ts';

export const BASELINE = 'native render 3 views (svg)';
const RUNS = 15;
const WARMUP = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

export async function run(): Promise<BenchFigure[]> {
  const file = fileURLToPath(new URL('../test/fixtures/traces/apply-deployment.trace.json', import.meta.url));
  const read = readTrace(readFileSync(file, 'utf8'), 'apply-deployment.trace.json');
  if (!read.ok) throw new Error('fixture trace does not read');
  const trace = read.value;
  const theme = loadTheme('light');
  const views = VIEW_KINDS.map((k) => buildView(trace, k));
  const size = views.map((v) => `${v.kind} ${v.kind === 'sequence' ? v.participants.length : v.nodes.length}n`).join(', ');

  const all = await time(async () => {
    for (const v of views) renderSvg(await layout(v), { theme });
  });
  const laid = await Promise.all(views.map((v) => layout(v)));
  const svgOnly = await time(async () => {
    for (const l of laid) renderSvg(l, { theme });
  });
  const perView: BenchFigure[] = [];
  for (const v of views) perView.push({ name: `native layout ${v.kind}`, ms: await time(() => layout(v)), baseline: BASELINE });
  const svg = renderSvg(laid[0]!, { theme });
  const png = await time(async () => renderPng(svg));
  const gallery = await galleryPngCost(theme);
  return [
    ...gallery,
    { name: BASELINE, ms: all, note: size },
    ...perView,
    { name: 'native svg writer 3 views (laid out)', ms: svgOnly, baseline: BASELINE },
    { name: 'native png architecture 2x (resvg)', ms: png, baseline: BASELINE },
  ];
}

/**
 * PNG against SVG over every scenario's three views (the gallery's traces,
 * test/trace/__golden__): per diagram the SVG writer's time and the PNG's
 * (pixel budget, and the fixed 2× kubescene used before it), one run each;
 * the figures are the medians of the per-diagram ratios.
 */
async function galleryPngCost(theme: ReturnType<typeof loadTheme>): Promise<BenchFigure[]> {
  const dir = fileURLToPath(new URL('../test/trace/__golden__/', import.meta.url));
  const ratioBudget: number[] = [];
  const ratio2x: number[] = [];
  let svgTotal = 0;
  let pngTotal = 0;
  let png2xTotal = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.trace.json')).sort();
  for (const f of files) {
    const read = readTrace(readFileSync(dir + f, 'utf8'), f);
    if (!read.ok) continue;
    for (const kind of VIEW_KINDS) {
      const laid = await layout(buildView(read.value, kind));
      let t = performance.now();
      const svg = renderSvg(laid, { theme });
      const svgMs = Math.max(0.01, performance.now() - t);
      t = performance.now();
      renderPng(svg);
      const pngMs = performance.now() - t;
      t = performance.now();
      renderPng(svg, { scale: 2 });
      const png2xMs = performance.now() - t;
      svgTotal += svgMs;
      pngTotal += pngMs;
      png2xTotal += png2xMs;
      ratioBudget.push(pngMs / svgMs);
      ratio2x.push(png2xMs / svgMs);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const n = ratioBudget.length;
  return [
    { name: `gallery svg writer (${n} diagrams)`, ms: svgTotal },
    { name: `gallery png, pixel budget (${n} diagrams)`, ms: pngTotal, baseline: `gallery svg writer (${n} diagrams)`, note: `median PNG/SVG per diagram ${med(ratioBudget).toFixed(1)}×` },
    { name: `gallery png, fixed 2× (before)`, ms: png2xTotal, baseline: `gallery png, pixel budget (${n} diagrams)`, note: `median PNG/SVG per diagram ${med(ratio2x).toFixed(1)}×` },
  ];
}
