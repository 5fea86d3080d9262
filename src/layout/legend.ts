/**
 * The legend under an architecture diagram: numbered entries matching the
 * edge badges, in columns (column-major, so numbers read downwards). Each
 * column stacks its own entries, and the entries are split between the
 * columns so that the tallest is as short as it can be: a two-line entry
 * does not make its neighbour in the next column take two lines' room.
 */
import type { Emphasis, LegendEntry } from '../views/types.ts';
import type { LaidNode } from './types.ts';
import { lineHeight, textWidth, wrapText } from './measure.ts';
import { SPACE, TYPE } from './style.ts';

const PAD = 16;
const COL_GAP = 28;
const ROW_GAP = 6;
/** Widest entry text; longer entries wrap onto further lines. */
const TEXT_MAX = 220;
const BADGE_TEXT_GAP = 8;
/** Lines an entry may take; more than any entry needs at TEXT_MAX or LEGEND_TEXT_MIN (views cap an entry at a few interactions). */
const ENTRY_LINES_MAX = 12;

/** `emphasis` gives each number the colour of its edge badge, so legend and diagram match. */
/** Width a one-column legend adds beside its entries' text. */
export const LEGEND_CHROME = 2 * PAD + 2 * SPACE.badgeRadius + BADGE_TEXT_GAP;
/** Narrowest entry text a legend beside a drawing is squeezed to. */
export const LEGEND_TEXT_MIN = 150;

/** `textMax`: widest entry text (default TEXT_MAX); a legend beside a drawing may be squeezed to fit a slide. */
export function layoutLegend(entries: LegendEntry[], x: number, y: number, availWidth: number, emphasis: Map<number, Emphasis> = new Map(), textLimit = TEXT_MAX): LaidNode[] {
  if (entries.length === 0) return [];
  const badge = 2 * SPACE.badgeRadius;
  const natural = Math.max(...entries.map((e) => textWidth(e.text, TYPE.legend)));
  const textMax = Math.min(textLimit, Math.ceil(natural) + 1);
  const colWidth = badge + BADGE_TEXT_GAP + textMax;
  const fit = Math.floor((availWidth - 2 * PAD + COL_GAP) / (colWidth + COL_GAP));
  const cols = Math.max(1, Math.min(fit, 4, entries.length));

  const titleH = lineHeight(TYPE.legendTitle);
  // An entry wraps onto as many lines as it needs: a legend entry cut short ("(kub…") says less than the badge it explains.
  const measured = entries.map((e) => wrapText(e.text, TYPE.legend, textMax, ENTRY_LINES_MAX));
  const heights = measured.map((m) => Math.max(badge, m.height));
  const columns = balancedColumns(heights, cols, ROW_GAP);
  const columnHeight = (c: readonly number[]) => c.reduce((sum, i) => sum + heights[i]!, 0) + Math.max(0, c.length - 1) * ROW_GAP;
  const width = 2 * PAD + cols * colWidth + (cols - 1) * COL_GAP;
  const height = 2 * PAD + titleH + 8 + Math.max(...columns.map(columnHeight));
  const box: LaidNode = {
    id: 'legend',
    parent: null,
    kind: 'legend',
    x,
    y,
    width,
    height,
    label: { text: 'Legend', x: x + PAD, y: y + PAD - 2, width: textWidth('Legend', TYPE.legendTitle), height: titleH, lines: ['Legend'], size: TYPE.legendTitle.size, weight: TYPE.legendTitle.weight, align: 'start' },
    emphasis: 'normal',
    steps: [],
  };
  const out: LaidNode[] = [box];
  columns.forEach((column, c) => {
    const ex = x + PAD + c * (colWidth + COL_GAP);
    let ey = y + PAD + titleH + 8;
    for (const i of column) {
      const e = entries[i]!;
      const m = measured[i]!;
      const h = heights[i]!;
      out.push({
        id: `legend-${e.number}`,
        parent: 'legend',
        kind: 'legend-entry',
        x: ex,
        y: ey,
        width: colWidth,
        height: h,
        number: e.number,
        label: {
          text: e.text,
          x: ex + badge + BADGE_TEXT_GAP,
          y: ey + Math.max(0, (badge - m.height) / 2),
          width: textMax,
          height: m.height,
          lines: m.lines,
          size: TYPE.legend.size,
          weight: TYPE.legend.weight,
          align: 'start',
        },
        emphasis: emphasis.get(e.number) ?? 'normal',
        steps: [e.step],
      });
      ey += h + ROW_GAP;
    }
  });
  return out;
}

/**
 * Entries `0..n-1` (of the given heights, `gap` between two in a column) split
 * in order into at most `cols` non-empty columns, the tallest as short as
 * possible; of the splits that tie, the one that fills the first columns most
 * (numbers read downwards, then on). Every column has an entry when there are
 * at least `cols`.
 */
export function balancedColumns(heights: readonly number[], cols: number, gap: number): number[][] {
  const n = heights.length;
  const k = Math.max(1, Math.min(cols, n));
  const span = (from: number, to: number) => heights.slice(from, to).reduce((a, b) => a + b, 0) + Math.max(0, to - from - 1) * gap;
  // best[j][i]: the tallest column when the first i entries fill j columns; cut[j][i]: where the last of them starts.
  const best: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(Infinity));
  const cut: number[][] = Array.from({ length: k + 1 }, () => new Array<number>(n + 1).fill(0));
  best[0]![0] = 0;
  for (let j = 1; j <= k; j++) {
    for (let i = j; i <= n; i++) {
      // The latest start that reaches the minimum: earlier columns take as many entries as they can.
      for (let from = j - 1; from < i; from++) {
        const tallest = Math.max(best[j - 1]![from]!, span(from, i));
        if (tallest <= best[j]![i]!) {
          best[j]![i] = tallest;
          cut[j]![i] = from;
        }
      }
    }
  }
  const columns: number[][] = [];
  let end = n;
  for (let j = k; j >= 1; j--) {
    const from = cut[j]![end]!;
    columns.unshift(Array.from({ length: end - from }, (_, i) => from + i));
    end = from;
  }
  return columns;
}
