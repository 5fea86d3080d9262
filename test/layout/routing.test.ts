/**
 * Architecture edges a viewer can follow (issue 9 parts 6 and 7): in every
 * scenario's gallery architecture picture (laid out as `build` lays it out:
 * the scenario's level, or the first coarser one that fits a slide), no two
 * edges run along one line (a bus), no badge sits on another edge's line,
 * and no group header or legend entry is cut short with an ellipsis.
 *
 * Exemptions are explicit, with their reason, in EXEMPT below.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import type { LaidOut } from '../../src/layout/types.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { realStages } from '../../src/build/stages.ts';
import { coarserLevels } from '../../src/build/pictures.ts';
import { fitsSlide, svgSize } from '../../src/build/fit.ts';
import { badgesOnSharedLines, clippedTexts, edgeBuses } from './check.ts';

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

/** Problems not asserted away yet, per scenario, with their reason: `check` → count allowed. */
const EXEMPT: Record<string, { buses?: number; badges?: number; clipped?: number; why: string }> = {
};

/**
 * The architecture picture `build` puts in the gallery (build/pictures.ts, firstFitting).
 * Simulated and laid out through the run's memos (test/helpers/library.ts, layouts.ts):
 * arch-clean, labels-whole-words and geometry lay out many of the same views.
 */
async function galleryArchitecture(file: string): Promise<LaidOut> {
  const loaded = await loadScenarioOnce(`scenarios/${file}`, { cwd: root });
  if (!loaded.ok) throw new Error(`${file} does not load`);
  const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
  const stages = await realStages();
  const settings = loaded.value.diagrams;
  let laid: LaidOut | undefined;
  for (const detail of coarserLevels(settings.detail ?? 'standard')) {
    laid = await layoutOnce(stages.buildView(trace, 'architecture', { ...settings, detail }));
    if (fitsSlide(svgSize(renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string))) break;
  }
  return laid!;
}

describe('architecture edges can be followed', () => {
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(name, async () => {
      const laid = await galleryArchitecture(file);
      const found = { buses: edgeBuses(laid), badges: badgesOnSharedLines(laid), clipped: clippedTexts(laid) };
      if (process.env.ROUTING_REPORT) console.log(`ROUTING ${name} buses=${found.buses.length} badges=${found.badges.length} clipped=${found.clipped.length}\n  ${[...found.buses, ...found.badges, ...found.clipped].join('\n  ')}`);
      const exempt = EXEMPT[name];
      expect(found.buses.length, `${name} buses: ${found.buses.join('; ')}`).toBeLessThanOrEqual(exempt?.buses ?? 0);
      expect(found.badges.length, `${name} badges: ${found.badges.join('; ')}`).toBeLessThanOrEqual(exempt?.badges ?? 0);
      expect(found.clipped.length, `${name} clipped: ${found.clipped.join('; ')}`).toBeLessThanOrEqual(exempt?.clipped ?? 0);
    });
  }
});
