/**
 * Every summary sequence picture of a scenario: the whole story (the steps
 * its `diagrams.sequence.steps` selects) and each slide step's own sequence
 * (`sequence.step-NN`, build/pictures.ts `slideSteps`), at `summary`. Used
 * by test/views/column-fit.test.ts and scripts/sequence-widths.ts.
 */
import type { Scenario } from '../../src/scenario/types.ts';
import type { Trace } from '../../src/trace/types.ts';
import type { View } from '../../src/views/types.ts';
import { buildView } from '../../src/views/index.ts';
import { slideSteps, stepPictureName } from '../../src/build/pictures.ts';

export function summarySequences(trace: Trace, scenario: Scenario): { name: string; view: View }[] {
  const steps = scenario.diagrams.sequence.steps;
  const whole = buildView(trace, 'sequence', { detail: 'summary', ...(steps && steps.length > 0 ? { steps } : {}) });
  const own = slideSteps(trace, steps).map((s) => ({ name: stepPictureName('sequence', s), view: buildView(trace, 'sequence', { detail: 'summary', steps: [s] }) }));
  return [{ name: 'sequence', view: whole }, ...own];
}
