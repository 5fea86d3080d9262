/**
 * Fuzzing in CI (issue 12, item 8): seeded, structure-aware mutations of the
 * gallery scenarios and the corpus manifests (test/fuzz/mutate.ts) through
 * loader → simulate → views → SVG/Mermaid/D2/PlantUML. Every case must end
 * in outputs or in located diagnostics (test/fuzz/oracle.ts): no exception,
 * no unbounded work (each simulation runs under a small run budget, so a
 * mutated `replicas: 1e308` stops at run-budget), no half-written output.
 *
 * The work is bounded by the case count (sized for well under 30 s on a
 * quiet 2-core machine), not by a clock. fast-check shrinks a failing case
 * to a minimal one and prints its seed and path; `npm run fuzz -- --cases N`
 * runs long campaigns (scripts/fuzz.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { caseArb, loadSeeds, materialize, mutate, MUTATIONS } from './mutate.ts';
import { runInProcess, runThroughBinary, unlocated } from './oracle.ts';

const SEED = 20261205;
const IN_PROCESS_CASES = 100;
const BINARY_CASES = 3;

const seeds = loadSeeds();
const dir = mkdtempSync(join(tmpdir(), 'ks-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fuzz', () => {
  it('has scenario and corpus seeds', () => {
    expect(seeds.filter((s) => s.target === 'scenario').length).toBeGreaterThanOrEqual(20);
    // ../shared/corpus is next to the worktree in this project; CI without it fuzzes the scenarios only.
    for (const s of seeds.filter((x) => x.target !== 'scenario')) expect(s.name).toMatch(/^corpus\//);
  });

  it('mutations are deterministic and change the input', () => {
    const text = seeds[0]!.scenario;
    for (const kind of MUTATIONS) {
      const m = { kind, at: 12345, pick: 7 };
      expect(mutate(text, m)).toBe(mutate(text, m));
      expect(mutate(text, m), kind).not.toBe(text);
    }
  });

  it('the oracle rejects diagnostics that are not located', () => {
    const files = { 'fuzz.yaml': 'a: 1\nb: 2\n' };
    const d = { code: 'yaml-syntax', severity: 'error' as const, message: 'x', file: 'fuzz.yaml' };
    expect(unlocated({ ...d, start: { line: 2, column: 1 } }, files)).toBeUndefined();
    expect(unlocated(d, files)).toContain('no line:col');
    expect(unlocated({ ...d, start: { line: 9, column: 1 } }, files)).toContain('outside');
    expect(unlocated({ ...d, file: 'other.yaml', start: { line: 1, column: 1 } }, files)).toContain('not an input');
  });

  it(`${IN_PROCESS_CASES} mutated inputs end in outputs or located diagnostics (in process)`, async () => {
    const kinds = new Set<string>();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const m = materialize(seeds, c);
        const o = await runInProcess(m.scenario, m.files);
        kinds.add(o.kind);
        if (o.kind === 'crash') throw new Error(`${m.seed.name} ${JSON.stringify(c.mutations)}: ${o.message}`);
      }),
      { seed: SEED, numRuns: IN_PROCESS_CASES, endOnFailure: false },
    );
    // The mix reaches both ends: some inputs still simulate and render, others are rejected.
    expect([...kinds].sort()).toEqual(['diagnostics', 'output']);
  });

  it(`${BINARY_CASES} mutated inputs through the real binary: exit 0/1 with a complete folder or exit 2 located and nothing written`, async () => {
    const cases = fc.sample(caseArb, { seed: SEED + 1, numRuns: BINARY_CASES });
    for (const [i, c] of cases.entries()) {
      const m = materialize(seeds, c);
      const o = await runThroughBinary(join(dir, `case-${i}`), m.scenario, m.files);
      expect(o.kind, `${m.seed.name} ${JSON.stringify(c.mutations)}: ${o.kind === 'crash' ? o.message : ''}`).not.toBe('crash');
    }
  });
});
