/**
 * Mermaid rendering (mermaid-cli + Chromium) against the native renderer,
 * like for like on both sides:
 *
 * - cold vs cold: `kubescene render TRACE --view all` as a fresh process with
 *   `--renderer mermaid` and with the native renderer (the CLI's own
 *   configuration), and `mmdc` once per view (what users would script), all
 *   serial, under GNU time: CPU of the whole process tree, Chromium's
 *   processes included (GNU time counts every descendant that was waited for).
 * - warm vs warm: in one process, after a warm-up, the fixture diagrams one
 *   at a time (serial) through one open browser, and through the native
 *   layout + SVG writer; the Mermaid side's CPU is this process's plus that of
 *   Chromium's processes (read from /proc while they run).
 *
 * Several runs, min/median/max; each figure a ratio to the native side of the
 * same run. Skipped (no figures) when Chromium or mermaid-cli is missing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchFigure } from './types.ts';
import type { View } from '../src/views/types.ts';
import { VIEW_KINDS } from '../src/views/types.ts';
import { buildView } from '../src/views/index.ts';
import { readTrace } from '../src/trace/io.ts';
import { layout } from '../src/layout/index.ts';
import { renderSvg } from '../src/render/svg/index.ts';
import { loadTheme } from '../src/render/theme.ts';
import { toMermaid } from '../src/render/mermaid/index.ts';
import { CHROMIUM_ARGS, MermaidRenderer, chromiumPath } from '../src/render/mermaid/browser.ts';
import { HAVE_TIME, ROOT, descendantsCpuMs, fmtSpread, spread, timed } from './proc.ts';

const TRACES = 'test/fixtures/traces';
const TYPICAL = `${TRACES}/apply-deployment.trace.json`;
const RUNS = Number(process.env.KUBESCENE_BENCH_MERMAID_RUNS ?? 3);

export async function run(): Promise<BenchFigure[]> {
  if (!existsSync(chromiumPath()) || !existsSync(join(ROOT, 'node_modules/.bin/mmdc'))) {
    process.stderr.write(`  mermaid bench skipped: no Chromium at ${chromiumPath()} or no mermaid-cli\n`);
    return [];
  }
  return [...(HAVE_TIME ? cold() : []), ...(await warm())];
}

/** Fresh processes, serial, the CLI's configuration; CPU of the whole process tree. */
function cold(): BenchFigure[] {
  const dir = mkdtempSync(join(tmpdir(), 'ks-bench-mmd-'));
  try {
    const render = (renderer: string) => timed([process.execPath, 'bin/kubescene.js', 'render', TYPICAL, '--view', 'all', '--format', 'svg', '--renderer', renderer, '-o', join(dir, renderer)]);
    // The mmdc baseline: one process per view, as a user's script would run it.
    const read = readTrace(readFileSync(join(ROOT, TYPICAL), 'utf8'), TYPICAL);
    if (!read.ok) throw new Error('fixture trace does not read');
    const config = join(dir, 'puppeteer.json');
    writeFileSync(config, JSON.stringify({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS }));
    const inputs = VIEW_KINDS.map((kind) => {
      const file = join(dir, `${kind}.mmd`);
      writeFileSync(file, toMermaid(buildView(read.value, kind)));
      return file;
    });
    const mmdc = () => {
      const s = inputs.map((input) => timed([join(ROOT, 'node_modules/.bin/mmdc'), '-q', '-p', config, '-c', 'templates/mermaid/light.json', '-i', input, '-o', input.replace(/\.mmd$/, '.svg')]));
      return { cpuMs: s.reduce((a, x) => a + x.cpuMs, 0), wallMs: s.reduce((a, x) => a + x.wallMs, 0), rssKiB: Math.max(...s.map((x) => x.rssKiB)) };
    };
    render('native');
    render('mermaid'); // warm the file cache (and Chromium's) on both sides
    const native: ReturnType<typeof render>[] = [];
    const mermaid: ReturnType<typeof render>[] = [];
    const each: ReturnType<typeof mmdc>[] = [];
    for (let i = 0; i < RUNS; i++) {
      native.push(render('native'));
      mermaid.push(render('mermaid'));
      each.push(mmdc());
    }
    const base = 'cold: kubescene render 3 views, native (CPU, fresh process)';
    const fig = (name: string, xs: { cpuMs: number; wallMs: number; rssKiB: number }[], baseline?: string): BenchFigure => ({
      name,
      ms: spread(xs.map((x) => x.cpuMs)).median,
      peakMiB: Math.max(...xs.map((x) => x.rssKiB)) / 1024,
      ...(baseline ? { baseline } : {}),
      note: `CPU ${fmtSpread(xs.map((x) => x.cpuMs))}, wall ${fmtSpread(xs.map((x) => x.wallMs))}; ${RUNS} runs`,
    });
    return [
      fig(base, native),
      fig('cold: kubescene render 3 views, --renderer mermaid (CPU incl. Chromium)', mermaid, base),
      fig('cold: mmdc once per view, 3 processes (CPU incl. Chromium)', each, base),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Diagram {
  name: string;
  view: View;
  mmd: string;
}

function fixtureDiagrams(): Diagram[] {
  const files = readdirSync(TRACES).filter((f) => f.endsWith('.trace.json')).sort();
  return files.flatMap((file) => {
    const trace = readTrace(readFileSync(join(TRACES, file), 'utf8'), file);
    if (!trace.ok) return [];
    const base = file.replace(/\.trace\.json$/, '');
    return VIEW_KINDS.map((kind) => {
      const view = buildView(trace.value, kind);
      return { name: `${base}/${kind}`, view, mmd: toMermaid(view) };
    });
  });
}

const ownCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** One process, warm, serial: every fixture diagram once per run. */
async function warm(): Promise<BenchFigure[]> {
  const gallery = fixtureDiagrams();
  const n = gallery.length;
  const theme = loadTheme('light');
  const nativeOnce = async () => {
    const c = ownCpuMs();
    const t = performance.now();
    for (const d of gallery) renderSvg(await layout(d.view), { theme });
    return { cpuMs: ownCpuMs() - c, wallMs: performance.now() - t };
  };
  await nativeOnce();
  const native: { cpuMs: number; wallMs: number }[] = [];
  for (let i = 0; i < RUNS; i++) native.push(await nativeOnce());

  const renderer = await MermaidRenderer.open();
  const mermaid: { cpuMs: number; wallMs: number }[] = [];
  try {
    const mermaidOnce = async () => {
      const c = ownCpuMs() + descendantsCpuMs();
      const t = performance.now();
      for (const d of gallery) await renderer.render(d.mmd, { format: 'svg', theme: 'light' });
      const wallMs = performance.now() - t;
      return { cpuMs: ownCpuMs() + descendantsCpuMs() - c, wallMs };
    };
    await mermaidOnce();
    for (let i = 0; i < RUNS; i++) mermaid.push(await mermaidOnce());
  } finally {
    await renderer.close();
  }
  const base = `warm: native layout + svg, ${n} diagrams serial (CPU)`;
  const note = (xs: { cpuMs: number; wallMs: number }[]) => `CPU ${fmtSpread(xs.map((x) => x.cpuMs))}, wall ${fmtSpread(xs.map((x) => x.wallMs))}; ${RUNS} runs after a warm-up`;
  return [
    { name: base, ms: spread(native.map((x) => x.cpuMs)).median, note: note(native) },
    { name: `warm: mermaid-cli, one browser, ${n} diagrams serial (CPU incl. Chromium)`, ms: spread(mermaid.map((x) => x.cpuMs)).median, baseline: base, note: note(mermaid) },
  ];
}
