/**
 * Every picture the gallery shows by default fits a slide: at most 1600×900
 * logical px, and its smallest text at least 12 px when shown 1280 px wide
 * (build/fit.ts) — and its layout has no overlapping boxes, no text outside
 * its box, no label over a box (test/layout/check.ts). The pictures are the
 * ones `build` chooses (build/pictures.ts: the sequence at the level that
 * fits, or one slide per focus step), laid out exactly as `build` does; only
 * the PNG is skipped.
 *
 * No two edges cross outside the cluster box (test/layout/check.ts).
 *
 * Exemptions are explicit, with their reason, in EXEMPT below.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { frameName } from '../../src/render/frames.ts';
import { realStages, type Stages } from '../../src/build/stages.ts';
import { COLUMN_PICTURE, galleryPictures, stepPictureName } from '../../src/build/pictures.ts';
import { fitsSlide, pageText, shownText, slideMisfit, svgSize } from '../../src/build/fit.ts';
import { fitsPage } from '../../src/build/fit.ts';
import { galleryMarkdown, scenarioPage } from '../../src/build/gallery.ts';
import type { View } from '../../src/views/types.ts';
import { allProblems, edgesCrossingOutsideCluster } from '../layout/check.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/**
 * Pictures that are not asserted to fit a slide, and why. Keyed by picture
 * name (`architecture`, `sequence` …), for every scenario.
 */
const EXEMPT: Record<string, string> = {};

/** Pictures that do not fit yet, per scenario and picture name, with their reason (issue 9). */
const SLIDE_NOT_YET: Record<string, Record<string, string>> = {};

/** The real stages, laying out each picture once and keeping the layout; no PNG. */
async function measuringStages(layouts: Map<View, LaidOut>): Promise<Stages> {
  const real = await realStages();
  const svgOf = async (view: View) => {
    const laid = await layoutOnce(view);
    layouts.set(view, laid);
    return renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string;
  };
  return {
    ...real,
    renderView: async (view, opts) => (opts.format === 'svg' ? svgOf(view) : real.renderView(view, opts)),
    renderSvgAndPng: async (view) => ({ svg: await svgOf(view), png: new Uint8Array() }),
  };
}

describe('every default gallery picture fits a 1280-px slide', () => {
  it('names a step’s slide as the player names its frames', () => {
    expect(`${stepPictureName('sequence', 3)}.svg`).toBe(frameName('sequence', 3));
    expect(`${stepPictureName('sequence', 12)}.png`).toBe(frameName('sequence', 12, 'png'));
  });

  for (const file of files) {
    it(file.replace(/\.yaml$/, ''), async () => {
      const loaded = await loadScenarioOnce(`scenarios/${file}`, { cwd: root });
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
      const layouts = new Map<View, LaidOut>();
      const pictures = await galleryPictures(trace, loaded.value.diagrams, await measuringStages(layouts));
      const report: string[] = [];
      for (const p of pictures) {
        const size = svgSize(p.svg);
        report.push(`${p.name} (${p.detail}): ${size.width}×${size.height}, text ${shownText(size).toFixed(1)} px at 1280, ${pageText(size).toFixed(1)} px in a 900-px column`);
        // The whole story when it fits no slide: linked from the scenario page (and steps.md), not shown; its slides are the per-step sequences.
        const exempt = EXEMPT[p.name] ?? SLIDE_NOT_YET[file.replace(/\.yaml$/, '')]?.[p.name] ?? (p.overview ? 'overview of a story cut into per-step slides' : undefined);
        if (p.name === COLUMN_PICTURE) {
          // The architecture laid out for a docs column (as tall as it needs), written only beside a slide picture too wide for one.
          expect(fitsPage(size), `${file} ${p.name}: ${size.width} px wide`).toBe(true);
          expect(allProblems(layouts.get(p.view)!), `${file} ${p.name}`).toEqual([]);
          const slide = pictures.find((q) => q.name === 'architecture');
          expect(slide !== undefined && !fitsPage(slide.size), `${file}: ${p.name} beside a slide picture that fits the column`).toBe(true);
        } else if (exempt === undefined) {
          expect(fitsSlide(size), `${file} ${p.name}: ${slideMisfit(size)}`).toBe(true);
          expect(allProblems(layouts.get(p.view)!), `${file} ${p.name}`).toEqual([]);
          // Kubectl's edge and the image pull (apply-deployment) do not cross above the cluster.
          expect(edgesCrossingOutsideCluster(layouts.get(p.view)!), `${file} ${p.name}`).toEqual([]);
        }
      }
      // A story cut into slides has one per focus step that did anything, in step order.
      const slides = pictures.filter((p) => p.kind === 'sequence' && p.step !== undefined);
      expect(slides.map((p) => p.name)).toEqual([...slides].sort((a, b) => a.step! - b.step!).map((p) => p.name));
      for (const s of slides) expect(trace.steps.find((t) => t.number === s.step)?.setup, `${file}: slide of a setup step`).not.toBe(true);
      // An overview always comes with its slides.
      if (pictures.some((p) => p.overview)) expect(slides.length).toBeGreaterThan(0);
      expect(report.length).toBeGreaterThan(0);
    });
  }
});

/**
 * Docs pages (seqfit, issue 9): every flowchart and sequence picture a page
 * embeds (`out/<name>/README.md`, and each flowchart in `out/README.md`) is
 * readable in a ~900-px column: text ≥ 12 px there (build/fit.ts `fitsPage`).
 * Pictures that cannot fit one are embedded as slide-sized previews linked to
 * the full-size file (gallery.ts `pageImage`); which ones, and why, is
 * listed in PAGE_NOT_YET. Architecture pictures are laid out for slides
 * (views/architecture, layout/architecture*): not fitted to the column, so
 * not drawn here (a stub stands for their layout, which keeps this block
 * cheap); the page shows them as previews when they are wider.
 */
const PAGE_NOT_YET: Record<string, Record<string, string>> = {
  // Flowcharts: none since flowfit (layout/flowchart.ts packs a long chain more compactly at the column's width).
  // service-clusterip's sequence.step-04 (standard, 1090 px) fits since the standard layout narrows its lanes for the column (gallery review D4).
};

describe('every flowchart and sequence picture a docs page embeds fits a 900-px column', () => {
  const stub = '<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900"><text font-size="12">architecture</text></svg>';
  async function pageStages(): Promise<Stages> {
    const real = await realStages();
    const svgOf = async (view: View) => (view.kind === 'architecture' ? stub : (renderLaidOut(await layoutOnce(view), { format: 'svg', theme: 'light' }) as string));
    return {
      ...real,
      renderView: async (view, opts) => (opts.format === 'svg' ? svgOf(view) : real.renderView(view, opts)),
      renderSvgAndPng: async (view, drawn) => ({ svg: drawn ?? (await svgOf(view)), png: new Uint8Array() }),
      frames: async (trace, kind, settings, steps) => (kind === 'architecture' ? [] : real.frames(trace, kind, settings, steps)),
    };
  }

  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(name, async () => {
      const loaded = await loadScenarioOnce(`scenarios/${file}`, { cwd: root });
      if (!loaded.ok) throw new Error(`${file} does not load`);
      const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
      const pictures = await galleryPictures(trace, loaded.value.diagrams, await pageStages());
      const page = scenarioPage(loaded.value, trace, pictures);
      const embedded = [...page.matchAll(/!\[[^\]]*\]\(([^)\s]+)\.svg\)/g)].map((m) => decodeURI(m[1]!));
      const previews = new Set([...page.matchAll(/\[!\[[^\]]*\]\(([^)\s]+)\.svg\)\]\(/g)].map((m) => decodeURI(m[1]!)));
      const misfits: string[] = [];
      for (const p of pictures) {
        if (p.kind === 'architecture' || p.overview) continue;
        expect(embedded, `${name}: the page shows ${p.name}`).toContain(p.name);
        // A summary sequence always fits the column (layout/sequence.ts draws it narrower; test/views/column-fit.test.ts).
        const reason = PAGE_NOT_YET[name]?.[p.name];
        if (fitsPage(p.size)) {
          expect(previews.has(p.name), `${name} ${p.name} fits the column but is shown as a preview`).toBe(false);
          expect(reason, `${name} ${p.name} fits the column now: drop it from PAGE_NOT_YET`).toBeUndefined();
        } else {
          // A picture too wide for the column is never shown scaled down as if it were a column picture.
          expect(previews.has(p.name), `${name} ${p.name}: ${p.size.width} px wide, shown inline without the full-size link`).toBe(true);
          if (reason === undefined) misfits.push(`${p.name} (${p.detail}): ${p.size.width}×${p.size.height}, text ${pageText(p.size).toFixed(1)} px in a 900-px column`);
        }
      }
      expect(misfits, `${name}: pictures a page embeds that do not fit a 900-px column`).toEqual([]);
      // Every scenario's flowchart (or the picture its diagrams.gallery names) is embedded in out/README.md as it is.
      const cover = loaded.value.diagrams.gallery;
      expect(galleryMarkdown([{ ...loaded.value, ...(cover ? { cover } : {}) }])).toContain(`](${name}/${cover ?? 'flowchart'}.svg)`);
    });
  }
});
