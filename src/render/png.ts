/**
 * PNG via resvg with the bundled Inter files and no system fonts, so the
 * picture is the same on every machine and text fits exactly as measured.
 */
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { FONT_DIR, FONT_FILES } from '../layout/measure.ts';

export interface RenderPngOptions {
  /** Pixel density; 2 (the default) gives crisp slides. */
  scale?: number;
  /** Directory holding Inter-Regular.ttf and Inter-SemiBold.ttf (default: the bundled fonts). */
  fontDir?: string;
}

export function renderPng(svg: string, opts: RenderPngOptions = {}): Uint8Array {
  const dir = opts.fontDir ?? FONT_DIR;
  const scale = opts.scale ?? 2;
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: [join(dir, FONT_FILES.regular), join(dir, FONT_FILES.semibold)],
      loadSystemFonts: false,
      defaultFontFamily: 'Inter',
    },
    fitTo: { mode: 'zoom', value: scale },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  });
  return new Uint8Array(resvg.render().asPng());
}
