/**
 * The SVG writer embeds the subset of Inter its text uses: every glyph drawn
 * is in the subset, the bytes are the same from run to run (two processes of
 * the real binary), and a real browser draws the text in it at the widths the
 * layout measured.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Font } from 'fonteditor-core';
import { unzlibSync, zlibSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { FONT_DIR, FONT_FILES, textWidth, type FontWeight } from '../../src/layout/measure.ts';
import { keepTables, subsetWoff, usedText } from '../../src/render/svg/font.ts';
import { renderPng } from '../../src/render/png.ts';

const TRACE = resolve('test/fixtures/traces/apply-deployment.trace.json');
const BIN = resolve('bin/kubescene.js');
const CHROMIUM = '/usr/bin/chromium';
const dirs: string[] = [];

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubescene-font-'));
  dirs.push(d);
  return d;
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Renders every view of the fixture trace to SVG with the real binary, in a process of its own. */
function renderAll(): Record<string, string> {
  const dir = tempDir();
  execFileSync(process.execPath, [BIN, 'render', TRACE, '--view', 'all', '-o', dir]);
  return Object.fromEntries(['architecture', 'sequence', 'flowchart'].map((v) => [v, readFileSync(join(dir, `${v}.svg`), 'utf8')]));
}

/** The embedded faces: CSS weight → decoded font. */
type Ttf = ReturnType<ReturnType<typeof Font.create>['get']>;

function faces(svg: string): Map<number, Ttf> {
  const out = new Map<number, Ttf>();
  for (const m of svg.matchAll(/@font-face\{font-family:"([^"]+)";font-weight:(\d+);[^}]*src:url\(data:font\/woff;base64,([A-Za-z0-9+/=]+)\) format\("woff"\)\}/g)) {
    const font = Font.create(Buffer.from(m[3]!, 'base64'), { type: 'woff', inflate: (d) => Array.from(unzlibSync(Uint8Array.from(d))) });
    out.set(Number(m[2]), font.get());
  }
  return out;
}

const first = renderAll();

describe('embedded font', () => {
  it.each(['architecture', 'sequence', 'flowchart'])('%s.svg embeds a subset of Inter with every glyph its text uses', (view) => {
    const svg = first[view]!;
    const family = /font-family="&#39;([^&]+)&#39;, Inter/.exec(svg)?.[1];
    expect(family).toMatch(/^ks[0-9a-f]+ Inter$/);
    expect(svg).toContain(`@font-face{font-family:"${family}"`);
    const embedded = faces(svg);
    const text = usedText(svg);
    const weights: [FontWeight, number][] = [['regular', 400], ['semibold', 600]];
    for (const [weight, css] of weights) {
      const font = embedded.get(css);
      expect(font, `${weight} face`).toBeDefined();
      expect(font!.name.fontFamily).toMatch(/^Inter/);
      const cmap = new Set(Object.keys(font!.cmap).map(Number));
      const used = new Set([...text[weight]].map((c) => c.codePointAt(0)!));
      expect(used.size).toBeGreaterThan(10);
      for (const cp of used) expect(cmap.has(cp), `U+${cp.toString(16)} in the ${weight} subset`).toBe(true);
      // A subset: not much more than the glyphs used (.notdef and space besides).
      expect(cmap.size).toBeLessThanOrEqual(used.size + 1);
    }
  });

  it('leaves the PNG as it was: resvg draws the bundled Inter either way', () => {
    const svg = first.architecture!;
    const without = svg.replace(/<style>@font-face[^<]*<\/style>/, '').replace(/font-family="&#39;[^&]+&#39;, /, 'font-family="');
    expect(without).not.toContain('@font-face');
    expect(Buffer.from(renderPng(svg, { scale: 1 })).equals(Buffer.from(renderPng(without, { scale: 1 })))).toBe(true);
  });

  it('is byte-identical across two runs of the binary', () => {
    const second = renderAll();
    for (const view of Object.keys(first)) expect(second[view], view).toBe(first[view]);
  });

  it('subsets the stripped source exactly as the bundled TTF', () => {
    const codes = [...'kube-apiserver · ×3 → Pod'].map((c) => c.codePointAt(0)!);
    const direct = Font.create(readFileSync(join(FONT_DIR, FONT_FILES.semibold)), { type: 'ttf', subset: [...new Set(codes)].sort((a, b) => a - b) });
    const viaStripped = Font.create(Buffer.from(subsetWoff('semibold', codes), 'base64'), { type: 'woff', inflate: (d) => Array.from(unzlibSync(Uint8Array.from(d))) });
    expect(viaStripped.get().glyf.map((g) => [g.unicode, g.advanceWidth, g.contours])).toEqual(direct.get().glyf.map((g) => [g.unicode, g.advanceWidth, g.contours]));
  });

  it('a subset made from the font parsed once has the bytes of the reader\'s own subset (compound glyphs, repeats, unmapped code points)', () => {
    // The path subsetWoff took before it parsed the font once per process: the reader with `subset`.
    const readerSubset = (weight: FontWeight, points: readonly number[]): string => {
      const codes = [...new Set(points)].sort((a, b) => a - b);
      const font = Font.create(keepTables(readFileSync(join(FONT_DIR, FONT_FILES[weight]))), { type: 'ttf', subset: codes, hinting: false, kerning: false });
      return Buffer.from(font.write({ type: 'woff', hinting: false, kerning: false, deflate: (raw) => Array.from(zlibSync(Uint8Array.from(raw), { level: 9 })) }) as ArrayBuffer).toString('base64');
    };
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
    const texts = [
      'kube-apiserver → etcd',
      // Accented letters are compound glyphs in Inter (a base and a mark): made simple from their parts.
      'ÄÖÜäöüéèçñ ßÆØÅ ŒœĞğŠšŽžİı ǅǈ',
      String.fromCodePoint(...range(0x20, 0x7f)),
      String.fromCodePoint(...range(0xa0, 0x2b0)),
      '✓✗…—–“”‘’•·×÷≤≥≠→←↑↓⇒ 😀\u{10ffff}',
      '',
    ];
    for (const weight of ['regular', 'semibold'] as const) {
      for (const text of texts) {
        const points = [0x20, ...[...text].map((c) => c.codePointAt(0)!)];
        const made = subsetWoff(weight, points);
        expect(made, `${weight}: ${text.slice(0, 20)}`).toBe(readerSubset(weight, points));
      }
    }
    // Making subsets does not change the parsed font: a later subset (a new text, so not from the memo) still matches.
    const again = [0x20, ...[...'kube-apiserver → etcd!'].map((c) => c.codePointAt(0)!)];
    expect(subsetWoff('regular', again)).toBe(readerSubset('regular', again));
  });

  it('the stripped source (only the 3,10 format-12 cmap subtable) maps every code point as the bundled TTF does', () => {
    for (const weight of ['regular', 'semibold'] as const) {
      const ttf = readFileSync(join(FONT_DIR, FONT_FILES[weight]));
      const stripped = Font.create(keepTables(ttf), { type: 'ttf' }).get();
      const full = Font.create(ttf, { type: 'ttf' }).get();
      const codes = (f: typeof full) => f.glyf.flatMap((g, i) => (g.unicode ?? []).map((u) => `${u}:${i}`)).sort();
      expect(codes(stripped)).toEqual(codes(full));
      expect(codes(full).length).toBeGreaterThan(2000);
    }
  });

  it.skipIf(!existsSync(CHROMIUM))('Chromium draws the text in the embedded Inter at the measured widths (skipped where /usr/bin/chromium is absent)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'architecture.svg'), first.architecture!);
    // The SVG inlined in a page: its faces load, and each line's width is compared with measure.ts.
    writeFileSync(
      join(dir, 'page.html'),
      `<!doctype html><html><body><div id="host"></div><pre id="out">pending</pre><script>
fetch('architecture.svg').then((r) => r.text()).then(async (svg) => {
  document.getElementById('host').innerHTML = svg;
  await document.fonts.ready;
  const faces = [...document.fonts].map((f) => f.status);
  const spans = [...document.querySelectorAll('tspan')].map((t) => {
    const text = t.closest('text');
    return { text: t.textContent, size: Number(text.getAttribute('font-size')), semibold: text.getAttribute('font-weight') === '600', width: t.getComputedTextLength() };
  });
  document.getElementById('out').textContent = JSON.stringify({ faces, spans });
});
</script></body></html>`,
    );
    const dom = execFileSync(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--allow-file-access-from-files', '--virtual-time-budget=10000', '--dump-dom', `file://${join(dir, 'page.html')}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const json = /<pre id="out">(.*)<\/pre>/s.exec(dom)?.[1] ?? 'null';
    const result = JSON.parse(json.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')) as { faces: string[]; spans: { text: string; size: number; semibold: boolean; width: number }[] };
    expect(result.faces).toEqual(['loaded', 'loaded']);
    const long = result.spans.filter((s) => s.text.length >= 6);
    expect(long.length).toBeGreaterThan(20);
    for (const s of long) {
      const measured = textWidth(s.text, { size: s.size, weight: s.semibold ? 'semibold' : 'regular' });
      // Within 3%: the subset has no kerning; any substitute font is off by 8% or more.
      expect(Math.abs(s.width - measured) / measured, `${s.text}: ${s.width} vs ${measured}`).toBeLessThan(0.03);
    }
  });
});
