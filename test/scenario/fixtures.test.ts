/**
 * Every scenario under test/fixtures/scenarios: `*.expect-error.yaml` must fail
 * with exactly the diagnostics in its golden; every other `*.yaml` must load,
 * and its Scenario is a golden too.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/common/diagnostic.ts';
import { loadScenario } from '../../src/scenario/index.ts';

const DIR = 'test/fixtures/scenarios';
const all = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const failing = all.filter((f) => f.endsWith('.expect-error.yaml'));
const valid = all.filter((f) => !f.endsWith('.expect-error.yaml'));
const cwd = process.cwd();

describe('invalid scenarios: every diagnostic, rendered', () => {
  it.each(failing)('%s', async (file) => {
    const r = await loadScenario(`${DIR}/${file}`, { cwd });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics.length).toBeGreaterThan(0);
    const text = r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n') + '\n';
    await expect(text).toMatchFileSnapshot(`__golden__/${file.replace(/\.expect-error\.yaml$/, '')}.errors.txt`);
  });
});

describe('valid scenarios: the loaded Scenario', () => {
  it.each([...valid, 'disk/scenario.yaml'])('%s', async (file) => {
    const r = await loadScenario(`${DIR}/${file}`, { cwd });
    if (!r.ok) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, { color: false })).join('\n'));
    // disk/scenario.yaml keeps a VirtualService without its CRD: only that is warned about.
    expect(r.warnings.map((w) => w.code)).toEqual(file === 'disk/scenario.yaml' ? ['unknown-kind'] : []);
    const json = JSON.stringify(r.value, null, 2) + '\n';
    await expect(json).toMatchFileSnapshot(`__golden__/${file.replace(/\//g, '-').replace(/\.yaml$/, '')}.scenario.json`);
  });
});
