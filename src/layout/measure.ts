/**
 * Text measurement with the bundled Inter font (opened through svgdom's font
 * configuration, which uses fontkit). The PNG renderer loads the same TTF
 * files, so a label measured here fits identically in the SVG and the PNG.
 * Widths include kerning, as the renderers shape text with kerning on.
 */
import { fileURLToPath } from 'node:url';
import { config, type FontkitFont } from 'svgdom';
import { shortenAtBoundaries, wordBreaks } from '../common/text.ts';

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

/** Advance width of one line of text in px. */
export function textWidth(text: string, style: TextStyle): number {
  const cache = widthCache[style.weight];
  let unit = cache.get(text);
  if (unit === undefined) {
    const f = font(style.weight);
    const run = f.layout(text);
    let sum = 0;
    for (const p of run.positions) sum += p.xAdvance;
    unit = sum / f.unitsPerEm;
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
 * Wraps text into at most `maxLines` lines no wider than `maxWidth`: breaks at
 * spaces and after `/ - . : _ ,` (paths, names, keys), and inside a word only
 * when one word alone is too wide. A text that still does not fit ends with an
 * ellipsis — it is never clipped.
 */
export function wrapText(text: string, style: TextStyle, maxWidth: number, maxLines = 3): MeasuredText {
  const clean = text.replace(/\s+/g, ' ').trim();
  const lines: string[] = [];
  let rest = clean;
  while (rest.length > 0 && lines.length < maxLines) {
    if (textWidth(rest, style) <= maxWidth) {
      lines.push(rest);
      rest = '';
    } else if (lines.length === maxLines - 1) {
      lines.push(ellipsize(rest, style, maxWidth));
      rest = '';
    } else {
      let cut = breakPoint(rest, style, maxWidth);
      // Never leave `…` alone on the last line: the word before it goes down with it.
      if (rest.slice(cut).trim() === '…') cut = Math.max(0, rest.lastIndexOf(' ', cut - 2) + 1) || cut;
      lines.push(rest.slice(0, cut).trimEnd().replace(/ ·$/, ''));
      rest = rest.slice(cut).trimStart();
    }
  }
  if (lines.length === 0) lines.push('');
  const width = Math.max(...lines.map((l) => textWidth(l, style)));
  return { lines, width, height: lines.length * lineHeight(style) };
}

/** Ends of the pieces a line may break after: spaces, hyphens and slashes (never inside a word). */
function breakOpportunities(text: string): number[] {
  const out: number[] = [];
  for (let i = 1; i < text.length; i++) {
    if (text[i] === ' ' || '/-'.includes(text[i - 1]!)) out.push(i);
  }
  return out;
}

/**
 * Length of the first line: the longest run of whole pieces that fits. A word
 * is split only when it is longer than the line by itself (no break fits).
 */
function breakPoint(text: string, style: TextStyle, maxWidth: number): number {
  let best = 0;
  for (const at of breakOpportunities(text)) {
    if (textWidth(text.slice(0, at).trimEnd(), style) > maxWidth) break;
    best = at;
  }
  // A ` · ` separates facts (`Service · ClusterIP 10.96.0.1`): break there rather than inside one.
  const sep = text.lastIndexOf(' · ', best);
  if (sep > 0 && sep + 2 <= best) return sep + 2;
  return best > 0 ? best : longestPrefix(text, style, maxWidth);
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
 * `a:b`), preferring a ` · ` between facts. A single piece wider than a line
 * is split where it must; nothing is dropped.
 */
function wordLines(text: string, style: TextStyle, maxWidth: number): string[] {
  const lines: string[] = [];
  let rest = text;
  while (rest.length > 0) {
    if (textWidth(rest, style) <= maxWidth) {
      lines.push(rest);
      break;
    }
    // Between words first; inside a word (`worker-2`, a path) only when the word alone is wider than a line.
    const fitting = wordBreaks(rest).filter((at) => textWidth(rest.slice(0, at).trimEnd(), style) <= maxWidth);
    let best = fitting.filter((at) => rest[at] === ' ').pop() ?? fitting.pop() ?? 0;
    // Between facts (` · `), then before an arrow (`StopContainer liveness` / `→ exit code 137`), when
    // that keeps at least half the line.
    const sep = rest.lastIndexOf(' · ', best);
    const arrow = rest.lastIndexOf(' → ', best - 1);
    if (sep > 0 && sep + 2 <= best && sep + 2 >= best / 2) best = sep + 2;
    else if (arrow > 0 && arrow + 1 < best && arrow + 1 >= best / 2) best = arrow + 1;
    const cut = best > 0 ? best : longestPrefix(rest, style, maxWidth);
    lines.push(rest.slice(0, cut).trimEnd().replace(/ ·$/, ''));
    rest = rest.slice(cut).trimStart();
  }
  return lines.length > 0 ? lines : [''];
}

/**
 * Wraps text onto at most `maxLines` lines without ever cutting a word: a text
 * too long for them keeps its start and its end (where the outcome is: an exit
 * code, a reason, `…/default/web`) and leaves out the middle, at word
 * boundaries (common/text.ts shortenAtBoundaries).
 */
export function wrapWords(text: string, style: TextStyle, maxWidth: number, maxLines: number): MeasuredText {
  const clean = text.replace(/\s+/g, ' ').trim();
  let lines = wordLines(clean, style, maxWidth);
  if (lines.length > maxLines) {
    const short = shortenAtBoundaries(
      clean,
      (s) => wordLines(s, style, maxWidth).length <= maxLines,
      (s) => textWidth(`… ${s}`, style) <= maxWidth,
    );
    lines = wordLines(short, style, maxWidth);
  }
  const width = Math.max(...lines.map((l) => textWidth(l, style)));
  return { lines, width, height: lines.length * lineHeight(style) };
}
