/**
 * The loader never throws, whatever the input: seeded random mutations of a
 * full scenario (deleted, inserted and duplicated characters and lines) must
 * all give a Result, and every diagnostic must have a valid position.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/common/prng.ts';
import { parseScenario } from '../../src/scenario/index.ts';

const base = readFileSync('test/fixtures/scenarios/full-example.yaml', 'utf8');
const NOISE = [' ', '\n', ':', '-', '[', ']', '{', '}', '"', "'", '&a', '*a', '!!', '#', '|', '>', '\t', ',', '0', 'x', '?', '%', '@', '`'];

function mutate(text: string, rng: Prng): string {
  let t = text;
  const edits = 1 + rng.int(4);
  for (let i = 0; i < edits; i++) {
    const at = rng.int(t.length);
    switch (rng.int(4)) {
      case 0:
        t = t.slice(0, at) + t.slice(at + 1 + rng.int(8));
        break;
      case 1:
        t = t.slice(0, at) + rng.pick(NOISE) + t.slice(at);
        break;
      case 2: {
        const lines = t.split('\n');
        const n = rng.int(lines.length);
        lines.splice(rng.int(lines.length), 0, lines[n] as string);
        t = lines.join('\n');
        break;
      }
      default: {
        const lines = t.split('\n');
        lines.splice(rng.int(lines.length), 1);
        t = lines.join('\n');
      }
    }
  }
  return t;
}

describe('fuzz', () => {
  it('never throws on 200 mutated scenarios', () => {
    const rng = new Prng(42, 'scenario-fuzz');
    let failures = 0;
    for (let i = 0; i < 200; i++) {
      const text = mutate(base, rng);
      const r = parseScenario(text, 'fuzz.yaml', () => undefined);
      if (r.ok) continue;
      failures++;
      const lines = text.split(/\r?\n/).length;
      for (const d of r.diagnostics) {
        expect(d.code).toMatch(/^[a-z]+(-[a-z]+)*$/);
        expect(d.message.length).toBeGreaterThan(0);
        if (d.start) {
          expect(d.start.line).toBeGreaterThanOrEqual(1);
          expect(d.start.line).toBeLessThanOrEqual(lines + 1);
          expect(d.start.column).toBeGreaterThanOrEqual(1);
        }
      }
    }
    // Most mutations break something; a few land in comments or strings.
    expect(failures).toBeGreaterThan(60);
  });
});
