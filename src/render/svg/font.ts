/**
 * The font an SVG was measured with, embedded in it: a subset of the bundled
 * Inter (only the glyphs its text uses, per weight) as a WOFF `@font-face`,
 * so browsers and GitHub draw the labels in the font the layout measured
 * them with instead of substituting one.
 *
 * Subsetting uses fonteditor-core, which is synchronous (the SVG writer is a
 * pure synchronous function; harfbuzz-based subset-font is async). WOFF
 * tables are zlib-compressed with fflate, pure JavaScript, so the bytes are the same
 * on every machine; the subset keeps the source font's `head` dates, so the
 * same text gives the same bytes. The subset has no kerning (fonteditor-core
 * cannot remap GPOS to the subset's glyph ids): a browser draws a label up to
 * ~2% wider than measured, which the boxes' padding absorbs. resvg (the PNG
 * renderer) ignores `@font-face` and loads the bundled TTFs itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Font, type TTF } from 'fonteditor-core';
import { zlibSync } from 'fflate';
import { FONT_DIR, FONT_FILES, type FontWeight } from '../../layout/measure.ts';

/** CSS weight of each bundled file (the writer marks semibold text `font-weight="600"`). */
const CSS_WEIGHT: Record<FontWeight, number> = { regular: 400, semibold: 600 };

/**
 * Tables the subsetter reads and writes. The OpenType layout tables (GPOS,
 * GSUB, GDEF: a third of Inter) are dropped before fonteditor-core sees the
 * file: it would copy them byte by byte only to discard them.
 */
const KEEP = new Set(['OS/2', 'cmap', 'glyf', 'head', 'hhea', 'hmtx', 'loca', 'maxp', 'name', 'post']);

const sources = new Map<FontWeight, Buffer>();

/** The bundled TTF of a weight with only the KEEP tables (same sfnt layout otherwise). */
function source(weight: FontWeight): Buffer {
  let buf = sources.get(weight);
  if (buf === undefined) {
    buf = keepTables(readFileSync(join(FONT_DIR, FONT_FILES[weight])));
    sources.set(weight, buf);
  }
  return buf;
}

/** An sfnt with only the KEEP tables: new table directory, table data copied 4-byte aligned. */
export function keepTables(ttf: Buffer): Buffer {
  const count = ttf.readUInt16BE(4);
  const tables: { tag: string; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < count; i++) {
    const rec = 12 + 16 * i;
    const tag = ttf.toString('latin1', rec, rec + 4);
    if (!KEEP.has(tag)) continue;
    const offset = ttf.readUInt32BE(rec + 8);
    const length = ttf.readUInt32BE(rec + 12);
    const data = ttf.subarray(offset, offset + length);
    tables.push({ tag, checksum: ttf.readUInt32BE(rec + 4), data: tag === 'cmap' ? windowsFullCmap(data) : data });
  }
  const n = tables.length;
  const pow = 2 ** Math.floor(Math.log2(n));
  const head = Buffer.alloc(12 + 16 * n);
  head.writeUInt32BE(ttf.readUInt32BE(0), 0);
  head.writeUInt16BE(n, 4);
  head.writeUInt16BE(pow * 16, 6);
  head.writeUInt16BE(Math.log2(pow), 8);
  head.writeUInt16BE(n * 16 - pow * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const rec = 12 + 16 * i;
    head.write(t.tag, rec, 'latin1');
    head.writeUInt32BE(t.checksum, rec + 4);
    head.writeUInt32BE(offset, rec + 8);
    head.writeUInt32BE(t.data.length, rec + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

/**
 * A cmap with only its Windows full-repertoire subtable (platform 3, encoding
 * 10, format 12) when it has one: fonteditor-core parses every subtable but
 * maps code points from that one alone when present, so the others (Inter has
 * four) are parsed for nothing on every subset. Same code points, same subset.
 */
export function windowsFullCmap(cmap: Buffer): Buffer {
  const n = cmap.readUInt16BE(2);
  for (let i = 0; i < n; i++) {
    const rec = 4 + 8 * i;
    const off = cmap.readUInt32BE(rec + 4);
    if (cmap.readUInt16BE(rec) !== 3 || cmap.readUInt16BE(rec + 2) !== 10 || cmap.readUInt16BE(off) !== 12) continue;
    const length = cmap.readUInt32BE(off + 4);
    const out = Buffer.alloc(12 + length);
    out.writeUInt16BE(0, 0);
    out.writeUInt16BE(1, 2);
    out.writeUInt16BE(3, 4);
    out.writeUInt16BE(10, 6);
    out.writeUInt32BE(12, 8);
    cmap.copy(out, 12, off, off + length);
    return out;
  }
  return cmap;
}

/** Subsets already made in this process: frames of one picture share their text. */
const memo = new Map<string, string>();
const MEMO_SIZE = 64;

/**
 * The bundled font of a weight parsed once per process, every glyph
 * (fonteditor-core's reader without a subset), so a subset does not parse the
 * tables, the cmap and the post names again (~40 ms each time before).
 */
const parsed = new Map<FontWeight, TTF.TTFObject>();

/** A glyph as the reader makes it: a compound glyph lists its components (not in fonteditor-core's types). */
type ReaderGlyph = TTF.Glyph & { compound?: boolean; glyfs?: { glyphIndex: number }[] };

function parsedFont(weight: FontWeight): TTF.TTFObject {
  let ttf = parsed.get(weight);
  if (ttf === undefined) {
    ttf = Font.create(source(weight), { type: 'ttf', hinting: false, kerning: false }).get();
    parsed.set(weight, ttf);
  }
  return ttf;
}

/**
 * The font fonteditor-core's reader makes with `subset: codes` (ttfreader.js
 * resolveGlyf), made from the parsed whole font: the glyphs the code points
 * map to and `.notdef`, in glyph order, each compound glyph made simple from
 * its components (also in glyph order, as the reader does), `maxp` saying
 * there are no compound glyphs left. Everything is a copy: the writer changes
 * what it writes (sorts code points, sets checksums). Same bytes as reading
 * the font with the subset option (test/render/font.test.ts).
 */
function subsetFont(whole: TTF.TTFObject, codes: readonly number[]): ReturnType<typeof Font.create> {
  const cmap: Record<number, number | undefined> = whole.cmap;
  const source: readonly ReaderGlyph[] = whole.glyf;
  const chosen = new Set<number>([0]);
  for (const c of codes) {
    const g = cmap[c];
    if (g !== undefined) chosen.add(g);
  }
  const order = [...chosen].sort((a, b) => a - b);
  // The chosen glyphs and, transitively, the components of the compound ones, at their own index.
  const glyf: ReaderGlyph[] = [];
  const todo = [...order];
  for (let i = todo.pop(); i !== undefined; i = todo.pop()) {
    if (glyf[i] !== undefined) continue;
    const g = structuredClone(source[i]!);
    glyf[i] = g;
    for (const part of g.compound === true ? (g.glyfs ?? []) : []) todo.push(part.glyphIndex);
  }
  // Every table copied (in the reader's key order) but the cmap, which the writer neither reads nor
  // changes (it writes the code points of the glyphs); glyf first as the sparse array compound2simple reads.
  const tables: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(whole)) tables[key] = key === 'glyf' ? glyf : key === 'cmap' ? value : structuredClone(value);
  const ttf = tables as TTF.TTFObject;
  const font = Font.create().set(ttf);
  // (an empty list would mean every glyph to compound2simple)
  const compound = order.filter((i) => glyf[i]!.compound === true);
  if (compound.length > 0) font.getHelper().compound2simple(compound);
  ttf.glyf = order.map((i) => glyf[i]!);
  ttf.maxp.maxComponentElements = 0;
  ttf.maxp.maxComponentDepth = 0;
  return font;
}

/** Base64 WOFF of the bundled font of `weight` with the glyphs of `codePoints` (and .notdef). */
export function subsetWoff(weight: FontWeight, codePoints: readonly number[]): string {
  const codes = [...new Set(codePoints)].sort((a, b) => a - b);
  const key = `${weight}:${codes.join(',')}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const font = subsetFont(parsedFont(weight), codes);
  const woff = font.write({ type: 'woff', hinting: false, kerning: false, deflate: (raw) => Array.from(zlibSync(Uint8Array.from(raw), { level: 9 })) });
  const base64 = Buffer.from(woff as ArrayBuffer).toString('base64');
  if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
  memo.set(key, base64);
  return base64;
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) =>
    e.startsWith('#x') ? String.fromCodePoint(parseInt(e.slice(2), 16)) : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1))) : ENTITY[e]!,
  );
}

/** The characters drawn in each weight: the content of every `<text>`, semibold where it says `font-weight="600"`. */
export function usedText(svgBody: string): Record<FontWeight, string> {
  const out: Record<FontWeight, string> = { regular: '', semibold: '' };
  for (const m of svgBody.matchAll(/<text\b([^>]*)>([\s\S]*?)<\/text>/g)) {
    const weight: FontWeight = /\sfont-weight="600"/.test(m[1]!) ? 'semibold' : 'regular';
    out[weight] += unescapeXml(m[2]!.replace(/<[^>]*>/g, ''));
  }
  return out;
}

/** The `<style>` with one `@font-face` per weight the text uses, family `family`; empty without text. */
export function fontFaceStyle(svgBody: string, family: string): string {
  const text = usedText(svgBody);
  const faces = (Object.keys(text) as FontWeight[])
    .filter((w) => text[w].length > 0)
    .map((w) => {
      const codes = [...text[w]].map((c) => c.codePointAt(0)!);
      const data = subsetWoff(w, [0x20, ...codes]);
      return `@font-face{font-family:"${family}";font-weight:${CSS_WEIGHT[w]};font-style:normal;src:url(data:font/woff;base64,${data}) format("woff")}`;
    });
  return faces.length > 0 ? `<style>${faces.join('')}</style>` : '';
}
