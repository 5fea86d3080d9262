/**
 * Text measurement with the bundled Inter font (opened through svgdom's font
 * configuration, which uses fontkit). The PNG renderer loads the same TTF
 * files, so a label measured here fits identically in the SVG and the PNG.
 * Widths include kerning, as the renderers shape text with kerning on.
 */
import { fileURLToPath } from 'node:url';
import { config, type FontkitFont, type FontkitScript } from 'svgdom';
import { generatedSuffixStart, keptTogether, shortenAtBoundaries, softBreaks, wordBreaks } from '../common/text.ts';

export type FontWeight = 'regular' | 'semibold';

export interface TextStyle {
  size: number;
  weight: FontWeight;
}

/** Where the bundled fonts live (the PNG renderer loads the same files). */
export const FONT_DIR = fileURLToPath(new URL('../../templates/fonts/', import.meta.url));
export const FONT_FILES: Record<FontWeight, string> = {
  regular: 'Inter-Regular.ttf',
  semibold: 'Inter-SemiBold.ttf',
};
/** The family names svgdom maps to our files; the SVG itself says `Inter` + weight. */
const FAMILY: Record<FontWeight, string> = { regular: 'Inter', semibold: 'Inter SemiBold' };

/** Line height as a multiple of the font size. */
export const LINE_HEIGHT = 1.3;

let fonts: Record<FontWeight, FontkitFont> | undefined;

function font(weight: FontWeight): FontkitFont {
  if (!fonts) {
    config.setFontDir(FONT_DIR);
    config.setFontFamilyMappings({ [FAMILY.regular]: FONT_FILES.regular, [FAMILY.semibold]: FONT_FILES.semibold });
    config.preloadFonts();
    const loaded = config.getFonts();
    const regular = loaded[FAMILY.regular];
    const semibold = loaded[FAMILY.semibold];
    if (!regular || !semibold) throw new Error(`bundled Inter fonts not found in ${FONT_DIR}`);
    fonts = { regular, semibold };
  }
  return fonts[weight];
}

// Widths at 1px font size, per weight and text: the renderers ask for the
// same few hundred strings over and over.
const widthCache: Record<FontWeight, Map<string, number>> = { regular: new Map(), semibold: new Map() };
// Advances (font units) of the pieces of texts, per weight, script and piece.
const pieceCache: Record<FontWeight, Map<string, number>> = { regular: new Map(), semibold: new Map() };
// fontkit's script per character (`zzzz` for Common, Inherited and Unknown).
const scriptCache: Record<FontWeight, Map<string, FontkitScript>> = { regular: new Map(), semibold: new Map() };

/**
 * The script fontkit picks for `text` when it is given none: that of the first
 * character with a script of its own, else `zzzz` (fontkit's
 * `Script.forString`), read from fontkit one character at a time.
 */
function scriptOf(text: string, weight: FontWeight, f: FontkitFont): FontkitScript {
  const cache = scriptCache[weight];
  for (const ch of text) {
    let script = cache.get(ch);
    if (script === undefined) {
      script = f.layout(ch).script;
      cache.set(ch, script);
    }
    if (script !== 'zzzz') return script;
  }
  return 'zzzz';
}

/** ASCII characters whose glyphs Inter's `calt` may change by looking across a space (see mayReachAcrossSpace). */
const REACHES_ACROSS_SPACE = new Set([...'()*+-:<=>@[]x{}~'].map((c) => c.charCodeAt(0)));

/**
 * Whether a character next to a run of spaces may be shaped differently with
 * what lies beyond the spaces. In Inter (both weights) the only default-feature
 * lookup whose rules match the space glyph is `calt`'s case-sensitive forms
 * (`A* a` keeps the plain asterisk, `A* ` alone takes `asterisk.case`; `A (A`):
 * each such rule changes one glyph of the set above (and of non-ASCII
 * punctuation, arrows, dashes), and only through spaces right next to it;
 * kerning pairs with a space have the space second. Every non-ASCII
 * character except `·` and `…` counts as reaching across (marks attach to
 * a space, other scripts shape by their own rules).
 * test/layout/measure-pieces.test.ts checks these facts in the fonts' GSUB and
 * GPOS tables and compares piecewise with whole-text widths.
 */
export function mayReachAcrossSpace(code: number): boolean {
  if (code > 32 && code < 127) return REACHES_ACROSS_SPACE.has(code);
  return code !== 0xb7 && code !== 0x2026;
}

/**
 * The sum of the advances of `text` as fontkit shapes it whole
 * (`font.layout(text)`), in font units, computed piece by piece: a piece ends
 * after a run of spaces unless a character on either side of that run may be
 * shaped across it (mayReachAcrossSpace), and is shaped with the whole text's
 * script. The sum is the same integer; a wrapped label's many prefixes and
 * shortened candidates then share their pieces instead of being shaped again
 * whole (fontkit's shaping was ~40 % of a cold gallery build).
 */
function shapedUnits(text: string, weight: FontWeight, f: FontkitFont): number {
  const script = scriptOf(text, weight, f);
  if (script !== 'latn' && script !== 'zzzz') {
    let whole = 0;
    for (const p of f.layout(text).positions) whole += p.xAdvance;
    return whole;
  }
  const cache = pieceCache[weight];
  const n = text.length;
  let sum = 0;
  let start = 0;
  while (start < n) {
    let end = start;
    for (;;) {
      while (end < n && text.charCodeAt(end) !== 32) end++;
      const run = end;
      while (end < n && text.charCodeAt(end) === 32) end++;
      if (end >= n) break;
      if ((run === 0 || !mayReachAcrossSpace(text.charCodeAt(run - 1))) && !mayReachAcrossSpace(text.charCodeAt(end))) break;
    }
    const piece = end - start === n ? text : text.slice(start, end);
    const key = `${script}\u0000${piece}`;
    let units = cache.get(key);
    if (units === undefined) {
      units = 0;
      for (const p of f.layout(piece, [], script).positions) units += p.xAdvance;
      cache.set(key, units);
    }
    sum += units;
    start = end;
  }
  return sum;
}

/** Advance width of `text` shaped whole by fontkit, in px: what textWidth must equal (for tests). */
export function wholeTextWidth(text: string, style: TextStyle): number {
  const f = font(style.weight);
  let sum = 0;
  for (const p of f.layout(text).positions) sum += p.xAdvance;
  return (sum / f.unitsPerEm) * style.size;
}

/** Advance width of one line of text in px. */
export function textWidth(text: string, style: TextStyle): number {
  const cache = widthCache[style.weight];
  let unit = cache.get(text);
  if (unit === undefined) {
    const f = font(style.weight);
    unit = shapedUnits(text, style.weight, f) / f.unitsPerEm;
    cache.set(text, unit);
  }
  return unit * style.size;
}

export function lineHeight(style: TextStyle): number {
  return style.size * LINE_HEIGHT;
}

/**
 * Distance from the top of a line box to the baseline, so that the glyphs
 * (ascent..descent) sit centred in the line box.
 */
export function baselineOffset(style: TextStyle): number {
  const f = font(style.weight);
  const ascent = (f.ascent / f.unitsPerEm) * style.size;
  const descent = (-f.descent / f.unitsPerEm) * style.size;
  return (lineHeight(style) - (ascent + descent)) / 2 + ascent;
}

export interface MeasuredText {
  lines: string[];
  width: number;
  height: number;
}

const ELLIPSIS = '…';

/**
 * Wraps text into at most `maxLines` lines no wider than `maxWidth`, for every
 * view: the same rule as flowcharts (wrapWords) — lines break only where a
 * word ends, and a text too long for its lines keeps its start and its end
 * (`kube-controller-manager (control-plane-2)` loses a middle word, never
 * ends in `(control-plane…`). It is never clipped.
 */
export function wrapText(text: string, style: TextStyle, maxWidth: number, maxLines = 3): MeasuredText {
  return wrapWords(text, style, maxWidth, maxLines);
}

function longestPrefix(text: string, style: TextStyle, maxWidth: number): number {
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(text.slice(0, mid), style) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The longest prefix ending where a word or piece ends (common/text.ts wordBreaks) that fits with a trailing ellipsis; inside a piece only when none does. */
function ellipsizeAtBoundary(text: string, style: TextStyle, maxWidth: number): string {
  if (textWidth(text, style) <= maxWidth) return text;
  const at = wordBreaks(text).filter((b) => textWidth(text.slice(0, b).trimEnd() + ELLIPSIS, style) <= maxWidth).at(-1);
  return at !== undefined && at > 0 ? text.slice(0, at).trimEnd() + ELLIPSIS : ellipsize(text, style, maxWidth);
}

/** The longest prefix that fits with a trailing ellipsis. */
export function ellipsize(text: string, style: TextStyle, maxWidth: number): string {
  if (textWidth(text, style) <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (textWidth(text.slice(0, mid).trimEnd() + ELLIPSIS, style) <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return text.slice(0, lo).trimEnd() + ELLIPSIS;
}

/**
 * Lines of `text` no wider than `maxWidth`, broken only where a word ends
 * (common/text.ts wordBreaks: spaces, after `/ , ; =`, inside `a-b` and
 * `a:b`), before a Kubernetes name or a flag with its value rather than
 * inside it (`keep`, keptBreaks), preferring a ` · ` between facts. A single
 * piece wider than a line is split before a dot or between camelCase words
 * (common/text.ts softBreaks), else where it must; nothing is dropped.
 */
function wordLines(text: string, style: TextStyle, maxWidth: number, keep = true): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (textWidth(rest, style) <= maxWidth) {
      lines.push(rest);
      break;
    }
    // Between words first; inside a word (`worker-2`, a path) only when the word alone is wider than a line.
    const fitting = lineBreaks(rest, style, maxWidth, keep);
    // (A space that keeps less than two thirds of what a hyphen or slash keeps loses: `run containerd-` / `shim-runc-v2`, a name too wide for a line.)
    const space = fitting.filter((at) => rest[at] === ' ').pop();
    const after = fitting.filter((at) => rest[at - 1] === '-' || rest[at - 1] === '/').at(-1);
    let best = space !== undefined && (after === undefined || 3 * space >= 2 * after) ? space : after ?? fitting.at(-1) ?? 0;
    // Between facts (` · `), then before an arrow (`StopContainer liveness` / `→ exit code 137`), when
    // that keeps at least half the line.
    const sep = rest.lastIndexOf(' · ', best);
    const arrow = rest.lastIndexOf(' → ', best - 1);
    // A list of pairs (`log-agent-jxl9j → worker-1, log-agent-xshnt → worker-2`) breaks between the pairs, after
    // the comma, when the break would fall inside the pair after it (gallery review D66), while that costs no line
    // (wrapWords tries again without `keep`).
    const pairs = rest.lastIndexOf(', ', best - 1);
    const pairArrow = pairs > 0 ? rest.indexOf(' → ', pairs) : -1;
    const pairEnd = pairs > 0 ? rest.indexOf(', ', pairs + 2) : -1;
    const splitsPair = pairArrow > 0 && (pairEnd < 0 || pairArrow < pairEnd);
    if (sep > 0 && sep + 2 <= best && sep + 2 >= best / 2) best = sep + 2;
    else if (keep && splitsPair && pairs + 1 >= best / 2) best = pairs + 1;
    else if (arrow > 0 && arrow + 1 < best && arrow + 1 >= best / 2) best = arrow + 1;
    // A piece wider than the line: before a dot of a dotted name or between camelCase words, else where it must.
    const soft = best > 0 ? 0 : (softBreaks(rest).filter((at) => textWidth(rest.slice(0, at), style) <= maxWidth).at(-1) ?? 0);
    const cut = best > 0 ? best : soft > 0 ? soft : longestPrefix(rest, style, maxWidth);
    // A separator goes with neither line (`a, b, web` / `1 Pending`, never `· 1 Pending`): the break is moved past one
    // that would start the next line, and one that ends this line is dropped; the line is as wide as before.
    const next = rest.slice(cut).trimStart();
    const lead = LEADING_SEPARATOR.exec(next)?.[0].length ?? 0;
    lines.push(rest.slice(0, cut).trimEnd().replace(TRAILING_SEPARATOR, ''));
    rest = next.slice(lead);
  }
  return lines.length > 0 ? lines : [''];
}

/** A count `×4` (after a space) right after a break. */
const COUNT_AHEAD = /^ ?×\d/;

/** A ` · ` between facts at the start of a line's rest, and at the end of a line: wrapped lines carry neither. */
const LEADING_SEPARATOR = /^·(?: +|$)/;
const TRAILING_SEPARATOR = / +·$/;

/** The positions `text` may break at whose first line fits `maxWidth` (wordBreaks; with `keep`, then keptBreaks). */
function lineBreaks(text: string, style: TextStyle, maxWidth: number, keep: boolean): number[] {
  // A count goes with what it counts (`web-stable ×16, web-canary ×4`, never `web-canary` / `×4`: gallery review D66).
  const fitting = wordBreaks(text).filter((at) => !COUNT_AHEAD.test(text.slice(at)) && textWidth(text.slice(0, at).trimEnd(), style) <= maxWidth);
  // Names and flags all hold a `-`.
  return keep && text.includes('-') ? keptBreaks(text, style, maxWidth, fitting) : fitting;
}

/**
 * The breaks of `fitting` that keep together what reads as one thing
 * (common/text.ts keptTogether: a Kubernetes name, a flag with its value)
 * when it fits a line by itself: `kubectl get pods` / `-l app=web`, `run` /
 * `containerd-shim-runc-v2`. A name wider than a line is broken inside, before
 * its generated part first (`web-canary-` / `65479b8bd8-4qfls`, not
 * `web-canary-65479b8bd8-` / `4qfls`). All of `fitting` when none of them does.
 */
function keptBreaks(text: string, style: TextStyle, maxWidth: number, fitting: number[]): number[] {
  // Only a break inside a word, or after a flag, can be inside a name or between a flag and its value.
  const last = fitting.at(-1);
  if (last === undefined || !fitting.some((at) => text[at] !== ' ' || text[text.lastIndexOf(' ', at - 1) + 1] === '-')) return fitting;
  const inside = ([s, e]: [number, number], at: number) => s < at && at < e;
  const spans = keptTogether(text, last).filter((span) => fitting.some((at) => inside(span, at)));
  if (spans.length === 0) return fitting;
  const fits = ([s, e]: [number, number]) => textWidth(text.slice(s, e), style) <= maxWidth;
  const parts = spans.flatMap(([s, e]): [number, number][] => {
    const at = generatedSuffixStart(text.slice(s, e));
    return at === undefined ? [] : [[s + at, e]];
  });
  const whole = spans.filter(fits);
  const kept = parts.filter(fits);
  for (const tier of [[...whole, ...kept], kept]) {
    const breaks = fitting.filter((at) => !tier.some((span) => inside(span, at)));
    if (breaks.length > 0) return breaks;
  }
  return fitting;
}

/**
 * Wraps text onto at most `maxLines` lines without ever cutting a word: a text
 * too long for them keeps its start and its end (where the outcome is: an exit
 * code, a reason, `…/default/web`) and leaves out the middle, at word
 * boundaries (common/text.ts shortenAtBoundaries).
 */
export function wrapWords(text: string, style: TextStyle, maxWidth: number, maxLines: number): MeasuredText {
  const clean = text.replace(/\s+/g, ' ').trim();
  // Names and flags are kept together only while that costs no line the text does not have: a label
  // is not shortened to keep `web-766486c5b6-jxl9j` on one line (nor shortened more).
  const kept = (s: string) => {
    const k = wordLines(s, style, maxWidth);
    return k.length <= maxLines ? k : wordLines(s, style, maxWidth, false);
  };
  let lines = kept(clean);
  if (lines.length > maxLines) {
    const short = shortenAtBoundaries(
      clean,
      (s) => wordLines(s, style, maxWidth, false).length <= maxLines,
      (s) => textWidth(`… ${s}`, style) <= maxWidth,
    );
    lines = kept(short);
  }
  // Pieces with no word boundary to shorten at (`cloud-controller-manager` on two narrow lines, a
  // 64-hex-digit name): the last line ends in `…` where a piece ends if one fits, else inside it.
  if (lines.length > maxLines) {
    const tail = lines.slice(maxLines - 1).reduce((acc, l) => (acc === '' ? l : /[-/]$/.test(acc) ? acc + l : `${acc} ${l}`), '');
    lines = [...lines.slice(0, maxLines - 1), ellipsizeAtBoundary(tail, style, maxWidth)];
  }
  const width = Math.max(...lines.map((l) => textWidth(l, style)));
  return { lines, width, height: lines.length * lineHeight(style) };
}
