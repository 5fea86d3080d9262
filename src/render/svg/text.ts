/**
 * Text drawing: one <text> per laid-out label, one <tspan> per wrapped line,
 * baselines from the same font metrics the layout measured with.
 */
import type { LaidLabel } from '../../layout/types.ts';
import { baselineOffset, lineHeight, type TextStyle } from '../../layout/measure.ts';
import { escapeXml, num } from './xml.ts';

export interface TextPaint {
  fill: string;
  /** Override the label's own size/weight. */
  style?: TextStyle;
  /** Extra attributes, already escaped. */
  attrs?: string;
}

export function styleOf(label: LaidLabel, fallback: TextStyle): TextStyle {
  return { size: label.size ?? fallback.size, weight: label.weight ?? fallback.weight };
}

/** Draws a label's lines centred vertically in its box and aligned as laid out. */
export function drawLabel(label: LaidLabel, fallback: TextStyle, paint: TextPaint): string {
  const style = paint.style ?? styleOf(label, fallback);
  const lines = label.lines ?? [label.text];
  const lh = lineHeight(style);
  const top = label.y + (label.height - lines.length * lh) / 2;
  const align = label.align ?? 'middle';
  const x = align === 'start' ? label.x : align === 'end' ? label.x + label.width : label.x + label.width / 2;
  const anchor = align === 'start' ? '' : ` text-anchor="${align}"`;
  const weight = style.weight === 'semibold' ? ' font-weight="600"' : '';
  const base = baselineOffset(style);
  const spans = lines
    .map((line, i) => `<tspan x="${num(x)}" y="${num(top + i * lh + base)}">${escapeXml(line)}</tspan>`)
    .join('');
  return `<text font-size="${num(style.size)}"${weight}${anchor} fill="${paint.fill}"${paint.attrs ?? ''}>${spans}</text>`;
}

/** A single line of text at a baseline position (badges, tags). */
export function drawLine(text: string, x: number, baselineY: number, style: TextStyle, fill: string, anchor: 'start' | 'middle' | 'end' = 'start'): string {
  const a = anchor === 'start' ? '' : ` text-anchor="${anchor}"`;
  const weight = style.weight === 'semibold' ? ' font-weight="600"' : '';
  return `<text x="${num(x)}" y="${num(baselineY)}" font-size="${num(style.size)}"${weight}${a} fill="${fill}">${escapeXml(text)}</text>`;
}

/** Baseline that centres one line of `style` text vertically on `cy`. */
export function centredBaseline(cy: number, style: TextStyle): number {
  return cy - lineHeight(style) / 2 + baselineOffset(style);
}
