/**
 * Mermaid rendering: the whole set of fixture diagrams through one browser
 * (our MermaidRenderer) against one `mmdc` process per diagram, as a ratio;
 * plus three views of one typical scenario against the native renderer.
 * Skipped (no figures) when Chromium is missing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BenchFigure } from './types.ts';
import type { View } from '../src/views/types.ts';
import { VIEW_KINDS } from '../src/views/types.ts';
import { buildView } from '../src/views/index.ts';
import { readTrace } from '../src/trace/io.ts';
import { toMermaid } from '../src/render/mermaid/index.ts';
import { CHROMIUM_ARGS, MermaidRenderer, chromiumPath, type MermaidEngine } from '../src/render/mermaid/browser.ts';

const run$ = promisify(execFile);
const TRACES = 'test/fixtures/traces';
const REPEAT = 3;

export async function run(): Promise<BenchFigure[]> {
  if (!existsSync(chromiumPath())) {
    process.stderr.write(`  mermaid bench skipped: no Chromium at ${chromiumPath()}\n`);
    return [];
  }
  const gallery = fixtureDiagrams();
  const n = gallery.length;
  const oneBrowser = `mermaid-cli ${n} diagrams, one browser (svg)`;
  const figures: BenchFigure[] = [
    { name: oneBrowser, ms: median(await repeat(() => renderAll(gallery, 'warm-page'))), note: 'warm pages, launch included' },
    {
      name: `mermaid-cli ${n} diagrams, renderMermaid page per diagram (svg)`,
      ms: await renderAll(gallery, 'render-mermaid'),
      baseline: oneBrowser,
      note: 'one browser, mermaid-cli Node API per diagram, 1 run',
    },
    {
      name: `mermaid-cli ${n} diagrams, one mmdc process each (svg)`,
      ms: await mmdcEach(gallery),
      baseline: oneBrowser,
      note: 'node_modules/.bin/mmdc, 1 run',
    },
  ];
  const typical = gallery.filter((d) => d.name.startsWith('apply-deployment/'));
  if (typical.length === 3) {
    figures.push({
      name: 'mermaid-cli render 3 views (svg)',
      ms: median(await repeat(() => renderAll(typical, 'warm-page'))),
      baseline: 'native render 3 views (svg)',
      note: 'apply-deployment, browser launch included',
    });
  }
  return figures;
}

interface Diagram {
  name: string;
  mmd: string;
}

function fixtureDiagrams(): Diagram[] {
  const files = readdirSync(TRACES).filter((f) => f.endsWith('.trace.json')).sort();
  return files.flatMap((file) => {
    const trace = readTrace(readFileSync(join(TRACES, file), 'utf8'), file);
    if (!trace.ok) return [];
    const base = file.replace(/\.trace\.json$/, '');
    return VIEW_KINDS.map((kind) => {
      const view: View = buildView(trace.value, kind);
      return { name: `${base}/${kind}`, mmd: toMermaid(view) };
    });
  });
}

async function renderAll(diagrams: Diagram[], engine: MermaidEngine): Promise<number> {
  const start = performance.now();
  const renderer = await MermaidRenderer.open({ engine });
  try {
    await Promise.all(diagrams.map((d) => renderer.render(d.mmd, { format: 'svg', theme: 'light' })));
  } finally {
    await renderer.close();
  }
  return performance.now() - start;
}

/** The baseline users would script themselves: `mmdc -i x.mmd -o x.svg` per diagram. */
async function mmdcEach(diagrams: Diagram[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'kubescene-mmdc-'));
  try {
    const config = join(dir, 'puppeteer.json');
    writeFileSync(config, JSON.stringify({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS }));
    const inputs = diagrams.map((d, i) => {
      const file = join(dir, `${i}.mmd`);
      writeFileSync(file, d.mmd);
      return file;
    });
    const start = performance.now();
    for (const input of inputs) {
      await run$('node_modules/.bin/mmdc', ['-q', '-p', config, '-c', 'templates/mermaid/light.json', '-i', input, '-o', input.replace(/\.mmd$/, '.svg')]);
    }
    return performance.now() - start;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function repeat(f: () => Promise<number>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < REPEAT; i++) out.push(await f());
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
