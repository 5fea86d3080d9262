/** Control and bidi characters from input are shown as \uXXXX in every view and output format (issue 12, item 4). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Trace } from '../../src/trace/types.ts';
import { buildView } from '../../src/views/index.ts';
import { VIEW_KINDS } from '../../src/views/types.ts';
import { layout } from '../../src/layout/index.ts';
import { renderLaidOut } from '../../src/render/index.ts';
import { toMermaid } from '../../src/render/mermaid/index.ts';
import { toD2 } from '../../src/render/d2/index.ts';
import { toPlantUml } from '../../src/render/plantuml/index.ts';
import { inertStrings } from '../../src/views/common/inert.ts';
import { readTrace } from '../../src/trace/io.ts';

const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/;

function hostileTrace(): Trace {
  const read = readTrace(readFileSync(new URL('../trace/__golden__/get-pods.trace.json', import.meta.url), 'utf8'), 'get-pods.trace.json');
  if (!read.ok) throw new Error('golden trace unreadable');
  const trace = read.value;
  trace.header.scenario.title = 'Pods of abc\u202Egpj.exe \u001b[31mred\u001b[0m';
  for (const step of trace.steps) step.title = `${step.title} \u2066isolated\u2069 and \u200Fmarked`;
  return trace;
}

describe('control and bidi characters in views', () => {
  it('inertStrings escapes nested strings and keeps everything else', () => {
    const v = { a: 'x\u202Ey', b: [1, 'ok', { c: '\u001b[0m' }], d: true, e: null };
    expect(inertStrings(v)).toEqual({ a: 'x\\u202Ey', b: [1, 'ok', { c: '\\u001B[0m' }], d: true, e: null });
    // Nothing to escape: the same object, not a copy.
    const clean = { a: 'ok', b: [1, { c: 'fine' }] };
    expect(inertStrings(clean)).toBe(clean);
  });

  for (const kind of VIEW_KINDS) {
    it(`${kind}: no raw control or bidi character in SVG, layout, Mermaid, D2 or PlantUML`, async () => {
      const trace = hostileTrace();
      const view = buildView(trace, kind, { detail: 'summary' });
      expect(JSON.stringify(view)).not.toMatch(RAW);
      const laid = await layout(view);
      const svg = renderLaidOut(laid, { format: 'svg', theme: 'light' }) as string;
      const outputs = [svg, JSON.stringify(laid), toMermaid(view), toD2(view), toPlantUml(view)];
      for (const out of outputs) expect(out).not.toMatch(RAW);
      // The scenario or step title is on the picture, with the marks visible.
      expect(svg).toMatch(/abc\\u202Egpj\.exe|\\u2066isolated\\u2069/);
    });
  }
});
