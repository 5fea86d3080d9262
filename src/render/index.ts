/**
 * The native render entry point used by `render` and `build`:
 * View → LaidOut (ELK / sequence layout) → SVG string, PNG bytes or layout JSON.
 */
import type { View } from '../views/types.ts';
import { layout, layoutJson } from '../layout/index.ts';
import type { LaidOut } from '../layout/types.ts';
import { renderSvg } from './svg/writer.ts';
import { renderPng, renderPngAsync } from './png.ts';
import { loadTheme, type ThemeName } from './theme.ts';

export type NativeFormat = 'svg' | 'png' | 'layout';

export interface RenderViewOptions {
  format: NativeFormat;
  theme: ThemeName;
  /** Step frame: same layout, step N lit and the rest dimmed. */
  step?: number;
  /** PNG pixel density (default 2). */
  scale?: number;
}

export async function renderView(view: View, opts: RenderViewOptions): Promise<string | Uint8Array> {
  const laid = await layout(view);
  return renderLaidOut(laid, opts);
}

/** Renders an already laid-out view (several step frames share one layout). */
export function renderLaidOut(laid: LaidOut, opts: RenderViewOptions): string | Uint8Array {
  if (opts.format === 'layout') return layoutJson(laid);
  // A PNG needs no embedded font: resvg loads the bundled files.
  const svgOpts = { theme: loadTheme(opts.theme), ...(opts.step !== undefined ? { step: opts.step } : {}), ...(opts.format === 'png' ? { embedFont: false } : {}) };
  const svg = renderSvg(laid, svgOpts);
  if (opts.format === 'svg') return svg;
  return renderPng(svg, opts.scale !== undefined ? { scale: opts.scale } : {});
}

export { layout, renderSvg, renderPng, renderPngAsync, loadTheme };
export type { LaidOut, ThemeName };
