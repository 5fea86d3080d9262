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
import type { DetailLevel } from '../../src/views/types.ts';
import { buildView } from '../../src/views/index.ts';
import { realStages } from '../../src/build/stages.ts';
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

/**
 * Every view of every scenario as `build` and `render --detail <level>` draw
 * it: with the scenario's `diagrams:` settings (its focus steps, flowchart
 * step) at the given level. Named `focus/<name>/<kind>.<level>`. `only`
 * limits the scenarios (by name).
 */
export async function focusViews(detail: DetailLevel, only?: readonly string[]): Promise<NamedView[]> {
  const stages = await realStages();
  const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml') && (only === undefined || only.includes(f.replace(/\.yaml$/, '')))).sort();
  const out: NamedView[] = [];
  for (const file of files) {
    const loaded = await loadScenarioOnce(join('scenarios', file));
    if (!loaded.ok) continue; // as in scenarioViews
    let trace;
    try {
      trace = await simulateOnce(join('scenarios', file));
    } catch (err) {
      console.warn(`text tests: scenario ${file} does not simulate: ${String(err).split('\n')[0]}`);
      continue;
    }
    const name = file.replace(/\.yaml$/, '');
    for (const kind of VIEW_KINDS) out.push({ name: `focus/${name}/${kind}.${detail}`, view: stages.buildView(trace, kind, { ...loaded.value.diagrams, detail }) });
  }
  return out;
}

/**
 * Full goldens of the emitted text for these scenarios only: the full text of
 * the whole library is ~350 KB (its sequences are in the view goldens,
 * test/views/__golden__/scenarios/*.sequence.full.json); these cover a
 * Deployment apply, a read, a rollout, a failure, a denial and a policy.
 */
export const FULL_GOLDEN_SCENARIOS = ['apply-deployment', 'get-pods', 'rolling-update', 'node-failure', 'rbac-denied', 'network-policy'] as const;

/**
 * The views the real tools (mermaid-cli, D2, PlantUML) check: all of
 * `allViews`, and every scenario's summary as `render --detail summary` draws it.
 */
export async function toolViews(): Promise<NamedView[]> {
  return [...(await allViews()), ...(await focusViews('summary'))];
}

export async function allViews(): Promise<NamedView[]> {
  return [...handViews(), ...fixtureViews(), ...(await scenarioViews())];
}
