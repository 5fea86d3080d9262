/**
 * Themes: colours per emphasis and per component kind, the font stack and
 * stroke widths, read from `templates/themes/<name>.json` (the only file this
 * module reads; the SVG writer itself does no I/O).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Emphasis, IconName } from '../views/types.ts';

export type ThemeName = 'light' | 'dark';
export const THEME_NAMES: readonly ThemeName[] = ['light', 'dark'];

export interface GroupStyle {
  fill: string;
  stroke: string;
  label: string;
  /** stroke-dasharray, e.g. `6 4`. */
  dash?: string;
}

export interface Theme {
  name: string;
  background: string;
  fontFamily: string;
  text: { title: string; primary: string; secondary: string; inverse: string };
  strokeWidth: { node: number; emphasis: number; group: number; edge: number; icon: number };
  /** Opacity of everything outside the highlighted step in `--step N` frames. */
  dimOpacity: number;
  /**
   * The soft shadow under cards, decisions and terminals (svg/shapes.ts
   * `shadow`, plain fills, no SVG filter): its colour and strength.
   * `opacity` is that of the blurred drop shadow it imitates (1 px down,
   * blur σ 1.5 px): ~0.63 × opacity in the first pixel under the box, fading
   * out over 3 px, fainter beside and above it. 0 draws none.
   */
  shadow: { color: string; opacity: number };
  node: { fill: string; stroke: string };
  emphasis: Record<Emphasis, { stroke: string; fill: string; badge: string }>;
  /** `outer` is used for top-level groups; others by the group's icon. */
  groups: Record<'outer' | 'default', GroupStyle> & Partial<Record<IconName, GroupStyle>>;
  /** Icon colour per component kind. */
  kinds: Record<IconName, string>;
  /** Opacity of the tinted square behind an icon. */
  chipOpacity: number;
  edgeLabel: { fill: string; stroke: string; text: string };
  legend: { fill: string; stroke: string; title: string; text: string };
  sequence: {
    lifeline: string;
    activationFill: string;
    activationStroke: string;
    noteFill: string;
    noteStroke: string;
    noteText: string;
    frameStroke: string;
    frameTagFill: string;
    frameTagText: string;
    separatorFill: string;
    separatorText: string;
    boxFill: string;
    boxStroke: string;
    boxLabel: string;
  };
}

const cache = new Map<ThemeName, Theme>();

/** Where the theme files live, relative to this module (works from a checkout and from the package). */
export function themePath(name: ThemeName): string {
  return fileURLToPath(new URL(`../../templates/themes/${name}.json`, import.meta.url));
}

export function loadTheme(name: ThemeName): Theme {
  const hit = cache.get(name);
  if (hit) return hit;
  if (!THEME_NAMES.includes(name)) throw new Error(`unknown theme ${JSON.stringify(name)}`);
  const theme = JSON.parse(readFileSync(themePath(name), 'utf8')) as Theme;
  const missing = REQUIRED.filter((k) => !(k in theme));
  if (missing.length > 0) throw new Error(`theme ${name} lacks ${missing.join(', ')}`);
  cache.set(name, theme);
  return theme;
}

const REQUIRED: (keyof Theme)[] = ['background', 'fontFamily', 'text', 'strokeWidth', 'emphasis', 'groups', 'kinds', 'edgeLabel', 'legend', 'sequence'];
