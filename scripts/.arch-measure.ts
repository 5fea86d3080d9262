import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { simulate } from '../src/cluster/index.ts';
import { loadScenario } from '../src/scenario/index.ts';
import { layout } from '../src/layout/index.ts';
import { renderLaidOut } from '../src/render/index.ts';
import { realStages } from '../src/build/stages.ts';
import { galleryPictures } from '../src/build/pictures.ts';
import { pageText, shownText, svgSize, fitsSlide } from '../src/build/fit.ts';
import { allProblems } from '../test/layout/check.ts';
const root = new URL('../', import.meta.url).pathname;
const outDir = process.argv[2] ?? '/tmp/arch-slide/now';
const only = process.argv[3];
mkdirSync(outDir, { recursive: true });
const files = readdirSync(root + 'scenarios').filter((f) => f.endsWith('.yaml') && (!only || f.startsWith(only))).sort();
const real = await realStages();
for (const f of files) {
  const loaded = await loadScenario(`scenarios/${f}`, { cwd: root });
  if (!loaded.ok) continue;
  const trace = simulate(loaded.value);
  const st = { ...real, renderSvgAndPng: async (v: any, d?: string) => ({ svg: d ?? ((await real.renderView(v, { format: 'svg', theme: 'light' })) as string), png: new Uint8Array() }) };
  const settings = { ...loaded.value.diagrams, architecture: { ...loaded.value.diagrams.architecture, frames: false }, flowchart: { ...loaded.value.diagrams.flowchart, frames: false }, sequence: { ...loaded.value.diagrams.sequence, frames: false } };
  const pics = (await galleryPictures(trace, settings as any, st as any)).filter((p) => p.name === 'architecture');
  for (const p of pics) {
    const laid = await layout(p.view);
    const probs = allProblems(laid);
    const s = svgSize(p.svg);
    const name = f.replace(/\.yaml$/, '');
    writeFileSync(`${outDir}/${name}.svg`, p.svg);
    console.log(`${name.padEnd(24)} ${p.detail.padEnd(8)} ${s.width}x${s.height} slide ${shownText(s).toFixed(1)} page ${pageText(s).toFixed(1)} ${fitsSlide(s) ? 'FIT' : 'MISFIT'} problems ${probs.length}${probs.length ? ' ' + JSON.stringify(probs.slice(0, 3)) : ''}`);
  }
}
