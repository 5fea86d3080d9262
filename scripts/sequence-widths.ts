/**
 * `node --import tsx scripts/sequence-widths.ts [--all]`: how wide each
 * scenario's summary sequence pictures are — the whole story and each slide
 * step's own sequence (`sequence.step-NN`), at `summary`, laid out as `build`
 * lays them out (test/helpers/summary-sequences.ts) — and how many are wider than a 900-px docs column or keep
 * text under 12 px there (build/fit.ts `fitsPage`). `--all`: one line per
 * picture, not only the misfits.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadScenario } from '../src/scenario/index.ts';
import { simulate } from '../src/cluster/index.ts';
import { layout } from '../src/layout/index.ts';
import { renderLaidOut } from '../src/render/index.ts';
import { summarySequences } from '../test/helpers/summary-sequences.ts';
import { pageText, PAGE, svgSize } from '../src/build/fit.ts';

const ROOT = resolve(import.meta.dirname, '..');
const all = process.argv.includes('--all');
let count = 0;
let wide = 0;
let small = 0;
for (const file of readdirSync(resolve(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort()) {
  const loaded = await loadScenario(`scenarios/${file}`, { cwd: ROOT });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const trace = simulate(loaded.value);
  for (const { name, view } of summarySequences(trace, loaded.value)) {
    const size = svgSize(renderLaidOut(await layout(view), { format: 'svg', theme: 'light' }) as string);
    count++;
    const over = size.width > PAGE.shownWidth;
    const text = pageText(size);
    if (over) wide++;
    if (text < PAGE.minText - 1e-9) small++;
    if (all || over || text < PAGE.minText - 1e-9) console.log(`${file.replace(/\.yaml$/, '')} ${name}: ${size.width}×${size.height}, ${view.kind === "sequence" ? view.participants.length : 0} lanes, min font ${size.minFont}, ${text.toFixed(1)} px in a ${PAGE.shownWidth}-px column`);
  }
}
console.log(`${count} summary sequence pictures; ${wide} wider than ${PAGE.shownWidth} px; ${small} with text < ${PAGE.minText} px in the column`);
