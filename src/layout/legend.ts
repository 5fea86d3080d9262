/**
 * The legend under an architecture diagram: numbered entries matching the
 * edge badges, in columns (column-major, so numbers read downwards).
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
  const rows = Math.ceil(entries.length / cols);

  const titleH = lineHeight(TYPE.legendTitle);
  // An entry wraps onto as many lines as it needs: a legend entry cut short ("(kub…") says less than the badge it explains.
  const measured = entries.map((e) => wrapText(e.text, TYPE.legend, textMax, ENTRY_LINES_MAX));
  const rowHeights: number[] = [];
  for (let r = 0; r < rows; r++) {
    let h = badge;
    for (let c = 0; c < cols; c++) {
      const m = measured[c * rows + r];
      if (m) h = Math.max(h, m.height);
    }
    rowHeights.push(h);
  }
  const width = 2 * PAD + cols * colWidth + (cols - 1) * COL_GAP;
  const height = 2 * PAD + titleH + 8 + rowHeights.reduce((a, b) => a + b, 0) + (rows - 1) * ROW_GAP;
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
  entries.forEach((e, i) => {
    const c = Math.floor(i / rows);
    const r = i % rows;
    const ex = x + PAD + c * (colWidth + COL_GAP);
    const ey = y + PAD + titleH + 8 + rowHeights.slice(0, r).reduce((a, b) => a + b, 0) + r * ROW_GAP;
    const m = measured[i]!;
    const h = rowHeights[r]!;
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
  });
  return out;
}
