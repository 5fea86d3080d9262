/**
 * Issue 9, "Fit": at `standard` no picture is wider than 2400 logical px —
 * the whole-story sequence, each step's own sequence, the flowchart and the
 * architecture. A sequence with a dozen lanes or more is drawn with narrower
 * metrics when SEQ would be wider (layout/sequence.ts, SEQ_NARROW, then the
 * column metrics); its layout stays free of overlaps (test/layout/check.ts).
 * An architecture wider than that takes the compact layouts (layout/graph.ts).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulateOnce } from '../helpers/library.ts';
import { layoutOnce } from '../helpers/layouts.ts';
import { buildView } from '../../src/views/index.ts';
import { allProblems } from '../layout/check.ts';

/** The limit, written out (not imported, so the test does not move with the code). */
const STANDARD_MAX_WIDTH = 2400;

const root = new URL('../../', import.meta.url).pathname;
const files = readdirSync(new URL('scenarios/', new URL('../../', import.meta.url)))
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe(`standard pictures are at most ${STANDARD_MAX_WIDTH} px wide`, () => {
  for (const file of files) {
    const name = file.replace(/\.yaml$/, '');
    it(name, async () => {
      const trace = await simulateOnce(`scenarios/${file}`, { cwd: root });
      const too: string[] = [];
      const whole = await layoutOnce(buildView(trace, 'sequence', { detail: 'standard' }));
      if (whole.width > STANDARD_MAX_WIDTH) too.push(`sequence ${whole.width}`);
      expect(allProblems(whole), `${name} sequence`).toEqual([]);
      for (const s of trace.steps) {
        const laid = await layoutOnce(buildView(trace, 'sequence', { detail: 'standard', steps: [s.number] }));
        if (laid.width > STANDARD_MAX_WIDTH) too.push(`sequence step ${s.number} ${laid.width}`);
      }
      const flow = await layoutOnce(buildView(trace, 'flowchart', { detail: 'standard' }));
      if (flow.width > STANDARD_MAX_WIDTH) too.push(`flowchart ${flow.width}`);
      const arch = await layoutOnce(buildView(trace, 'architecture', { detail: 'standard' }));
      if (arch.width > STANDARD_MAX_WIDTH) too.push(`architecture ${arch.width}`);
      expect(too).toEqual([]);
    });
  }
});
