/**
 * Golden text for every view we have (hand-made, hostile, fixtures,
 * scenarios) in all three formats, plus structural checks that hold for any
 * input. Update goldens with `npx vitest run -u test/text`.
 */
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { toD2 } from '../../src/render/d2/index.ts';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { FULL_GOLDEN_SCENARIOS, allViews, focusViews } from './corpus.ts';

const views = await allViews();
/** As `render --detail summary|full --format mmd` writes them (the scenario's focus): Mermaid goldens. */
const summaries = await focusViews('summary');
const fulls = await focusViews('full', FULL_GOLDEN_SCENARIOS);
const FORMATS = [
  { ext: 'mmd', emit: toMermaid },
  { ext: 'd2', emit: toD2 },
  { ext: 'puml', emit: toPlantUml },
] as const;

describe('text emitters: goldens', () => {
  it('covers hand-made, fixture and (when the model runs) scenario views', () => {
    expect(views.filter((v) => v.name.startsWith('hand/')).length).toBe(12);
    expect(views.filter((v) => v.name.startsWith('fixtures/')).length).toBeGreaterThanOrEqual(3);
  });
  for (const { name, view } of views) {
    for (const { ext, emit } of FORMATS) {
      it(`${name}.${ext}`, async () => {
        const text = emit(view);
        expect(emit(view)).toBe(text); // pure and deterministic
        await expect(text).toMatchFileSnapshot(`__golden__/${name}.${ext}`);
      });
    }
  }
});

describe('text emitters: Mermaid goldens at the scenario focus, summary and full', () => {
  it('covers every scenario at summary, the chosen ones at full', () => {
    expect(summaries.length).toBe(views.filter((v) => v.name.startsWith('scenarios/')).length);
    expect(fulls.length).toBe(FULL_GOLDEN_SCENARIOS.length * 3);
  });
  for (const { name, view } of [...summaries, ...fulls]) {
    it(`${name}.mmd`, async () => {
      await expect(toMermaid(view)).toMatchFileSnapshot(`__golden__/${name}.mmd`);
    });
  }
});

describe('text emitters: structure', () => {
  for (const { name, view } of [...views, ...summaries, ...fulls]) {
    it(`${name}: Mermaid blocks balance and every line is ours`, () => {
      const lines = toMermaid(view).split('\n');
      let depth = 0;
      for (const line of lines) {
        const t = line.trim();
        if (/^(subgraph|box|loop|alt|rect) /.test(t)) depth++;
        if (t === 'end') depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
        expect(t).not.toMatch(/%%/);
      }
      expect(depth).toBe(0);
    });
    it(`${name}: PlantUML has one @startuml/@enduml pair and balanced groups`, () => {
      const lines = toPlantUml(view).trimEnd().split('\n');
      expect(lines[0]).toBe('@startuml');
      expect(lines[lines.length - 1]).toBe('@enduml');
      expect(lines.filter((l) => /^\s*@/.test(l))).toHaveLength(2);
      let depth = 0;
      for (const line of lines) {
        const t = line.trim();
        if (/^(box|loop|alt) /.test(t) || t.endsWith(' {')) depth++;
        if (t === 'end' || t === 'end box' || t === '}') depth--;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth).toBe(0);
    });
    it(`${name}: D2 braces and quotes balance`, () => {
      const text = toD2(view);
      const unquoted = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      expect(unquoted.split('{').length).toBe(unquoted.split('}').length);
      expect(unquoted.replace(/""/g, '')).not.toMatch(/["\\$]/);
    });
  }
});
