/**
 * Every picture the gallery shows by default fits a slide: at most 1600×900
 * logical px, and its smallest text at least 12 px when shown 1280 px wide
 * (build/fit.ts) — and its layout has no overlapping boxes, no text outside
 * its box, no label over a box (test/layout/check.ts). The pictures are the
 * ones `build` chooses (build/pictures.ts: the sequence at the level that
 * fits, or one slide per focus step), laid out exactly as `build` does; only
 * the PNG is skipped.
 *
 * Exemptions are explicit, with their reason, in EXEMPT below.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layout } from '../../src/layout/index.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { frameName } from '../../src/render/frames.ts';
import { realStages, type Stages } from '../../src/build/stages.ts';
import { galleryPictures, stepPictureName } from '../../src/build/pictures.ts';
import { fitsSlide, pageText, shownText, slideMisfit, svgSize } from '../../src/build/fit.ts';
import type { View } from '../../src/views/types.ts';
import { allProblems } from '../layout/check.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/**
 * Pictures that are not asserted to fit a slide, and why. Keyed by picture
 * name (`architecture`, `sequence` …), for every scenario.
 */
const EXEMPT: Record<string, string> = {};

/**
 * Architecture pictures whose `summary` still fits no slide (measured
 * 2026-12-05 after arch-slide, issue 9 part 3, not yet solved): keyed by scenario. Every other
 * scenario's architecture picture is asserted to fit.
 */
const ARCHITECTURE_NOT_YET: Record<string, string> = {
  'canary-release': 'summary 1442×924 (was 1548×1055): workers now in one row, but five boxes per layer (control plane, objects, CoreDNS / two workers of traffic Pods) at 226 px each exceed 1280',
  'service-types': 'summary 1422×938 (was 1653×1040): workers in one column; five columns (internet, kubectl/LB, API server, its components, workers) exceed 1280',
  'persistent-volumes': 'summary about 1384 px wide (11.1 px text at 1280; was 1154×840): the attach/detach controller and the CSI external-attacher (VolumeAttachments, session 7) add two components to a control plane that was already five wide',
  statefulset: 'summary 1371×889 (was 1431×939): workers in one row now; control plane four components wide plus CoreDNS exceeds 1280',
};

/** Per-step sequence slides that do not fit yet, per scenario, with their reason (issue 9). */
const SLIDE_NOT_YET: Record<string, Record<string, string>> = {
  statefulset: { 'sequence.step-01': 'summary 1050 px tall: the ordered start of three Pods with their claims, provisioning and binding in one step' },
  'persistent-volumes': { 'sequence.step-07': 'summary 938 px tall: the first consumer, WaitForFirstConsumer provisioning and the scheduler in one step' },
};

/** The real stages, laying out each picture once and keeping the layout; no PNG. */
async function measuringStages(layouts: Map<View, LaidOut>): Promise<Stages> {
  const real = await realStages();
  const svgOf = async (view: View) => {
    const laid = await layout(view);
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
        const exempt = EXEMPT[p.name] ?? SLIDE_NOT_YET[file.replace(/\.yaml$/, '')]?.[p.name] ?? (p.name === 'architecture' ? ARCHITECTURE_NOT_YET[file.replace(/\.yaml$/, '')] : undefined) ?? (p.overview ? 'overview of a story cut into per-step slides' : undefined);
        if (exempt === undefined) {
          expect(fitsSlide(size), `${file} ${p.name}: ${slideMisfit(size)}`).toBe(true);
          expect(allProblems(layouts.get(p.view)!), `${file} ${p.name}`).toEqual([]);
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
