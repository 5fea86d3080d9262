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
import { Resvg } from '@resvg/resvg-js';
import { renderPng, resvgOptions } from '../src/render/png.ts';
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
 * test/trace/__golden__): per diagram the CPU time (user + system of this
 * process, so a loaded machine's waiting does not count) of its layout, of
 * the SVG writer alone, and of its PNG (with the pixel budget, and at the
 * fixed 2× kubescene used before the budget), one run each. "Its SVG" is
 * reported both ways: the SVG writer alone (the laid-out view to text) and
 * layout + SVG writer (what producing the SVG of that view costs). The
 * figures are the medians of the per-diagram ratios.
 *
 * And where a PNG's CPU goes, piece by piece (issue 11 item 2): resvg's
 * parse (usvg: XML, CSS, the text shaped and outlined, the font database),
 * its rasterising (and of that, what the boxes' shadows cost: the same SVG
 * drawn without its `ks-shadow` groups, svg/shapes.ts), and the encoding
 * (resvg-js's `asPng`).
 */
async function galleryPngCost(theme: ReturnType<typeof loadTheme>): Promise<BenchFigure[]> {
  const dir = fileURLToPath(new URL('../test/trace/__golden__/', import.meta.url));
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const vsWriter: number[] = [];
  const vsLayoutSvg: number[] = [];
  const vsWriter2x: number[] = [];
  const mpx: number[] = [];
  let layoutTotal = 0;
  let svgTotal = 0;
  let pngTotal = 0;
  let png2xTotal = 0;
  let parseTotal = 0;
  let rasterTotal = 0;
  let noShadowTotal = 0;
  let encodeTotal = 0;
  const files = readdirSync(dir).filter((f) => f.endsWith('.trace.json')).sort();
  for (const f of files) {
    const read = readTrace(readFileSync(dir + f, 'utf8'), f);
    if (!read.ok) continue;
    for (const kind of VIEW_KINDS) {
      const view = buildView(read.value, kind);
      let t = cpu();
      const laid = await layout(view);
      const layoutMs = cpu() - t;
      t = cpu();
      const svg = renderSvg(laid, { theme });
      // CPU clocks tick coarsely: never divide by less than 0.1 ms.
      const svgMs = Math.max(0.1, cpu() - t);
      t = cpu();
      const opts = resvgOptions(svg, {});
      const resvg = new Resvg(svg, opts);
      const parseMs = cpu() - t;
      t = cpu();
      const image = resvg.render();
      const rasterMs = cpu() - t;
      t = cpu();
      const png = new Uint8Array(image.asPng());
      const encodeMs = cpu() - t;
      const pngMs = parseMs + rasterMs + encodeMs;
      const plain = new Resvg(svg.replace(/<g class="ks-shadow"[^>]*>.*?<\/g>/g, ''), opts);
      t = cpu();
      plain.render();
      noShadowTotal += cpu() - t;
      parseTotal += parseMs;
      rasterTotal += rasterMs;
      encodeTotal += encodeMs;
      t = cpu();
      renderPng(svg, { scale: 2 });
      const png2xMs = cpu() - t;
      const ihdr = new DataView(png.buffer, png.byteOffset, png.byteLength);
      mpx.push((ihdr.getUint32(16) * ihdr.getUint32(20)) / 1e6);
      layoutTotal += layoutMs;
      svgTotal += svgMs;
      pngTotal += pngMs;
      png2xTotal += png2xMs;
      vsWriter.push(pngMs / svgMs);
      vsLayoutSvg.push(pngMs / (layoutMs + svgMs));
      vsWriter2x.push(png2xMs / svgMs);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const n = vsWriter.length;
  const writer = `gallery svg writer, CPU (${n} diagrams)`;
  return [
    { name: writer, ms: svgTotal },
    { name: `gallery layout + svg writer, CPU (${n} diagrams)`, ms: layoutTotal + svgTotal, baseline: writer },
    {
      name: `gallery png, pixel budget, CPU (${n} diagrams)`,
      ms: pngTotal,
      baseline: writer,
      note: `median PNG per diagram ${med(vsWriter).toFixed(1)}× its SVG writer, ${med(vsLayoutSvg).toFixed(2)}× its layout + SVG; median ${med(mpx).toFixed(2)} Mpx, ${mpx.reduce((a, b) => a + b, 0).toFixed(0)} Mpx in all`,
    },
    {
      name: `gallery png pieces: parse + rasterise + encode, CPU (${n} diagrams)`,
      ms: parseTotal + rasterTotal + encodeTotal,
      note: `parse ${(parseTotal / 1000).toFixed(1)} s, rasterise ${(rasterTotal / 1000).toFixed(1)} s (without the box shadows ${(noShadowTotal / 1000).toFixed(1)} s), encode (resvg-js asPng) ${(encodeTotal / 1000).toFixed(1)} s`,
    },
    { name: `gallery png, fixed 2× (before), CPU`, ms: png2xTotal, baseline: `gallery png, pixel budget, CPU (${n} diagrams)`, note: `median PNG per diagram ${med(vsWriter2x).toFixed(1)}× its SVG writer` },
  ];
}
