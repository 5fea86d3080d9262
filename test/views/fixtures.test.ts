import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readTrace, writeTrace } from '../../src/trace/io.ts';
import { FIXTURES } from '../fixtures/traces/fixtures.ts';
import { at } from '../helpers/at.ts';

describe('hand-made fixture traces', () => {
  for (const [name, make] of Object.entries(FIXTURES)) {
    it(`${name}.trace.json is current (npx tsx test/fixtures/traces/generate.ts)`, () => {
      const text = readFileSync(new URL(`../fixtures/traces/${name}.trace.json`, import.meta.url), 'utf8');
      expect(text).toBe(writeTrace(make()));
      const read = readTrace(text, `${name}.trace.json`);
      expect(read.ok).toBe(true);
    });

    it(`${name}: events are well formed`, () => {
      const trace = make();
      const ids = new Set<string>();
      const components = new Set(trace.components.map((c) => c.id));
      trace.events.forEach((e, i) => {
        expect(e.seq).toBe(i);
        expect(e.id.startsWith(`${e.sig}.`)).toBe(true);
        expect(ids.has(e.id)).toBe(false);
        if (e.cause !== null) expect(ids.has(e.cause), `cause of ${e.id} comes earlier`).toBe(true);
        ids.add(e.id);
        expect(components.has(e.from) && components.has(e.to), `${e.from} → ${e.to} are components`).toBe(true);
        if (e.type === 'phase') expect(e.from).toBe(e.to);
      });
      for (const s of trace.steps) {
        if (s.events === null) continue;
        for (let i = s.events.first; i <= s.events.last; i++) expect(at(trace.events, i).step).toBe(s.number);
      }
    });
  }
});
