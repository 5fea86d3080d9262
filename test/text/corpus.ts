/**
 * Every view the text tests check: the hand-made ones (ordinary and hostile),
 * every view of every fixture trace, and every view of every scenario in the
 * library that loads and simulates (the model is optional: a scenario that
 * does not load here is covered by the scenario and cluster tests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { View } from '../../src/views/types.ts';
import { VIEW_KINDS } from '../../src/views/types.ts';
import { buildView } from '../../src/views/index.ts';
import { readTrace } from '../../src/trace/io.ts';
import { loadScenarioOnce, simulateOnce } from '../helpers/library.ts';
import { HAND_VIEWS, edgeCases, hostileIds, hostileView } from './hand-views.ts';

export interface NamedView {
  /** `<source>/<name>/<kind>`, also the golden file stem. */
  name: string;
  view: View;
}

export function handViews(): NamedView[] {
  return [
    ...HAND_VIEWS.map((view) => ({ name: `hand/ordinary/${view.kind}`, view })),
    ...HAND_VIEWS.map((view) => ({ name: `hand/hostile-labels/${view.kind}`, view: hostileView(view) })),
    ...HAND_VIEWS.map((view) => ({ name: `hand/hostile-ids/${view.kind}`, view: hostileIds(view) })),
    ...edgeCases().map((view) => ({ name: `hand/edge-cases/${view.kind}`, view })),
  ];
}

const TRACES = 'test/fixtures/traces';

export function fixtureViews(): NamedView[] {
  const files = readdirSync(TRACES).filter((f) => f.endsWith('.trace.json')).sort();
  return files.flatMap((file) => {
    const result = readTrace(readFileSync(join(TRACES, file), 'utf8'), file);
    if (!result.ok) throw new Error(`fixture ${file} does not read: ${result.diagnostics.map((d) => d.message).join('; ')}`);
    const name = file.replace(/\.trace\.json$/, '');
    return VIEW_KINDS.map((kind) => ({ name: `fixtures/${name}/${kind}`, view: buildView(result.value, kind) }));
  });
}

export async function scenarioViews(): Promise<NamedView[]> {
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).sort();
  const out: NamedView[] = [];
  for (const file of files) {
    const loaded = await loadScenarioOnce(join('scenarios', file));
    if (!loaded.ok) continue; // e.g. scenarios that demonstrate invalid input
    let trace;
    try {
      trace = await simulateOnce(join('scenarios', file));
    } catch (err) {
      // A model bug is the cluster tests' to report; the text tests go on.
      console.warn(`text tests: scenario ${file} does not simulate: ${String(err).split('\n')[0]}`);
      continue;
    }
    const name = file.replace(/\.yaml$/, '');
    for (const kind of VIEW_KINDS) out.push({ name: `scenarios/${name}/${kind}`, view: buildView(trace, kind) });
  }
  return out;
}

export async function allViews(): Promise<NamedView[]> {
  return [...handViews(), ...fixtureViews(), ...(await scenarioViews())];
}
