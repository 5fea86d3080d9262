/**
 * PNG encoding of resvg's pixels, cheaper than resvg-js's own `asPng`.
 *
 * `asPng` (tiny-skia's `encode_png`, the png crate 0.17 with its defaults)
 * writes 8-bit RGBA, filters every row with `Sub` and deflates at the
 * default level: ~15 ns per pixel on the 2-core development machine, about
 * a quarter of a gallery PNG's CPU (docs/performance.md, "PNG: where a
 * picture's CPU goes"). Every picture kubescene draws is opaque (the SVG
 * writer paints the background first), so the alpha channel is a constant
 * 255 that only costs bytes to filter and deflate. For such a picture this
 * writes 8-bit RGB (colour type 2), rows unfiltered (filter type 0: flat
 * diagram colours repeat along a row and from row to row, which deflate
 * finds by itself), deflated by Node's zlib at DEFLATE_LEVEL. Same pixels,
 * other bytes: about a third of `asPng`'s CPU and ~10 % smaller files over
 * the gallery (measured in the docs). A picture with any pixel not fully
 * opaque gets `undefined`, and the caller keeps `asPng` (tiny-skia's
 * demultiplying of premultiplied colours is not reproduced here).
 *
 * Deterministic: zlib's output depends only on its input, level, strategy,
 * window and memory level, all fixed here.
 */
import zlib from 'node:zlib';

/** zlib level of the IDAT stream: 3 is ~3× cheaper than 6 for ~30 % more bytes on these pictures (measured, docs/performance.md). */
export const DEFLATE_LEVEL = 3;

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

let table: Uint32Array | undefined;

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** CRC-32 (ISO 3309, as PNG chunks use): Node's native one where it exists (Node ≥ 20.15), else a table. */
export function crc32(data: Uint8Array, native = true): number {
  const fast = native ? (zlib as { crc32?: (d: Uint8Array) => number }).crc32 : undefined;
  if (fast) return fast(data);
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * The raw image data of an opaque RGBA picture as unfiltered RGB rows (each
 * row a 0 filter byte, then R G B per pixel); undefined when a pixel is not
 * fully opaque. `words: false` reads byte by byte (what a big-endian host
 * or unaligned pixels get; tests compare the two).
 */
export function opaqueRgbRows(rgba: Uint8Array, width: number, height: number, words = true): Uint8Array | undefined {
  if (rgba.length !== width * height * 4) throw new Error(`PNG: ${rgba.length} bytes of pixels for ${width} × ${height}`);
  const stride = width * 3 + 1;
  // Not zero-filled: every byte is written below.
  const out = Buffer.allocUnsafe(stride * height);
  // One 32-bit read per pixel where the host is little-endian (R in the low byte) and the pixels are aligned: ~25 % cheaper than four byte reads.
  if (words && LITTLE_ENDIAN && rgba.byteOffset % 4 === 0) {
    const px = new Uint32Array(rgba.buffer, rgba.byteOffset, width * height);
    let i = 0;
    for (let y = 0; y < height; y++) {
      out[y * stride] = 0; // filter type None
      let j = y * stride + 1;
      for (let x = 0; x < width; x++, i++, j += 3) {
        const v = px[i]!;
        if (v < 0xff000000) return undefined; // alpha, the high byte, below 255
        out[j] = v;
        out[j + 1] = v >>> 8;
        out[j + 2] = v >>> 16;
      }
    }
    return out;
  }
  let i = 0;
  for (let y = 0; y < height; y++) {
    out[y * stride] = 0;
    let j = y * stride + 1;
    for (let x = 0; x < width; x++, i += 4, j += 3) {
      if (rgba[i + 3] !== 255) return undefined;
      out[j] = rgba[i]!;
      out[j + 1] = rgba[i + 1]!;
      out[j + 2] = rgba[i + 2]!;
    }
  }
  return out;
}

/**
 * A PNG of an opaque picture from resvg's RGBA pixels (premultiplied, which
 * for opaque pixels is the colour itself): 8-bit RGB, unfiltered rows, zlib
 * at `level` (default DEFLATE_LEVEL; the bench compares others). Undefined
 * when any pixel is not fully opaque.
 */
export function encodeOpaquePng(rgba: Uint8Array, width: number, height: number, level = DEFLATE_LEVEL): Uint8Array | undefined {
  const rows = opaqueRgbRows(rgba, width, height);
  if (!rows) return undefined;
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  // ihdr[10..12] = 0: deflate, adaptive filtering method 0, no interlace
  const idat = zlib.deflateSync(rows, { level, strategy: zlib.constants.Z_DEFAULT_STRATEGY, windowBits: 15, memLevel: 8 });
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
