/**
 * The type scale and spacing of every diagram. Layout sizes boxes with these
 * numbers; the SVG writer draws with the same ones, so text always fits.
 */
import type { TextStyle } from './measure.ts';

export const TYPE = {
  title: { size: 20, weight: 'semibold' },
  caption: { size: 13, weight: 'regular' },
  label: { size: 13, weight: 'semibold' },
  groupLabel: { size: 13, weight: 'semibold' },
  sublabel: { size: 12, weight: 'regular' },
  edgeLabel: { size: 12, weight: 'regular' },
  badge: { size: 12, weight: 'semibold' },
  note: { size: 12, weight: 'regular' },
  legend: { size: 12, weight: 'regular' },
  legendTitle: { size: 12, weight: 'semibold' },
  frameTag: { size: 12, weight: 'semibold' },
  tag: { size: 12, weight: 'semibold' },
} as const satisfies Record<string, TextStyle>;

export const SPACE = {
  /** Margin around the whole drawing. */
  margin: 24,
  /** Gap between the title block and the diagram. */
  titleGap: 20,
  /** Icon size inside components and group headers. */
  icon: 20,
  groupIcon: 16,
  /** Inner padding of a component box. */
  padX: 12,
  padY: 10,
  iconGap: 10,
  /** Group padding: header band on top, even elsewhere. */
  groupTop: 40,
  groupSide: 18,
  /** Edge number badge radius. */
  badgeRadius: 10,
  corner: 8,
} as const;

/** Component boxes: text wider than this wraps. */
export const COMPONENT_TEXT_MAX = 170;
export const COMPONENT_MIN_WIDTH = 160;
