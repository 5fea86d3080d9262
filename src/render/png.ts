/**
 * PNG via resvg with the bundled Inter files and no system fonts, so the
 * picture is the same on every machine and text fits exactly as measured.
 *
 * Pixel budget: by default a PNG is rasterised at 2× (crisp on slides and
 * high-density screens) only while that stays within PNG_PIXEL_BUDGET pixels;
 * larger diagrams get the largest scale that fits the budget, but never less
 * than 1× (one PNG pixel per SVG unit, so text stays as legible as in the
 * SVG). An explicit `scale` (`kubescene render --scale N`) overrides the
 * budget; `--scale 2` reproduces the fixed 2× of kubescene before the budget.
 */
import { join } from 'node:path';
import { Resvg, renderAsync, type RenderedImage, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FONT_DIR, FONT_FILES } from '../layout/measure.ts';

/** At most this many pixels (width × height) for the default scale: 4 Mpx, e.g. 2000 × 2000. */
export const PNG_PIXEL_BUDGET = 4_000_000;
/** The scale of a diagram that fits the budget at it. */
export const PNG_MAX_SCALE = 2;

export interface RenderPngOptions {
  /** Pixel density; default: 2 while within PNG_PIXEL_BUDGET, else the largest ≥ 1 that fits. */
  scale?: number;
  /** Directory holding Inter-Regular.ttf and Inter-SemiBold.ttf (default: the bundled fonts). */
  fontDir?: string;
}

/** The size an SVG declares on its root element (`width="…" height="…"`), if any. */
export function svgSize(svg: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0];
  if (!root) return undefined;
  const w = /\swidth="([\d.]+)"/.exec(root)?.[1];
  const h = /\sheight="([\d.]+)"/.exec(root)?.[1];
  if (w === undefined || h === undefined) return undefined;
  return { width: Number(w), height: Number(h) };
}

/** The default scale for a picture of this size (see the file comment). */
export function defaultPngScale(size: { width: number; height: number } | undefined): number {
  if (!size || size.width <= 0 || size.height <= 0) return PNG_MAX_SCALE;
  const fit = Math.sqrt(PNG_PIXEL_BUDGET / (size.width * size.height));
  // Two decimals keep the result deterministic and the PNG size an exact function of the SVG.
  return Math.max(1, Math.min(PNG_MAX_SCALE, Math.floor(fit * 100) / 100));
}

/** resvg's options for a PNG of `svg` (exported for the bench, which times parsing and rasterising apart). */
export function resvgOptions(svg: string, opts: RenderPngOptions): ResvgRenderOptions {
  const dir = opts.fontDir ?? FONT_DIR;
  const scale = opts.scale ?? defaultPngScale(svgSize(svg));
  // resvg-js 2.6 builds its font database per Resvg instance (it has no API to
  // share one); with two bundled files and no system fonts that costs ~0.6 ms.
  // Where a gallery PNG's CPU goes (docs/performance.md, "PNG: where a
  // picture's CPU goes"): parsing (nearly all of it outlining the text; the
  // SVG's embedded @font-face costs nothing measurable), rasterising (until
  // session 17 three quarters of it the boxes' feDropShadow filters; the
  // shadows are plain fills now, svg/shapes.ts), encoding with resvg-js's asPng (an RGB,
  // zlib-level-3 encoder was tried: −25 % encoding CPU in isolation, −10 %
  // bytes, no gain in a whole build; left out).
  return {
    font: {
      fontFiles: [join(dir, FONT_FILES.regular), join(dir, FONT_FILES.semibold)],
      loadSystemFonts: false,
      defaultFontFamily: 'Inter',
    },
    fitTo: { mode: 'zoom', value: scale },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  };
}

/** The picture resvg draws for `renderPng` (parsed, text outlined, rasterised), not yet encoded. */
export function rasterise(svg: string, opts: RenderPngOptions = {}): RenderedImage {
  return new Resvg(svg, resvgOptions(svg, opts)).render();
}

export function renderPng(svg: string, opts: RenderPngOptions = {}): Uint8Array {
  return new Uint8Array(rasterise(svg, opts).asPng());
}

/**
 * The same bytes as `renderPng`, with parsing, text layout and rasterising
 * (most of the cost) on libuv's thread pool instead of the main thread, so
 * several PNGs (a scenario's three views) render on several cores while the
 * main thread lays out the next view. Only the PNG encoding runs on the
 * calling thread.
 */
export async function renderPngAsync(svg: string, opts: RenderPngOptions = {}): Promise<Uint8Array> {
  const image = await renderAsync(svg, resvgOptions(svg, opts));
  return new Uint8Array(image.asPng());
}
