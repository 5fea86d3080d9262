/**
 * Animated SVG: one SVG that steps through a view's frames (frames.ts) with a
 * CSS animation, for Markdown pages (GitHub plays CSS animations in SVG
 * images) and slides that take SVG.
 *
 * Every frame is nested as it was rendered, stacked at the top left of a
 * canvas as large as the largest frame; frame i is visible during the i-th
 * slice of the cycle (`step-end` keyframes: no cross-fade, no half-drawn
 * frame). Without animation support, and under `prefers-reduced-motion:
 * reduce`, the last frame is shown. No clock, no random: the bytes are a
 * function of the frames and the delay.
 */
import { shortHash } from '../common/hash.ts';
import { escapeXml } from './svg/xml.ts';
import { svgSize } from './png.ts';
import { plural } from '../common/text.ts';

/** How long each frame shows by default, in ms. */
export const DEFAULT_FRAME_DELAY_MS = 2000;

export interface AnimatedFrame {
  step: number;
  svg: string;
}

export interface AnimateOptions {
  /** How long each frame shows, in ms (default 2000). */
  delayMs?: number;
  /** Canvas colour behind frames smaller than the largest (the theme's background). */
  background: string;
  /** The `<title>` of the animation. */
  title: string;
}

/** Percentages with at most 3 decimals and no trailing zeros, so bytes do not depend on float noise. */
function pct(x: number): string {
  return `${Number((x * 100).toFixed(3))}%`;
}

/** Frame SVGs without their trailing newline (they are nested, not documents). */
const inner = (svg: string) => svg.replace(/\s+$/, '');

export function animatedSvg(frames: readonly AnimatedFrame[], opts: AnimateOptions): string {
  if (frames.length === 0) throw new Error('animatedSvg: no frames');
  const delay = opts.delayMs ?? DEFAULT_FRAME_DELAY_MS;
  const sizes = frames.map((f) => svgSize(f.svg) ?? { width: 0, height: 0 });
  const width = Math.max(...sizes.map((s) => s.width));
  const height = Math.max(...sizes.map((s) => s.height));
  const p = 'ka' + shortHash(frames.map((f) => f.svg).join('\u0000') + '\u0000' + String(delay), 8);
  const n = frames.length;
  const last = n - 1;
  const css: string[] = [
    `.${p}-f{opacity:0;animation-duration:${(n * delay) / 1000}s;animation-iteration-count:infinite;animation-timing-function:step-end}`,
    `.${p}-f${last}{opacity:1}`,
  ];
  if (n > 1) {
    frames.forEach((_, i) => {
      const from = i / n;
      const to = (i + 1) / n;
      const keys = i === 0 ? `0%{opacity:1}${pct(to)}{opacity:0}100%{opacity:0}` : i === last ? `0%{opacity:0}${pct(from)}{opacity:1}100%{opacity:1}` : `0%{opacity:0}${pct(from)}{opacity:1}${pct(to)}{opacity:0}100%{opacity:0}`;
      css.push(`.${p}-f${i}{animation-name:${p}-k${i}}@keyframes ${p}-k${i}{${keys}}`);
    });
  }
  css.push(`@media (prefers-reduced-motion:reduce){.${p}-f{animation:none}}`);
  const steps = frames.map((f) => f.step).join(', ');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="${p}-title ${p}-desc">` +
    `<title id="${p}-title">${escapeXml(opts.title)}</title>` +
    `<desc id="${p}-desc">${escapeXml(`${plural(n, 'frame')}, steps ${steps}, ${delay / 1000} s each`)}</desc>` +
    `<style>${css.join('')}</style>` +
    `<rect width="100%" height="100%" fill="${escapeXml(opts.background)}"/>` +
    frames.map((f, i) => `<g class="${p}-f ${p}-f${i}" data-step="${f.step}">${inner(f.svg)}</g>`).join('') +
    '</svg>\n'
  );
}
