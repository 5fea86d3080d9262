/**
 * Every emitted D2 file goes through the real D2 compiler (`@terrastruct/d2`,
 * WASM): it must compile, and hostile labels must come out as label text.
 */
import { describe, expect, it } from 'vitest';
import { D2, type CompileResponse } from '@terrastruct/d2';
import { toD2 } from '../../src/render/d2/index.ts';
import { toolViews } from './corpus.ts';
import { HAND_VIEWS, HOSTILE } from './hand-views.ts';

/** Every corpus view and every scenario's summary (as `render --detail summary` draws it). */
const views = await toolViews();
const d2 = new D2();

/**
 * Compiles run on two D2 workers at once (each `D2` is one worker thread and
 * compiles one file at a time), started here and awaited by each test.
 */
const compiled = new Map<string, Promise<CompileResponse>>();
const workers = [d2, new D2()];
const queues = workers.map(() => Promise.resolve() as Promise<unknown>);
/** A text already compiled (a summary the same as the standard view) is compiled once. */
const byText = new Map<string, Promise<CompileResponse>>();
views.forEach(({ name, view }, i) => {
  const d2text = toD2(view);
  const known = byText.get(d2text);
  if (known) {
    compiled.set(name, known);
    return;
  }
  const w = i % workers.length;
  const result = queues[w]!.then(() => workers[w]!.compile(d2text));
  queues[w] = result.catch(() => undefined);
  result.catch(() => undefined); // reported by the test that awaits it
  compiled.set(name, result);
  byText.set(d2text, result);
});

/** Shapes carry their label at run time, though the declared `Shape` type omits it. */
function labelOf(s: object): string {
  return (s as { label?: string }).label ?? '';
}

describe('D2 compiler accepts every emitted D2 file', () => {
  for (const { name } of views) {
    it(`${name}.d2 compiles`, async () => {
      const result = await compiled.get(name)!;
      expect(result.diagram.shapes.length).toBeGreaterThan(0);
    });
  }

  it('hostile labels are labels: same shapes and connections as the ordinary view, text intact', async () => {
    const allLabels = new Set<string>();
    for (const view of HAND_VIEWS) {
      const ordinary = await compiled.get(`hand/ordinary/${view.kind}`)!;
      const hostile = await compiled.get(`hand/hostile-labels/${view.kind}`)!;
      expect(hostile.diagram.shapes.map((s) => s.id)).toEqual(ordinary.diagram.shapes.map((s) => s.id));
      expect(hostile.diagram.connections.length).toBe(ordinary.diagram.connections.length);
      const labels = new Set([...hostile.diagram.shapes.map(labelOf), ...hostile.diagram.connections.map(labelOf)]);
      // Every hostile string that is used as a whole label survives verbatim (newlines included).
      const used = HOSTILE.filter((h) => labels.has(h.split('\n').map((l) => l.trim()).join('\n')));
      expect(used.length).toBeGreaterThan(3);
      for (const l of labels) allLabels.add(l);
    }
    // `${var}` is not substituted, backslashes stay, quotes stay.
    expect([...allLabels].some((l) => l.includes('${var} \\ back\\nslash'))).toBe(true);
    expect([...allLabels].some((l) => l.includes('say "hi"'))).toBe(true);
  });
});
