/**
 * textWidth shapes a text piece by piece (src/layout/measure.ts shapedUnits):
 * it must give exactly the width fontkit gives the text shaped whole, in
 * both weights, including where Inter's `calt` looks across a space
 * (case-sensitive forms: `A* a` keeps the plain asterisk, `A* ` alone takes
 * `asterisk.case`).
 */
import { describe, expect, it } from 'vitest';
import { textWidth, wholeTextWidth, type FontWeight } from '../../src/layout/measure.ts';

const CHARS = [
  ...Array.from({ length: 126 - 32 }, (_, i) => String.fromCharCode(33 + i)),
  ...'·…→←↔×–—’é\u00a0\u0301',
];
const WEIGHTS: FontWeight[] = ['regular', 'semibold'];

function mismatches(texts: Iterable<string>, weight: FontWeight): string[] {
  const style = { size: 13, weight };
  const out: string[] = [];
  for (const t of texts) if (textWidth(t, style) !== wholeTextWidth(t, style)) out.push(t);
  return out;
}

describe('textWidth piece by piece equals whole-text shaping', () => {
  for (const weight of WEIGHTS) {
    it(`every pair of characters around one and two spaces, between capitals and lower case (${weight})`, () => {
      const texts: string[] = [];
      for (const x of CHARS) {
        for (const y of CHARS) texts.push(`A${x} ${y}a`, `a${x}  ${y}A`);
        texts.push(` ${x}A`, `A${x} `, `${x} `);
      }
      expect(mismatches(texts, weight)).toEqual([]);
    });

    it(`labels as the views write them (${weight})`, () => {
      const texts = [
        'Running · 10.244.1.2 · nginx:1.27',
        'kube-controller-manager (control-plane-2)',
        'A small cluster: control plane, three workers, a three-tier app',
        'PATCH /api/v1/namespaces/default/pods/web-5d8f9c7b6-x2k9q/status → 200 OK',
        '1. Deploy the application (part 1 of 2)',
        'StopContainer liveness → exit code 137 · CrashLoopBackOff',
        'worker-2, worker-3 · A (B) [C] {D} <E> x F * G + H = I ~ J @ K',
        '  leading and trailing spaces  ',
        '10 x 20 · 3 × 4 · a -> b · c => d · e <- f',
        'Ünïcödé naïve café — “quoted” ‘text’ … done',
      ];
      expect(mismatches(texts, weight)).toEqual([]);
      for (const t of texts) for (let i = 1; i <= t.length; i++) expect(mismatches([t.slice(0, i), t.slice(i)], weight)).toEqual([]);
    });
  }
});
