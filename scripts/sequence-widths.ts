/**
 * `node --import tsx scripts/sequence-widths.ts [--all]`: how wide each
 * scenario's summary sequence pictures are — the whole story and each slide
 * step's own sequence (`sequence.step-NN`), at `summary`, laid out as `build`
 * lays them out (test/helpers/summary-sequences.ts) — and how many are wider than a 900-px docs column or keep
 * text under 12 px there (build/fit.ts `fitsPage`). `--all`: one line per
 * picture, not only the misfits.
 *
 * `--gallery`: the same count over the pictures `build` writes for the
 * gallery (build/pictures.ts `galleryPictures`, every kind and level, no PNG).
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenario } from '../src/scenario/index.ts';
import { simulate } from '../src/cluster/index.ts';
import { layout } from '../src/layout/index.ts';
import { renderLaidOut } from '../src/render/index.ts';
import { summarySequences } from '../test/helpers/summary-sequences.ts';
import { pageText, PAGE, svgSize } from '../src/build/fit.ts';
import { galleryPictures } from '../src/build/pictures.ts';
import { realStages, type Stages } from '../src/build/stages.ts';
import type { PictureSize } from '../src/common/embed.ts';

const ROOT = resolve(import.meta.dirname, '..');
const all = process.argv.includes('--all');
const gallery = process.argv.includes('--gallery');
const real = await realStages();
// The real stages without the PNG.
const stages: Stages = { ...real, renderSvgAndPng: async (view, drawn) => ({ svg: drawn ?? ((await real.renderView(view, { format: 'svg', theme: 'light' })) as string), png: new Uint8Array() }) };
let count = 0;
let wide = 0;
let small = 0;
for (const file of readdirSync(resolve(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort()) {
  const loaded = await loadScenario(`scenarios/${file}`, { cwd: ROOT });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const trace = simulate(loaded.value);
  const pictures: { name: string; lanes: number; size: PictureSize }[] = [];
  if (gallery) for (const p of await galleryPictures(trace, loaded.value.diagrams, stages)) pictures.push({ name: `${p.name} (${p.detail})`, lanes: p.view.kind === 'sequence' ? p.view.participants.length : 0, size: p.size });
  else for (const { name, view } of summarySequences(trace, loaded.value)) pictures.push({ name, lanes: view.kind === 'sequence' ? view.participants.length : 0, size: svgSize(renderLaidOut(await layout(view), { format: 'svg', theme: 'light' }) as string) });
  for (const { name, lanes, size } of pictures) {
    count++;
    const over = size.width > PAGE.shownWidth;
    const text = pageText(size);
    if (over) wide++;
    if (text < PAGE.minText - 1e-9) small++;
    if (all || over || text < PAGE.minText - 1e-9) console.log(`${file.replace(/\.yaml$/, '')} ${name}: ${size.width}×${size.height}, ${lanes} lanes, min font ${size.minFont}, ${text.toFixed(1)} px in a ${PAGE.shownWidth}-px column`);
  }
}
console.log(`${count} ${gallery ? 'gallery' : 'summary sequence'} pictures; ${wide} wider than ${PAGE.shownWidth} px; ${small} with text < ${PAGE.minText} px in the column`);
