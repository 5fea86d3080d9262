/**
 * Every scenario in scenarios/: its trace matches the golden file, validates
 * against docs/trace.schema.json, is deterministic, and (for the model's own
 * scenarios) all its expectations hold.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/index.ts';
import { simulate } from '../../src/cluster/index.ts';
import { writeTrace } from '../../src/trace/io.ts';
import { simulateOnce } from '../helpers/library.ts';
import type { Trace } from '../../src/trace/types.ts';
import { checkSchema, type Schema } from './schema-check.ts';

const MODEL_SCENARIOS = ['apply-deployment', 'get-pods', 'reapply-idempotent', 'invalid-manifest', 'scheduling-constraints', 'architecture-overview'];
const schema = JSON.parse(readFileSync('docs/trace.schema.json', 'utf8')) as Schema;
const all = readdirSync('scenarios').filter((f) => f.endsWith('.yaml')).map((f) => f.replace(/\.yaml$/, '')).sort();

/** A fresh simulation (the determinism check compares it with the memoised one). */
async function freshTraceOf(name: string): Promise<Trace> {
  const loaded = await loadScenario(`scenarios/${name}.yaml`, { cwd: process.cwd() });
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return simulate(loaded.value);
}

describe('scenario traces', () => {
  it('includes the model scenarios', () => {
    for (const n of MODEL_SCENARIOS) expect(all).toContain(n);
  });

  for (const name of all) {
    it(`${name}: golden, schema, determinism`, async () => {
      const trace = await simulateOnce(`scenarios/${name}.yaml`);
      const text = writeTrace(trace);
      await expect(text).toMatchFileSnapshot(`__golden__/${name}.trace.json`);
      expect(checkSchema(schema, JSON.parse(text))).toEqual([]);
      // The library passes: no step fails unexpectedly (fail fast, src/cluster/steps/step-failure.ts) and every expectation holds.
      expect(trace.outcome.failedStep).toBeUndefined();
      expect(trace.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
      expect(trace.outcome.passed).toBe(true);
      if (MODEL_SCENARIOS.includes(name)) {
        // Determinism: a second run is byte-identical (checked on the model's own scenarios to keep the suite fast).
        expect(writeTrace(await freshTraceOf(name))).toBe(text);
        expect(trace.outcome.expectations.filter((e) => !e.passed)).toEqual([]);
        expect(trace.outcome.passed).toBe(true);
      }
    });
  }
});

describe('trace invariants', () => {
  it('ids are unique, causes point backwards, components and steps are consistent', async () => {
    for (const name of MODEL_SCENARIOS) {
      const t = await simulateOnce(`scenarios/${name}.yaml`);
      const seen = new Set<string>();
      const components = new Set(t.components.map((c) => c.id));
      const hosts = new Set(t.hosts.map((h) => h.id));
      let lastT = 0;
      t.events.forEach((e, i) => {
        expect(e.seq).toBe(i);
        expect(seen.has(e.id)).toBe(false);
        if (e.cause !== null) expect(seen.has(e.cause), `${name}: cause of ${e.id} is earlier`).toBe(true);
        seen.add(e.id);
        expect(components.has(e.from) && components.has(e.to), `${name}: ${e.from} → ${e.to} registered`).toBe(true);
        if (e.type === 'phase') expect(e.from).toBe(e.to);
        expect(e.t).toBeGreaterThanOrEqual(lastT);
        lastT = e.t;
      });
      for (const c of t.components) if (c.host !== null) expect(hosts.has(c.host)).toBe(true);
      for (const s of t.steps) {
        if (!s.events) continue;
        for (let i = s.events.first; i <= s.events.last; i++) expect(t.events[i]!.step).toBe(s.number);
      }
      expect(JSON.stringify(t)).not.toMatch(/\/work\/|\/home\/|\/tmp\//);
    }
  });
});
