/**
 * The Mermaid, D2 and PlantUML emitters follow the views' focus and detail
 * levels (issue 9): a summary sequence is shorter than the standard one and the
 * full one differs from it, in every format; the setup band
 * states the state the setup left; a summary architecture draws fewer boxes
 * than the standard one. Checked on scenarios whose first step is setup.
 */
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { toD2 } from '../../src/render/d2/index.ts';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { buildArchitecture, buildSequence } from '../../src/views/index.ts';
import { simulateOnce } from '../helpers/library.ts';

const FORMATS = [
  { ext: 'mmd', emit: toMermaid },
  { ext: 'd2', emit: toD2 },
  { ext: 'puml', emit: toPlantUml },
] as const;
const root = new URL('../../', import.meta.url).pathname;

describe('text emitters follow focus and detail', () => {
  for (const name of ['get-pods', 'node-failure', 'rolling-update', 'service-types']) {
    it(name, async () => {
      const trace = await simulateOnce(`scenarios/${name}.yaml`, { cwd: root });
      expect(trace.steps[0]?.setup).toBe(true);
      const [summary, standard, full] = (['summary', 'standard', 'full'] as const).map((detail) => buildSequence(trace, { detail }));
      const band = summary!.items[0];
      if (band?.type !== 'separator' || band.id !== 'setup') throw new Error(`${name}: no setup band`);
      const state = band.state?.[0] ?? '';
      expect(state).not.toBe('');
      for (const { ext, emit } of FORMATS) {
        const [s, m, f] = [emit(summary!), emit(standard!), emit(full!)];
        expect(s.length, `${name}.${ext}: summary < standard`).toBeLessThan(m.length);
        // Full draws every message one by one (up to its message budget), so it differs from standard.
        expect(f, `${name}.${ext}: full ≠ standard`).not.toBe(m);
        // The state after setup (its Pod names, counts) is written out, whatever the escaping.
        const word = /[A-Za-z][\w-]{3,}/.exec(state)?.[0] ?? '';
        expect(s, `${name}.${ext}: setup state`).toContain(word);
      }
      const archSummary = buildArchitecture(trace, { detail: 'summary' });
      const archStandard = buildArchitecture(trace, { detail: 'standard' });
      expect(archSummary.nodes.length).toBeLessThan(archStandard.nodes.length);
      for (const { ext, emit } of FORMATS) expect(emit(archSummary).length, `${name} architecture.${ext}`).toBeLessThan(emit(archStandard).length);
    });
  }
});
