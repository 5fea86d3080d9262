/**
 * Animated GIF and APNG of a view's frames (frames.ts), for tools that do not
 * play SVG (PowerPoint, Google Slides, chat).
 *
 * Each frame's SVG is rasterised by resvg through png.ts (bundled Inter, no
 * system fonts), decoded to RGBA with upng-js and drawn at the top left of a
 * canvas as large as the largest frame, filled with the theme's background.
 * GIF: gifenc, one 256-colour palette per frame (pnnquant), looping forever.
 * APNG: upng-js, lossless, frames stored as differences from the previous
 * one (architecture frames differ only in what is dimmed, so they are small).
 * Neither format stores a time stamp: the bytes are a function of the frames.
 *
 * Size budget: a frame is rasterised at 1× (one pixel per SVG unit) while the
 * canvas stays within ANIMATION_PIXEL_BUDGET pixels, else at the largest
 * scale that fits (never below ANIMATION_MIN_SCALE); `--scale` overrides.
 * docs/outputs.md has measured sizes.
 */
import * as gifencModule from 'gifenc';
import UPNG from 'upng-js';
import { renderPng, svgSize } from './png.ts';
import { DEFAULT_FRAME_DELAY_MS, type AnimatedFrame } from './animate.ts';

/** gifenc is CommonJS for Node (everything under `default`) and an ES module for bundlers (named exports). */
type GifApi = Pick<typeof gifencModule, 'GIFEncoder' | 'quantize' | 'applyPalette'>;
const gifenc: GifApi = typeof (gifencModule as Partial<GifApi>).GIFEncoder === 'function' ? gifencModule : (gifencModule.default as GifApi);

/** At most this many pixels per frame at the default scale: 2 Mpx (e.g. 1600 × 1250). */
export const ANIMATION_PIXEL_BUDGET = 2_000_000;
/** The default scale never goes below this, so text stays at least half its size. */
export const ANIMATION_MIN_SCALE = 0.5;

export interface RasterOptions {
  /** ms per frame (default 2000). */
  delayMs?: number;
  /** Pixel density (default: 1, or less to fit ANIMATION_PIXEL_BUDGET). */
  scale?: number;
  /** `#rrggbb` behind frames smaller than the largest. */
  background: string;
}

export interface RasterFrames {
  width: number;
  height: number;
  /** RGBA, width × height × 4 bytes each. */
  frames: Uint8Array[];
}

/** The default scale for frames whose largest extent is this. */
export function animationScale(size: { width: number; height: number }): number {
  const area = size.width * size.height;
  if (area <= ANIMATION_PIXEL_BUDGET) return 1;
  const fit = Math.floor(Math.sqrt(ANIMATION_PIXEL_BUDGET / area) * 100) / 100;
  return Math.max(ANIMATION_MIN_SCALE, fit);
}

function rgbOf(hex: string): [number, number, number] {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1]!, 16), parseInt(m[2]!, 16), parseInt(m[3]!, 16)] : [255, 255, 255];
}

/** Every frame as RGBA on one canvas size. */
export function rasterFrames(frames: readonly AnimatedFrame[], opts: RasterOptions): RasterFrames {
  if (frames.length === 0) throw new Error('rasterFrames: no frames');
  const sizes = frames.map((f) => svgSize(f.svg) ?? { width: 1, height: 1 });
  const scale = opts.scale ?? animationScale({ width: Math.max(...sizes.map((s) => s.width)), height: Math.max(...sizes.map((s) => s.height)) });
  const decoded = frames.map((f) => {
    const img = UPNG.decode(toArrayBuffer(renderPng(f.svg, { scale })));
    return { width: img.width, height: img.height, rgba: new Uint8Array(UPNG.toRGBA8(img)[0]!) };
  });
  const width = Math.max(...decoded.map((d) => d.width));
  const height = Math.max(...decoded.map((d) => d.height));
  const [r, g, b] = rgbOf(opts.background);
  const out = decoded.map((d) => {
    const canvas = new Uint8Array(width * height * 4);
    for (let i = 0; i < canvas.length; i += 4) {
      canvas[i] = r;
      canvas[i + 1] = g;
      canvas[i + 2] = b;
      canvas[i + 3] = 255;
    }
    for (let y = 0; y < d.height; y++) canvas.set(d.rgba.subarray(y * d.width * 4, (y + 1) * d.width * 4), y * width * 4);
    return canvas;
  });
  return { width, height, frames: out };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** An animated GIF that loops forever. */
export function animatedGif(frames: readonly AnimatedFrame[], opts: RasterOptions): Uint8Array {
  const raster = rasterFrames(frames, opts);
  const delay = opts.delayMs ?? DEFAULT_FRAME_DELAY_MS;
  const gif = gifenc.GIFEncoder();
  for (const rgba of raster.frames) {
    const palette = gifenc.quantize(rgba, 256);
    gif.writeFrame(gifenc.applyPalette(rgba, palette), raster.width, raster.height, { palette, delay, repeat: 0 });
  }
  gif.finish();
  return gif.bytes();
}

/** An animated PNG (APNG) that loops forever; viewers without APNG show the first frame. */
export function animatedPng(frames: readonly AnimatedFrame[], opts: RasterOptions): Uint8Array {
  const raster = rasterFrames(frames, opts);
  const delay = opts.delayMs ?? DEFAULT_FRAME_DELAY_MS;
  const buffers = raster.frames.map(toArrayBuffer);
  return new Uint8Array(UPNG.encode(buffers, raster.width, raster.height, 0, buffers.map(() => delay)));
}
