/**
 * Wrapping a label that holds a URL (gallery review D69). The general rule
 * (measure.ts wrapText) breaks after any `/`, so a URL on a narrow lane
 * came apart in three: `GET http://` / `shop.example.com/api/` / `orders`.
 * Here a URL stays whole on a line when that costs no line, else it breaks
 * once, after a `/` of its path (`GET http://shop.example.com/` /
 * `api/orders`), never inside its scheme or host; the other words break at
 * spaces.
 */
import { lineHeight, textWidth, type MeasuredText, type TextStyle } from './measure.ts';

/** A URL with its scheme (`http://shop.example.com/api/orders`), possibly with punctuation after it. */
const URL_WORD = /^\(?[a-z][a-z0-9+.-]*:\/\/[^/\s]+/i;

/** Whether `text` holds a URL with a scheme. */
export function hasUrl(text: string): boolean {
  return text.split(/\s+/).some((w) => URL_WORD.test(w));
}

/** Where a URL word may break: after each `/` of its path that leaves something for the next line. */
function pathBreaks(word: string): number[] {
  const host = URL_WORD.exec(word);
  if (host === null) return [];
  const out: number[] = [];
  for (let i = host[0].length; i < word.length - 1; i++) if (word[i] === '/') out.push(i + 1);
  return out;
}

/**
 * Greedy lines of `words` no wider than `maxWidth`; a URL word that does not
 * fit where the line is goes on the next line whole (`breakUrls` false) or
 * breaks once after a `/` of its path (`breakUrls` true: as much as fits on
 * the line it starts on, else on a line of its own). Undefined when a word
 * is wider than a line.
 */
function greedy(words: readonly string[], style: TextStyle, maxWidth: number, breakUrls: boolean): string[] | undefined {
  const fits = (s: string) => textWidth(s, style) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const joined = line === '' ? word : `${line} ${word}`;
    if (fits(joined)) {
      line = joined;
      continue;
    }
    const breaks = breakUrls ? pathBreaks(word) : [];
    if (breaks.length > 0) {
      const prefix = (at: number) => (line === '' ? word.slice(0, at) : `${line} ${word.slice(0, at)}`);
      const here = breaks.filter((at) => fits(prefix(at)) && fits(word.slice(at))).at(-1);
      const own = breaks.filter((at) => fits(word.slice(0, at)) && fits(word.slice(at))).at(-1);
      if (here !== undefined) {
        lines.push(prefix(here));
        line = word.slice(here);
        continue;
      }
      if (own !== undefined) {
        if (line !== '') lines.push(line);
        lines.push(word.slice(0, own));
        line = word.slice(own);
        continue;
      }
    }
    if (!fits(word)) return undefined;
    if (line !== '') lines.push(line);
    line = word;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Lines of a label that holds a URL, no wider than `maxWidth`, at most
 * `maxLines`: every URL whole, or broken once after a `/` of its path when
 * that takes fewer lines. Undefined for a text without a URL, or one that
 * does not fit that way (the caller wraps it by the general rule).
 */
export function wrapUrl(text: string, style: TextStyle, maxWidth: number, maxLines: number): MeasuredText | undefined {
  const words = text.replace(/\s+/g, ' ').trim().split(' ');
  if (!words.some((w) => URL_WORD.test(w))) return undefined;
  const whole = greedy(words, style, maxWidth, false);
  const broken = greedy(words, style, maxWidth, true);
  const lines = whole !== undefined && (broken === undefined || whole.length <= broken.length) ? whole : broken;
  if (lines === undefined || lines.length > maxLines) return undefined;
  return { lines, width: Math.max(...lines.map((l) => textWidth(l, style))), height: lines.length * lineHeight(style) };
}

/**
 * The least width at which wrapUrl fits `text` on `maxLines` lines (to the
 * pixel), so a lane can be made that wide; 0 for a text without a URL.
 */
export function urlWrapWidth(text: string, style: TextStyle, maxLines: number): number {
  if (!hasUrl(text)) return 0;
  let lo = 0;
  let hi = Math.ceil(textWidth(text, style));
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (wrapUrl(text, style, mid, maxLines) !== undefined) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}
