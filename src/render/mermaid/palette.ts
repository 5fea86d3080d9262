import type { Emphasis } from '../../views/types.ts';

/**
 * Emphasis colours for the text formats. The text is theme-agnostic (it is
 * pasted into docs that choose their own theme), so only strokes and text
 * colours are set, in mid tones that read on light and dark backgrounds.
 */
export interface EmphasisStyle {
  stroke: string;
  width: number;
  dash?: string;
  opacity?: number;
}

export const EMPHASIS_STYLE: Record<Exclude<Emphasis, 'normal'>, EmphasisStyle> = {
  taken: { stroke: '#2563eb', width: 3 },
  faint: { stroke: '#9ca3af', width: 1, dash: '4 3', opacity: 0.55 },
  success: { stroke: '#16a34a', width: 2 },
  danger: { stroke: '#dc2626', width: 2 },
  warning: { stroke: '#d97706', width: 2 },
  accent: { stroke: '#7c3aed', width: 2 },
};

/** Emphases in a fixed order, so generated style blocks are stable. */
export const EMPHASIS_ORDER = ['taken', 'faint', 'success', 'danger', 'warning', 'accent'] as const;

/** Box colours for sequence participant groups, cycled in box order. */
export const BOX_COLOURS = ['rgb(238,242,255)', 'rgb(240,253,244)', 'rgb(254,249,231)', 'rgb(253,242,248)', 'rgb(240,249,255)'];
export const BOX_HEX = ['#EEF2FF', '#F0FDF4', '#FEF9E7', '#FDF2F8', '#F0F9FF'];
