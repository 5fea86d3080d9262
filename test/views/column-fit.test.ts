/**
 * Every summary sequence picture of every scenario — the whole story and each
 * slide step's own sequence (`sequence.step-NN`) — is readable in a ~900-px
 * docs column: at most PAGE.shownWidth (900) logical px wide, so it is shown
 * 1:1 with its 12-px text, or, embedded scaled down, text still ≥ 12 px
 * (build/fit.ts `fitsPage`); and its layout has no overlapping boxes, no text
 * outside its box, no label over a card or note (test/layout/check.ts). The
 * layout draws `summary` narrower when it would be wider than the column
 * (layout/sequence.ts, SEQ_COLUMN / SEQ_TIGHT in sequence-columns.ts).
 * `node --import tsx scripts/sequence-widths.ts` prints the same sizes.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { summarySequences } from '../helpers/summary-sequences.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { PAGE, pageText, svgSize } from '../../src/build/fit.ts';
import { allProblems } from '../layout/check.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('every summary sequence fits a 900-px docs column', () => {
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(name, async () => {
      const loaded = await loadScenarioOnce(`scenarios/${file}`, { cwd: root });
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
      const misfits: string[] = [];
      const pictures = summarySequences(trace, loaded.value);
      expect(pictures.length).toBeGreaterThan(0);
      for (const p of pictures) {
        const laid = await layoutOnce(p.view);
        const size = svgSize(renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string);
        if (size.width > PAGE.shownWidth || pageText(size) < PAGE.minText - 1e-9) misfits.push(`${p.name}: ${size.width}×${size.height}, text ${pageText(size).toFixed(1)} px in a ${PAGE.shownWidth}-px column`);
        expect(allProblems(laid), `${name} ${p.name}`).toEqual([]);
      }
      expect(misfits, `${name}: summary sequences wider than the column`).toEqual([]);
    });
  }
});
